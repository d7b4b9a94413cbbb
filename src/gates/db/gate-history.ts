import type { Queryable } from '../../db/types.ts';
import type { GateHistory } from '../types.ts';
import { countsOf } from '../limits.ts';
import { tallyAutoReplies, type AutoReplyTally } from './auto-reply-reservations.ts';

interface Partner {
  id: string;
  organizationId: string;
  accountId: string;
}

/**
 * What the gates' history reads for a batch of messages, in two statements: the live auto-reply
 * reservations of their workspaces and threads (sent, or decided and on their way; not only sends that
 * already happened) and, per account, the workspaces with an active relationship to it. The gates step
 * checks the limits again under the workspace's lock before it keeps an AUTO_REPLY (src/gates/limits.ts).
 */
export interface GateHistories {
  tally: AutoReplyTally;
  /** account id → workspaces with an ACTIVELY_ENGAGED or CONTACTED_BY_US relationship to it */
  activeWorkspaces: Map<string, Set<string>>;
}

export async function readGateHistories(db: Queryable, items: ReadonlyArray<{ rel: Partner; inboundId: string }>, now: Date): Promise<GateHistories> {
  const tally = await tallyAutoReplies(db, {
    workspaceIds: items.map((i) => i.rel.organizationId), relationshipIds: items.map((i) => i.rel.id), inboundIds: items.map((i) => i.inboundId), now,
  });
  const activeWorkspaces = new Map<string, Set<string>>();
  const accountIds = [...new Set(items.map((i) => i.rel.accountId))];
  if (accountIds.length) {
    const { rows } = await db.query<{ account_id: string; workspace_id: string }>(
      `select account_id, workspace_id from relationships
       where account_id = any($1::text[]) and status in ('ACTIVELY_ENGAGED', 'CONTACTED_BY_US')`,
      [accountIds],
    );
    for (const r of rows) activeWorkspaces.set(r.account_id, (activeWorkspaces.get(r.account_id) ?? new Set()).add(r.workspace_id));
  }
  return { tally, activeWorkspaces };
}

/** One message's history from its batch's read. Pure. */
export function gateHistoryOf(h: GateHistories, rel: Partner, inboundId: string): GateHistory {
  const counts = countsOf(h.tally, { inboundId, workspaceId: rel.organizationId, relationshipId: rel.id });
  return {
    autoRepliesInThread: counts.inThread,
    autoRepliesToday: counts.today,
    otherWorkspaceActive: [...(h.activeWorkspaces.get(rel.accountId) ?? [])].some((ws) => ws !== rel.organizationId),
  };
}

/** The same for one message (a job prepared alone). */
export async function readGateHistory(db: Queryable, rel: Partner, now: Date, inboundId: string): Promise<GateHistory> {
  return gateHistoryOf(await readGateHistories(db, [{ rel, inboundId }], now), rel, inboundId);
}
