import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { boundedText } from '../../classify/rules/normalize-text.ts';
import { findInjectionSigns } from '../../classify/rules/injection.ts';

const GATE = 'prompt-injection';

/**
 * SPEC section 7: text in an inbound email is data, never instructions. Any sign that it tries to
 * instruct a model means no automatic reply: the classifier's `facts.injectionSigns` (the rules', or
 * the model's `model-flagged`), and the same detector run again on the stored text (belt and
 * braces: a classification may come from elsewhere than these rules).
 */
export function promptInjection(input: GateInput): GateResult {
  const fromClassifier = input.classification.facts.injectionSigns;
  const fromRules = findInjectionSigns(`${input.message.subject}\n${boundedText(input.message.text)}`);
  const signs = [...fromClassifier, ...fromRules];
  const inputs = { signs };
  if (signs.length === 0) return pass(GATE, 'no signs of injected instructions', inputs);
  const kinds = [...new Set(signs.map((s) => s.kind))].join(', ');
  return trip(GATE, `the message contains instructions aimed at the agent (${kinds})`, inputs);
}
