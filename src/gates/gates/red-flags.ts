import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { findRedFlags } from '../../classify/rules/red-flags.ts';
import type { RedFlag } from '../../classify/types.ts';
import { stripQuoted } from '../../classify/rules/strip-quoted.ts';
import { boundedText, withoutHiddenText } from '../../classify/rules/normalize-text.ts';

const GATE = 'red-flags';

/**
 * A red flag (a complaint, an erasure or do-not-contact request, "how did you get my address", legal
 * words, instructions aimed at an AI) means a human decides, whatever the intent, the model or the
 * policy says. No policy setting turns this gate off. The detector runs again on the stored text so a
 * classification made without it (an older one, or a model's) cannot skip it.
 */
export function redFlags(input: GateInput): GateResult {
  const fromClassifier: RedFlag[] = input.classification.facts.redFlags ?? [];
  const text = boundedText(input.message.text);
  const newText = withoutHiddenText(stripQuoted(text).text);
  const again = findRedFlags({ newText, subject: input.message.subject, fullText: text, html: null });
  const flags = [...fromClassifier, ...again.filter((f) => !fromClassifier.some((c) => c.kind === f.kind))];
  const inputs = { redFlags: flags };
  if (flags.length === 0) return pass(GATE, 'no red flags in the reply', inputs);
  const kinds = [...new Set(flags.map((f) => f.kind))].join(', ');
  return trip(GATE, `red flags in the reply (${kinds}): a human must decide — "${flags[0]!.excerpt}"`, inputs);
}
