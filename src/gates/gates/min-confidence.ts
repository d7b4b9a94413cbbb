import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'min-confidence';

export function minConfidence(input: GateInput): GateResult {
  const { confidence } = input.classification;
  const min = input.policy.minConfidence;
  const inputs = { confidence, minConfidence: min };
  // `!(x >= min)` so that NaN trips too.
  if (!(confidence >= min)) return trip(GATE, `confidence ${confidence} is below ${min}`, inputs);
  return pass(GATE, `confidence ${confidence} ≥ ${min}`, inputs);
}
