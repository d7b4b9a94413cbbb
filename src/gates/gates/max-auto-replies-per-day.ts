import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'max-auto-replies-per-day';

/** A workspace-wide brake: a misbehaving classifier cannot send more than N replies a day unattended. */
export function maxAutoRepliesPerDay(input: GateInput): GateResult {
  const sent = input.history.autoRepliesToday;
  const max = input.policy.maxAutoRepliesPerDay;
  const inputs = { autoRepliesToday: sent, maxAutoRepliesPerDay: max };
  if (sent >= max) return trip(GATE, `${sent} automatic replies already sent in the last 24 hours (max ${max})`, inputs);
  return pass(GATE, `${sent} of ${max} automatic replies used in the last 24 hours`, inputs);
}
