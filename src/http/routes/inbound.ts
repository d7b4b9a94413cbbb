import { z } from 'zod';
import { INTENTS } from '../../classify/types.ts';
import { DECISION_ACTIONS } from '../../gates/types.ts';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { retrySend } from '../../respond/send/retry-send.ts';
import { attachSender } from '../../respond/approvals/attach-sender.ts';
import { getInbound, listInbound, publicInbound } from '../../ingest/db/inbound.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
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
    intent: z.enum(INTENTS).optional().describe("the classification's intent"),
    decision: z.enum(DECISION_ACTIONS).optional().describe("the gates' decision (`decision.action`)"),
    q: z.string().trim().min(1).max(200).optional().describe("part of the sender's address or of the partner's domain (case-insensitive)"),
    ...pageQuery,
  })
  .strict();

export const inboundRoutes = (db: Db) => [
  route({
    method: 'get', path: '/inbound', tag: 'Inbound', auth: 'apiKey', summary: 'List inbound messages, newest first (without bodies); filter by status, intent, decision, workspace, relationship, source, or search a sender address or partner domain (q)',
    query: inboundQuery, response: R.pageOf(R.inboundMessage),
    handler: async ({ query, access }) => listInbound(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') }),
  }),
  route({
    method: 'get', path: '/inbound/:id', tag: 'Inbound', auth: 'apiKey',
    summary: 'One inbound message with its classification, gate results, decision and draft',
    params: idParam('in'), response: R.inboundMessage,
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

const attachBody = z
  .object({
    accountId: idOf('acct').optional().describe('the partner: an existing account'),
    domain: z.string().min(1).max(253).optional().describe("or the partner's domain (its account is made when none exists); not a mailbox provider such as gmail.com"),
    relationshipId: idOf('rel').optional().describe("this workspace's relationship with that partner (default: found or made)"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.accountId === undefined) === (b.domain === undefined)) {
      ctx.addIssue({ code: 'custom', path: [b.accountId === undefined ? 'accountId' : 'domain'], message: 'give exactly one of accountId and domain' });
    }
  });

const attachResponse = z.object({
  inboundId: z.string(),
  accountId: z.string(),
  contactId: z.string().describe('the sender, now a contact of the partner'),
  relationshipId: z.string(),
  freemailContact: z.boolean().describe("the address is not on the partner's domain (e.g. Gmail): recorded as this workspace's assertion"),
  closedApprovalId: z.string().nullable().describe('the "who is this?" approval this answered'),
  status: z.literal('RECEIVED').describe('classified and decided again, as a reply from that partner'),
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
    route({
      method: 'post', path: '/inbound/:id/attach', tag: 'Inbound', auth: 'apiKey',
      summary: 'Attach a message from an unknown sender ("who is this?") to a partner: the sender becomes a contact of that account, the message joins the relationship and is classified and decided again. 409 when it is already matched or still being processed',
      params: idParam('in'), body: attachBody, status: 202, response: attachResponse,
      handler: async ({ params, body, access }) =>
        attachSender(deps.db, {
          inboundId: params.id, workspaceIds: access.workspaceIds, by: `api:${access.agencyId}`, now: now(),
          ...(body.accountId !== undefined ? { accountId: body.accountId } : {}),
          ...(body.domain !== undefined ? { domain: body.domain } : {}),
          ...(body.relationshipId !== undefined ? { relationshipId: body.relationshipId } : {}),
        }, deps.enqueue),
    }),
  ];
};
