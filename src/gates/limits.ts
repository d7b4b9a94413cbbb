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
