import type { Queryable } from '../../db/types.ts';
import type { GateHistory } from '../types.ts';
import { countAutoReplies } from './auto-reply-reservations.ts';

/**
 * The counts the rate-limit gates read: live auto-reply reservations (sent, or decided and on their
 * way), not only sends that already happened. The gates step checks them again under the workspace's
 * lock before it keeps an AUTO_REPLY (src/gates/limits.ts).
 */
export async function readGateHistory(db: Queryable, rel: { id: string; organizationId: string; accountId: string }, now: Date, inboundId?: string): Promise<GateHistory> {
  const counts = await countAutoReplies(db, { workspaceId: rel.organizationId, relationshipId: rel.id, now, ...(inboundId ? { except: inboundId } : {}) });
  const others = await db.query<{ workspace_id: string }>(
    `select workspace_id from relationships
     where account_id = $1 and workspace_id <> $2 and status in ('ACTIVELY_ENGAGED', 'CONTACTED_BY_US')`,
    [rel.accountId, rel.organizationId],
  );
  return {
    autoRepliesInThread: counts.inThread,
    autoRepliesToday: counts.today,
    otherWorkspaceActive: others.rows.length > 0,
  };
}
