/** The approvals API under /v1/link-building: list, get, approve (optionally edited), reject. Foreign ids → 404. */
import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { AppError } from '../../errors.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idOf, idParam, pageQuery } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';
import { APPROVAL_STATUSES, type DecideAction } from '../../respond/approvals/types.ts';
import { getApproval, listApprovals, publicApproval } from '../../respond/approvals/db/approvals.ts';
import { decideApproval, MAX_EDITED_TEXT, MAX_REASON } from '../../respond/approvals/approval-service.ts';

export interface ApprovalRoutesDeps {
  db: Db;
  enqueue: EnqueueInTx;
  now?: () => Date;
}

const approvalQuery = z
  .object({
    workspaceId: idOf('ws').optional(), status: z.enum(APPROVAL_STATUSES).optional(), inboundId: idOf('in').optional(), outreachId: idOf('out').optional(), ...pageQuery,
  })
  .strict();
const approveBody = z.object({ text: z.string().min(1).max(MAX_EDITED_TEXT).optional() }).strict();
const rejectBody = z
  .object({
    reason: z.string().max(MAX_REASON).optional(),
    /** Ask for a new draft of the reply, guided by the reason; a new approval follows. */
    redraft: z.boolean().optional(),
  })
  .strict();

export function approvalRoutes(deps: ApprovalRoutesDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function decide(id: string, workspaceIds: readonly string[], agencyId: string, action: DecideAction, extra: { editedText?: string; reason?: string; redraft?: boolean }) {
    if (!(await getApproval(db, id, workspaceIds))) throw notFound('approval');
    const out = await decideApproval(db, { approvalId: id, action, by: { channel: 'api', actor: `api:${agencyId}` }, ...extra, now: now() }, deps.enqueue);
    if (out.ok) return out.approval;
    if (out.reason === 'not-found') throw notFound('approval');
    throw new AppError('CONFLICT', out.message);
  }

  return [
    route({
      method: 'get', path: '/approvals', tag: 'Approvals', auth: 'apiKey', summary: "List the caller's approvals (filters status, workspaceId, inboundId, outreachId)",
      query: approvalQuery, response: R.pageOf(R.approval),
      handler: async ({ query, access }) => {
        const page = await listApprovals(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') });
        return { data: page.data.map(publicApproval), nextCursor: page.nextCursor };
      },
    }),
    route({
      method: 'get', path: '/approvals/:id', tag: 'Approvals', auth: 'apiKey', summary: 'Get an approval',
      params: idParam('apr'), response: R.approval,
      handler: async ({ params, access }) => {
        const a = await getApproval(db, params.id, access.workspaceIds);
        if (!a) throw notFound('approval');
        return publicApproval(a);
      },
    }),
    route({
      method: 'post', path: '/approvals/:id/approve', tag: 'Approvals', auth: 'apiKey',
      summary: 'Approve (optionally with an edited body); 409 when already decided or expired. The first decision from any channel wins',
      params: idParam('apr'), body: approveBody, response: R.approval,
      handler: async ({ params, body, access }) =>
        decide(params.id, access.workspaceIds, access.agencyId, 'approve', body.text !== undefined ? { editedText: body.text } : {}),
    }),
    route({
      method: 'post', path: '/approvals/:id/reject', tag: 'Approvals', auth: 'apiKey',
      summary: 'Reject (optional reason; `redraft: true` asks for a new draft guided by the reason, then a new approval); 409 when already decided or expired',
      params: idParam('apr'), body: rejectBody, response: R.approval,
      handler: async ({ params, body, access }) =>
        decide(params.id, access.workspaceIds, access.agencyId, 'reject', { ...(body.reason !== undefined ? { reason: body.reason } : {}), ...(body.redraft ? { redraft: true } : {}) }),
    }),
  ];
}
