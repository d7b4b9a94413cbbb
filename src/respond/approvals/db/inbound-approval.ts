/** The inbound_messages columns the approval step reads and writes (status, decision.approvalId, draft). */
import type { Queryable } from '../../../db/types.ts';

export interface InboundForApproval {
  id: string;
  workspaceId: string;
  relationshipId: string | null;
  contactId: string | null;
  status: string;
  decision: unknown;
  draft: unknown;
}

/** Locks the message row: concurrent requests for one message queue up behind each other. */
export async function lockInboundForApproval(tx: Queryable, id: string): Promise<InboundForApproval | null> {
  const { rows } = await tx.query<{
    id: string; workspace_id: string; relationship_id: string | null; contact_id: string | null; status: string; decision: unknown; draft: unknown;
  }>('select id, workspace_id, relationship_id, contact_id, status, decision, draft from inbound_messages where id = $1 for update', [id]);
  const r = rows[0];
  return r
    ? { id: r.id, workspaceId: r.workspace_id, relationshipId: r.relationship_id, contactId: r.contact_id, status: r.status, decision: r.decision, draft: r.draft }
    : null;
}

export async function setInboundWaiting(tx: Queryable, id: string, approvalId: string): Promise<void> {
  await tx.query(
    `update inbound_messages set status = 'WAITING_APPROVAL',
       decision = jsonb_set(coalesce(decision, '{}'::jsonb), '{approvalId}', to_jsonb($2::text)), updated_at = now()
     where id = $1`,
    [id, approvalId],
  );
}

/**
 * After a decision: APPROVED / DENIED / EXPIRED, only from WAITING_APPROVAL (a message that moved on,
 * e.g. SENT, is never pulled back). An edited draft replaces the stored one.
 */
export async function setInboundDecided(tx: Queryable, id: string, status: 'APPROVED' | 'DENIED' | 'EXPIRED', draft?: unknown): Promise<void> {
  if (draft === undefined) {
    await tx.query("update inbound_messages set status = $2, updated_at = now() where id = $1 and status = 'WAITING_APPROVAL'", [id, status]);
    return;
  }
  await tx.query("update inbound_messages set status = $2, draft = $3, updated_at = now() where id = $1 and status = 'WAITING_APPROVAL'", [
    id, status, JSON.stringify(draft),
  ]);
}
