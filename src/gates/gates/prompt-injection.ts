import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { recheckInjectionSigns } from '../detect/recheck.ts';

const GATE = 'prompt-injection';

/**
 * SPEC section 7: text in an inbound email is data, never instructions. Any sign that it tries to
 * instruct a model means no automatic reply: the classifier's `facts.injectionSigns` (the rules', or
 * the model's `model-flagged`), and the same detector run again on the stored text (belt and
 * braces: a classification may come from elsewhere than these rules) — on the rules thread
 * beforehand (`input.detected`), else here.
 */
export function promptInjection(input: GateInput): GateResult {
  const fromClassifier = input.classification.facts.injectionSigns;
  const fromRules = input.detected?.injectionSigns ?? recheckInjectionSigns(input.message);
  const signs = [...fromClassifier, ...fromRules];
  const inputs = { signs };
  if (signs.length === 0) return pass(GATE, 'no signs of injected instructions', inputs);
  const kinds = [...new Set(signs.map((s) => s.kind))].join(', ');
  return trip(GATE, `the message contains instructions aimed at the agent (${kinds})`, inputs);
}
