import type { Offer } from '../../classify/types.ts';
import type { GatePolicy } from '../policy.ts';
import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'price-ceiling';

export const ceilingFor = (policy: GatePolicy, type: Offer['type']): number | null =>
  type === 'LINK_INSERTION' ? policy.maxPriceLinkInsertion : policy.maxPriceGuestPost;

const describe = (o: Offer): string =>
  `${o.type} ${o.amount}${o.maxAmount !== undefined ? `–${o.maxAmount}` : ''} ${o.currency}`;

/** Why one offer cannot be accepted automatically, or null when it is within the ceiling. */
function offerProblem(offer: Offer, policy: GatePolicy): string | null {
  const ceiling = ceilingFor(policy, offer.type);
  if (ceiling === null) return `${describe(offer)}: no ceiling set for ${offer.type}`;
  // No exchange rates in pure code: another currency cannot be compared, so it escalates.
  if (offer.currency.toUpperCase() !== policy.priceCurrency) {
    return `${describe(offer)}: ceiling is in ${policy.priceCurrency}`;
  }
  // A range is judged by its top: "100–300" is not "within 200".
  const top = offer.maxAmount ?? offer.amount;
  if (!(top <= ceiling)) return `${describe(offer)}: above the ceiling of ${ceiling} ${policy.priceCurrency}`;
  return null;
}

/**
 * Every offer in the message is checked against the ceiling for its type; an unset ceiling means every
 * offer escalates (the SPEC default). A PRICE_QUOTE from which no amount could be read escalates too:
 * the agent cannot answer a price it did not understand.
 */
export function priceCeiling(input: GateInput): GateResult {
  const { policy, classification } = input;
  const offers = classification.facts.offers;
  const inputs = {
    offers,
    maxPriceLinkInsertion: policy.maxPriceLinkInsertion,
    maxPriceGuestPost: policy.maxPriceGuestPost,
    priceCurrency: policy.priceCurrency,
  };
  if (offers.length === 0) {
    if (classification.intent === 'PRICE_QUOTE') return trip(GATE, 'a price quote with no readable amount', inputs);
    return pass(GATE, 'no offers in the message', inputs);
  }
  const problems = offers.map((o) => offerProblem(o, policy)).filter((p): p is string => p !== null);
  if (problems.length > 0) return trip(GATE, problems.join('; '), inputs);
  return pass(GATE, `${offers.length === 1 ? 'the offer is' : `all ${offers.length} offers are`} within the ceiling`, inputs);
}
