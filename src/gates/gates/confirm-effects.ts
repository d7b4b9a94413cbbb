import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'confirm-effects';

/**
 * A state-changing effect the classifier was not sure enough of (below the policy's confidence, or a
 * placed link without evidence) is held, not applied; this gate shows it to a human instead of letting
 * the message disappear behind NO_REPLY.
 */
export function confirmEffects(input: GateInput): GateResult {
  const pending = input.classification.pendingEffects ?? [];
  const inputs = { pendingEffects: pending.map((p) => p.question) };
  if (pending.length === 0) return pass(GATE, 'no effect waits for confirmation', inputs);
  return trip(GATE, pending.map((p) => p.question).join('; '), inputs);
}
