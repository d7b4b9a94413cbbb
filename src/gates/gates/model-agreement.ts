import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'model-agreement';

/**
 * Issue 9, item 6: with Claude configured, a reply goes out alone only when the rules and the model
 * agree (or the rules were unsure, the model sure, and no red flag is present). The classifier records
 * that verdict in `classification.agreement` (src/classify/llm/agreement.ts); this gate enforces it
 * whatever a workspace sets as its minimum confidence (a disagreement's capped confidence alone would
 * pass a workspace whose minConfidence is at or below the cap).
 *
 * Passes for rule-based classification (no model configured), for a model that gave no answer (the
 * model-unavailable gate trips on that), and for a classification stored before the agreement rule
 * existed (no `agreement` field).
 */
export function modelAgreement(input: GateInput): GateResult {
  const { model, rules, agreement } = input.classification;
  const inputs = {
    rules: rules ?? null,
    model: model === null ? null : { name: model.name, available: model.available, intent: model.intent ?? null, confidence: model.confidence ?? null },
    agreement: agreement ?? null,
  };
  if (model === null) return pass(GATE, 'rule-based classification (no model configured)', inputs);
  if (!model.available) return pass(GATE, 'no model answer to compare (see model-unavailable)', inputs);
  if (!agreement) return pass(GATE, 'classified before the agreement rule was recorded', inputs);
  if (!agreement.autoReply) return trip(GATE, agreement.reason, inputs);
  return pass(GATE, agreement.reason, inputs);
}
