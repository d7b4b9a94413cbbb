import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { RedFlag } from '../../classify/types.ts';
import { recheckRedFlags } from '../detect/recheck.ts';

const GATE = 'red-flags';

/**
 * A red flag (a complaint, an erasure or do-not-contact request, "how did you get my address", legal
 * words, instructions aimed at an AI) means a human decides, whatever the intent, the model or the
 * policy says. No policy setting turns this gate off. The detector runs again on the stored text so a
 * classification made without it (an older one, or a model's) cannot skip it: on the rules thread
 * beforehand (`input.detected`), else here.
 */
export function redFlags(input: GateInput): GateResult {
  const fromClassifier: RedFlag[] = input.classification.facts.redFlags ?? [];
  const again = input.detected?.redFlags ?? recheckRedFlags(input.message);
  const flags = [...fromClassifier, ...again.filter((f) => !fromClassifier.some((c) => c.kind === f.kind))];
  const inputs = { redFlags: flags };
  if (flags.length === 0) return pass(GATE, 'no red flags in the reply', inputs);
  const kinds = [...new Set(flags.map((f) => f.kind))].join(', ');
  return trip(GATE, `red flags in the reply (${kinds}): a human must decide — "${flags[0]!.excerpt}"`, inputs);
}
