/** The rows a send retry reads and writes: the message's state, its send row, the approval that cleared it. */
import type { Queryable } from '../../db/types.ts';

export interface RetrySubject {
  id: string;
  workspaceId: string;
  relationshipId: string | null;
  contactId: string | null;
  status: string;
  hasDraft: boolean;
  sendRetries: number;
  sendError: string | null;
}

/** Locks the message (a concurrent retry waits, then finds it re-queued). Null when it is not the caller's. */
export async function lockRetrySubject(tx: Queryable, inboundId: string, workspaceIds: readonly string[]): Promise<RetrySubject | null> {
  const { rows } = await tx.query<{ id: string; workspace_id: string; relationship_id: string | null; contact_id: string | null; status: string; has_draft: boolean; retries: string | null; send_error: string | null }>(
    `select id, workspace_id, relationship_id, contact_id, status, (draft->>'text') is not null as has_draft,
            decision->>'sendRetries' as retries, decision->>'sendError' as send_error
     from inbound_messages where id = $1 and workspace_id = any($2) for update`,
    [inboundId, workspaceIds],
  );
  const r = rows[0];
  return r
    ? { id: r.id, workspaceId: r.workspace_id, relationshipId: r.relationship_id, contactId: r.contact_id, status: r.status, hasDraft: r.has_draft, sendRetries: Number(r.retries ?? 0) || 0, sendError: r.send_error }
    : null;
}

/** The approval that cleared this reply, if a human approved it (the newest one). */
export async function approvedApprovalOf(q: Queryable, inboundId: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `select id from approvals where inbound_id = $1 and status = 'APPROVED' order by decided_at desc, id desc limit 1`,
    [inboundId],
  );
  return rows[0]?.id ?? null;
}

/** Back to the state the respond job sends from; the last error moves to `lastSendError`, the round is counted. */
export async function requeueInbound(tx: Queryable, inboundId: string, status: 'APPROVED' | 'CLASSIFIED', round: number): Promise<void> {
  await tx.query(
    `update inbound_messages set status = $2, updated_at = now(),
       decision = (coalesce(decision, '{}'::jsonb) - 'sendError')
                  || jsonb_build_object('sendRetries', $3::int, 'lastSendError', decision->>'sendError')
     where id = $1`,
    [inboundId, status, round],
  );
}
