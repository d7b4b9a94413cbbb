import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { retrySend } from '../../respond/send/retry-send.ts';
import { getInbound, listInbound, publicInbound } from '../../ingest/db/inbound.ts';
import { route } from '../route.ts';
import { notFound } from '../errors.ts';
import { idOf, idParam, pageQuery } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

export const INBOUND_STATUSES = ['RECEIVED', 'CLASSIFIED', 'NO_REPLY', 'AUTO_REPLIED', 'WAITING_APPROVAL', 'APPROVED', 'SENT', 'DENIED', 'EXPIRED', 'FAILED'] as const;

const inboundQuery = z
  .object({
    workspaceId: idOf('ws').optional(),
    status: z.enum(INBOUND_STATUSES).optional(),
    relationshipId: idOf('rel').optional(),
    source: z.enum(['IMAP', 'INSTANTLY']).optional(),
    ...pageQuery,
  })
  .strict();

export const inboundRoutes = (db: Db) => [
  route({
    method: 'get', path: '/inbound', tag: 'Inbound', auth: 'apiKey', summary: 'List inbound messages, newest first (without bodies)',
    query: inboundQuery,
    handler: async ({ query, access }) => listInbound(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') }),
  }),
  route({
    method: 'get', path: '/inbound/:id', tag: 'Inbound', auth: 'apiKey',
    summary: 'One inbound message with its classification, gate results, decision and draft',
    params: idParam('in'),
    handler: async ({ params, access }) => {
      const m = await getInbound(db, params.id, access.workspaceIds);
      if (!m) throw notFound('inbound message');
      return publicInbound(m);
    },
  }),
];

const retrySendResponse = z.object({
  inboundId: z.string(),
  status: z.enum(['APPROVED', 'CLASSIFIED']).describe('the state the respond job sends from: APPROVED (a human approved it) or CLASSIFIED (an automatic reply)'),
  approvalId: z.string().nullable(),
  retry: z.number().int().describe('how many times this reply has been retried'),
  previousError: z.string().nullable().describe('why the last attempt failed'),
});

/** Actions on an inbound message that queue work: they need the job queue, so they are mounted by the service. */
export const inboundActionRoutes = (deps: { db: Db; enqueue: EnqueueInTx; now?: () => Date }) => {
  const now = deps.now ?? (() => new Date());
  return [
    route({
      method: 'post', path: '/inbound/:id/retry-send', tag: 'Inbound', auth: 'apiKey',
      summary: 'Send a FAILED reply again once the cause is fixed (e.g. INSTANTLY_API_KEY set, mailbox reconnected): re-queued exactly once, re-checked at send time (DNC, cooling-off, channel, auto-reply limits). 409 naming the state when the reply was sent, may have been sent, or is not FAILED',
      params: idParam('in'), body: z.object({}).strict().optional(), status: 202, response: retrySendResponse,
      handler: async ({ params, access }) =>
        retrySend(deps.db, { inboundId: params.id, workspaceIds: access.workspaceIds, by: `api:${access.agencyId}`, now: now() }, deps.enqueue),
    }),
  ];
};
