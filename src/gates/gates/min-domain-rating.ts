import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'min-domain-rating';

export function minDomainRating(input: GateInput): GateResult {
  const min = input.policy.minDomainRating;
  const dr = input.classification.senderDomainRating ?? input.account.domainRating;
  const inputs = { domainRating: dr, minDomainRating: min };
  if (min === null) return pass(GATE, 'no minimum domain rating set', inputs);
  if (dr === null) return trip(GATE, `domain rating unknown; the policy requires at least ${min}`, inputs);
  if (!(dr >= min)) return trip(GATE, `domain rating ${dr} is below ${min}`, inputs);
  return pass(GATE, `domain rating ${dr} ≥ ${min}`, inputs);
}
