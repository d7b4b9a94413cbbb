import { z } from 'zod';
import type { Db } from '../../db/types.ts';
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
