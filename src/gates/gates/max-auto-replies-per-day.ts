import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'max-auto-replies-per-day';

/**
 * A workspace-wide brake: a misbehaving classifier cannot send more than N replies a day unattended.
 * Counts automatic replies sent or reserved (decided, on their way) in the 24 hours before now.
 */
export function maxAutoRepliesPerDay(input: Pick<GateInput, 'history' | 'policy'>): GateResult {
  const sent = input.history.autoRepliesToday;
  const max = input.policy.maxAutoRepliesPerDay;
  const inputs = { autoRepliesToday: sent, maxAutoRepliesPerDay: max };
  if (sent >= max) return trip(GATE, `${sent} automatic replies already sent or on their way in the last 24 hours (max ${max})`, inputs);
  return pass(GATE, `${sent} of ${max} automatic replies used in the last 24 hours`, inputs);
}
