import type { GatePolicy } from '../policy.ts';
import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { ceilingFor } from '../gates/price-ceiling.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';
import { findPrices } from './find-prices.ts';

const GATE = 'draft-price-within-ceiling';

/**
 * The ceiling a draft's price is held to: the lowest ceiling among the offer types under discussion
 * (or among all types when none is known). The draft does not say which type a price is for, so it
 * gets the strictest reading; any unset ceiling means no price may be named automatically.
 */
function applicableCeiling(policy: GatePolicy, context: DraftCheckContext): number | null {
  const types = context.offerTypes && context.offerTypes.length > 0 ? context.offerTypes : null;
  const ceilings = types
    ? types.map((t) => ceilingFor(policy, t))
    : [policy.maxPriceLinkInsertion, policy.maxPriceGuestPost].filter((c) => c !== null);
  if (ceilings.length === 0 || ceilings.some((c) => c === null)) return null;
  return Math.min(...(ceilings as number[]));
}

export function draftPriceWithinCeiling(draft: DraftToCheck, context: DraftCheckContext, policy: GatePolicy): GateResult {
  const prices = findPrices(`${draft.subject ?? ''}\n${draft.text}`);
  const ceiling = applicableCeiling(policy, context);
  const inputs = { prices, ceiling, priceCurrency: policy.priceCurrency };
  if (prices.length === 0) return pass(GATE, 'the draft names no price', inputs);
  if (ceiling === null) return trip(GATE, 'the draft names a price but no ceiling is set', inputs);
  const problems = prices
    .filter((p) => p.currency !== policy.priceCurrency || p.amount > ceiling)
    .map((p) => (p.currency !== policy.priceCurrency ? `${p.excerpt} (not ${policy.priceCurrency})` : `${p.excerpt} > ${ceiling}`));
  if (problems.length > 0) return trip(GATE, `the draft names a price above the ceiling: ${problems.join(', ')}`, inputs);
  return pass(GATE, `every price in the draft is within ${ceiling} ${policy.priceCurrency}`, inputs);
}
