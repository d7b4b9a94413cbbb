/**
 * Outreach under /v1/link-building: `POST /campaign/send_email` starts a first email for a relationship
 * (approval-gated by default, sent through the same path as replies); `GET /campaign/outreach[/:id]`
 * shows where it is. Another agency's relationship, mailbox or email is a 404.
 */
import type { Request } from 'express';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { AppError } from '../../errors.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';
import { createOutreach } from '../../respond/outreach/create-outreach.ts';
import { getOutreach, listOutreach, publicOutreach } from '../../respond/outreach/db/outreach-db.ts';
import { idempotencyKeyField, outreachQuery, sendEmailBody } from './campaign-schemas.ts';

export interface CampaignRoutesDeps {
  db: Db;
  enqueue: EnqueueInTx;
  now?: () => Date;
}

/** The key from the `Idempotency-Key` header or the body; both given must agree. */
function idempotencyKeyOf(req: Request, fromBody: string | undefined): string | null {
  const raw = req.get('idempotency-key');
  if (raw === undefined) return fromBody ?? null;
  const parsed = idempotencyKeyField.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION', `headers.idempotency-key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { field: 'headers.idempotency-key' });
  if (fromBody !== undefined && fromBody !== parsed.data) {
    throw new AppError('VALIDATION', 'body.idempotencyKey: differs from the Idempotency-Key header', { field: 'body.idempotencyKey' });
  }
  return parsed.data;
}

export function campaignRoutes(deps: CampaignRoutesDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  return [
    route({
      method: 'post', path: '/campaign/send_email', tag: 'Campaign', auth: 'apiKey', status: 201,
      summary: 'Send a first outreach email for a relationship: waits for approval by default, then goes out once through the mailbox ' +
        '(our Message-ID, copy in Sent). Idempotency-Key header or idempotencyKey field: a retry returns the same email. ' +
        '409 when the partner is DO_NOT_CONTACT, cooling off, or the address hard-bounced',
      body: sendEmailBody, response: R.outreach,
      handler: async ({ body, access, req, res }) => {
        const { idempotencyKey: bodyKey, ...rest } = body;
        const idempotencyKey = idempotencyKeyOf(req, bodyKey);
        const out = await createOutreach(db, { ...rest, idempotencyKey }, access, now(), deps.enqueue);
        if (out.replayed) res.set('idempotent-replayed', 'true');
        return out.outreach;
      },
    }),
    route({
      method: 'get', path: '/campaign/outreach', tag: 'Campaign', auth: 'apiKey', summary: "List the caller's outreach emails (filters workspaceId, relationshipId, status)",
      query: outreachQuery, response: R.pageOf(R.outreach),
      handler: async ({ query, access }) => {
        const page = await listOutreach(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') });
        return { data: page.data.map(publicOutreach), nextCursor: page.nextCursor };
      },
    }),
    route({
      method: 'get', path: '/campaign/outreach/:id', tag: 'Campaign', auth: 'apiKey', summary: 'Get an outreach email: status, checks, approval, Message-ID once sent',
      params: idParam('out'), response: R.outreach,
      handler: async ({ params, access }) => {
        const o = await getOutreach(db, params.id, access.workspaceIds);
        if (!o) throw notFound('outreach email');
        return publicOutreach(o);
      },
    }),
  ];
}
