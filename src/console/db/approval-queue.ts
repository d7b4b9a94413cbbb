/** The approvals the console lists: the session's workspaces only, pending oldest first, then the recently decided. */
import type { Queryable } from '../../db/types.ts';
import { loadApprovalContext } from '../../respond/approvals/db/approval-context.ts';
import { toSlackView } from '../../respond/approvals/approval-view.ts';
import type { QueueItem } from '../views/approvals-page.ts';

export const MAX_PENDING_SHOWN = 100;
export const DECIDED_SHOWN = 20;

async function items(db: Queryable, rows: Array<{ id: string; account_id: string | null }>): Promise<QueueItem[]> {
  const out: QueueItem[] = [];
  for (const r of rows) {
    const ctx = await loadApprovalContext(db, r.id);
    if (ctx) out.push({ ctx, view: toSlackView(ctx), accountId: r.account_id });
  }
  return out;
}

export async function approvalQueue(db: Queryable, workspaceIds: readonly string[]): Promise<{ pending: QueueItem[]; decided: QueueItem[] }> {
  if (!workspaceIds.length) return { pending: [], decided: [] };
  const pending = await db.query<{ id: string; account_id: string | null }>(
    `select a.id, r.account_id from approvals a left join relationships r on r.id = a.relationship_id
     where a.workspace_id = any($1) and a.status = 'PENDING' order by a.created_at, a.id limit ${MAX_PENDING_SHOWN}`,
    [workspaceIds],
  );
  const decided = await db.query<{ id: string; account_id: string | null }>(
    `select a.id, r.account_id from approvals a left join relationships r on r.id = a.relationship_id
     where a.workspace_id = any($1) and a.status <> 'PENDING' order by a.decided_at desc, a.id desc limit ${DECIDED_SHOWN}`,
    [workspaceIds],
  );
  return { pending: await items(db, pending.rows), decided: await items(db, decided.rows) };
}
