import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { boundedText } from '../../classify/rules/normalize-text.ts';
import { findInjectionSigns } from '../detect/injection-signs.ts';

const GATE = 'prompt-injection';

/**
 * SPEC section 7: text in an inbound email is data, never instructions. Any sign that it tries to
 * instruct a model (from the classifier or from our own patterns) means no automatic reply.
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
