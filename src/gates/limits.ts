/**
 * The auto-reply limits, checked again where they are enforced: under the workspace's lock when the
 * gates step keeps an AUTO_REPLY (and reserves its place), and at send time. The counts come from
 * auto-reply reservations read under that lock; the two limit gates run again on them and replace
 * their earlier results. An AUTO_REPLY whose limit is now reached becomes WAITING_APPROVAL, with the
 * gate's reason for the approver. Pure.
 */
import { runGate } from './gate-result.ts';
import { maxAutoRepliesPerDay } from './gates/max-auto-replies-per-day.ts';
import { maxAutoRepliesPerThread } from './gates/max-auto-replies-per-thread.ts';
import type { GatePolicy } from './policy.ts';
import type { Decision, GateHistory, GateResult } from './types.ts';
import type { AutoReplyTally } from './db/auto-reply-reservations.ts';

export interface LimitCounts {
  /** Other live reservations of the workspace in the 24 hours before now. */
  today: number;
  /** Other live reservations in the thread. */
  inThread: number;
}

/** The two limit gates over fresh counts. */
export function limitResults(counts: LimitCounts, policy: Pick<GatePolicy, 'maxAutoRepliesPerDay' | 'maxAutoRepliesPerThread'>): GateResult[] {
  const history: GateHistory = { autoRepliesInThread: counts.inThread, autoRepliesToday: counts.today, otherWorkspaceActive: false };
  const input = { history, policy: policy as GatePolicy };
  return [runGate('max-auto-replies-per-thread', maxAutoRepliesPerThread, input), runGate('max-auto-replies-per-day', maxAutoRepliesPerDay, input)];
}

/**
 * The decision with its limit gates re-run on `counts`. Only an AUTO_REPLY changes (to WAITING_APPROVAL
 * when a limit is reached); other decisions are returned as they are.
 */
export function recheckLimits(decision: Decision, counts: LimitCounts, policy: Pick<GatePolicy, 'maxAutoRepliesPerDay' | 'maxAutoRepliesPerThread'>): Decision {
  if (decision.action !== 'AUTO_REPLY') return decision;
  const fresh = limitResults(counts, policy);
  const byName = new Map(fresh.map((g) => [g.gate, g]));
  const gates = decision.gates.map((g) => byName.get(g.gate) ?? g);
  for (const g of fresh) if (!gates.some((x) => x.gate === g.gate)) gates.push(g);
  return { ...decision, action: fresh.every((g) => g.passed) ? 'AUTO_REPLY' : 'WAITING_APPROVAL', gates };
}

/**
 * The decision with its limit gates re-run on `counts` read when it is written, as one message at a
 * time would have read them in `prepare` (after the replies decided before it). An AUTO_REPLY as
 * `recheckLimits`. Any other decision keeps its action and takes the fresh results — unless one of
 * its tripped limits would now pass (a place was given back since `prepare` read the counts): then it
 * is kept as it is, never left waiting for a reason that no longer holds.
 */
export function refreshLimits(decision: Decision, counts: LimitCounts, policy: Pick<GatePolicy, 'maxAutoRepliesPerDay' | 'maxAutoRepliesPerThread'>): Decision {
  if (decision.action === 'AUTO_REPLY') return recheckLimits(decision, counts, policy);
  const byName = new Map(limitResults(counts, policy).map((g) => [g.gate, g]));
  if (!decision.gates.some((g) => byName.has(g.gate)) || decision.gates.some((g) => !g.passed && byName.get(g.gate)?.passed)) return decision;
  return { ...decision, gates: decision.gates.map((g) => byName.get(g.gate) ?? g) };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A message's counts from a batch's tally: the other live reservations of its workspace in the 24 hours
 * before the tally's `now`, and of its thread — what `countAutoReplies` with `except` (the message
 * itself) reads, for every message of the batch at once.
 */
export function countsOf(tally: AutoReplyTally, m: { inboundId: string; workspaceId: string; relationshipId: string }): LimitCounts {
  // a missing count is not zero: never let a message pass on counts nobody read
  if (!tally.workspaceIds.has(m.workspaceId) || !tally.relationshipIds.has(m.relationshipId)) throw new Error(`auto-reply counts of ${m.inboundId} were not read`);
  const own = tally.own.get(m.inboundId);
  const ownToday = own && own.workspaceId === m.workspaceId && own.reservedAt.getTime() > tally.now.getTime() - DAY_MS ? 1 : 0;
  const ownInThread = own && own.relationshipId === m.relationshipId ? 1 : 0;
  return { today: (tally.today.get(m.workspaceId) ?? 0) - ownToday, inThread: (tally.inThread.get(m.relationshipId) ?? 0) - ownInThread };
}

/**
 * The tally after `reserveAutoReply` for this message: a new live reservation counts for the later
 * messages of the batch; a message that already held a live one changes nothing (the insert is a no-op).
 */
export function tallyReserved(tally: AutoReplyTally, m: { inboundId: string; workspaceId: string; relationshipId: string }, now: Date): void {
  if (tally.own.has(m.inboundId)) return;
  tally.own.set(m.inboundId, { workspaceId: m.workspaceId, relationshipId: m.relationshipId, reservedAt: now });
  tally.today.set(m.workspaceId, (tally.today.get(m.workspaceId) ?? 0) + 1);
  tally.inThread.set(m.relationshipId, (tally.inThread.get(m.relationshipId) ?? 0) + 1);
}
