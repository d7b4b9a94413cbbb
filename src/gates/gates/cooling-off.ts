import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'cooling-off';

/** The account's cooling-off period (set from an out-of-office return date) has not ended yet. */
export function coolingOff(input: GateInput): GateResult {
  const until = input.account.coolingOffUntil;
  const inputs = { coolingOffUntil: until, now: input.now.toISOString() };
  if (until === null) return pass(GATE, 'no cooling-off period', inputs);
  const untilMs = Date.parse(until);
  // An unreadable date is treated as still cooling off: the safe side is a human.
  if (Number.isNaN(untilMs)) return trip(GATE, `cooling-off date "${until}" is unreadable`, inputs);
  if (untilMs > input.now.getTime()) return trip(GATE, `cooling off until ${until}`, inputs);
  return pass(GATE, `cooling-off ended ${until}`, inputs);
}
