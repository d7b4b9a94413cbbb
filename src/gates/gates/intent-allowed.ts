import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'intent-allowed';

export function intentAllowed(input: GateInput): GateResult {
  const { intent } = input.classification;
  const allowed = input.policy.autoReplyIntents;
  const inputs = { intent, autoReplyIntents: allowed };
  if (allowed.includes(intent)) return pass(GATE, `${intent} is in autoReplyIntents`, inputs);
  return trip(GATE, `${intent} is not in autoReplyIntents (${allowed.join(', ') || 'none'})`, inputs);
}
