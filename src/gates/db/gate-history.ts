import type { Queryable } from '../../db/types.ts';
import type { GateHistory } from '../types.ts';

/** The counts the rate-limit gates read; "auto" sends carry metadata.auto = true on EMAIL_SENT. */
export async function readGateHistory(db: Queryable, rel: { id: string; organizationId: string; accountId: string }, now: Date): Promise<GateHistory> {
  const { rows } = await db.query<{ in_thread: number; today: number }>(
    `select
       count(*) filter (where relationship_id = $1)::int as in_thread,
       count(*) filter (where occurred_at > $3::timestamptz - interval '24 hours')::int as today
     from events where workspace_id = $2 and type = 'EMAIL_SENT' and metadata->>'auto' = 'true'`,
    [rel.id, rel.organizationId, now.toISOString()],
  );
  const others = await db.query<{ workspace_id: string }>(
    `select workspace_id from relationships
     where account_id = $1 and workspace_id <> $2 and status in ('ACTIVELY_ENGAGED', 'CONTACTED_BY_US')`,
    [rel.accountId, rel.organizationId],
  );
  return {
    autoRepliesInThread: rows[0]?.in_thread ?? 0,
    autoRepliesToday: rows[0]?.today ?? 0,
    otherWorkspaceActive: others.rows.length > 0,
  };
}
