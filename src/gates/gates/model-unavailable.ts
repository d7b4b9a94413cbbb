import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'model-unavailable';

/**
 * SPEC section 7: when the model was down, slow or returned something invalid, the message goes to a
 * human. `model: null` means the rule-based classifier was used by configuration (no API key), which
 * is a supported mode and passes.
 */
export function modelUnavailable(input: GateInput): GateResult {
  const model = input.classification.model;
  const inputs = { model: model === null ? null : { name: model.name, available: model.available } };
  if (model === null) return pass(GATE, 'rule-based classification (no model configured)', inputs);
  if (model.available === false) {
    return trip(GATE, `model ${model.name} was unavailable; classification fell back to rules`, inputs);
  }
  return pass(GATE, `model ${model.name} answered`, inputs);
}
