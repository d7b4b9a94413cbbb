/**
 * What a classification does to the shared CRM (SPEC section 4). Pure: the handler applies the list
 * in the same transaction as MESSAGE_CLASSIFIED.
 */
import type { Classification, Offer } from './types.ts';

export type ClassifyEffect =
  | { kind: 'do-not-contact'; reason: 'UNSUBSCRIBE' | 'COMPLAINT' }
  | { kind: 'cooling-off'; until: string }
  | { kind: 'invalidate-address'; email: string; status: string | null }
  | { kind: 'prices'; offers: Offer[] }
  | { kind: 'link-placed'; url: string | null }
  | { kind: 'rejected' }
  | { kind: 'referral'; email: string };

export function planEffects(c: Classification, ctx: { contactEmail: string | null; now: Date }): ClassifyEffect[] {
  const out: ClassifyEffect[] = [];
  const intents = new Set([c.intent, ...c.intents.filter((i) => i.confidence >= 0.5).map((i) => i.intent)]);
  if (c.intent === 'UNSUBSCRIBE' || c.intent === 'COMPLAINT') out.push({ kind: 'do-not-contact', reason: c.intent });
  else if (intents.has('UNSUBSCRIBE')) out.push({ kind: 'do-not-contact', reason: 'UNSUBSCRIBE' });
  if (c.intent === 'OUT_OF_OFFICE' && c.facts.returnDate) {
    const until = new Date(`${c.facts.returnDate}T23:59:59Z`);
    if (!Number.isNaN(until.getTime()) && until > ctx.now) out.push({ kind: 'cooling-off', until: until.toISOString() });
  }
  const bounce = c.facts.bounce;
  if (c.intent === 'BOUNCE' && bounce?.kind === 'hard' && bounce.reason !== 'policy') {
    const email = bounce.recipient ?? ctx.contactEmail;
    if (email) out.push({ kind: 'invalidate-address', email: email.toLowerCase(), status: bounce.status });
  }
  const human = !['BOUNCE', 'AUTO_REPLY', 'OUT_OF_OFFICE', 'COMPLAINT'].includes(c.intent);
  if (human && c.facts.offers.length) out.push({ kind: 'prices', offers: c.facts.offers });
  if (c.intent === 'LINK_PLACED') out.push({ kind: 'link-placed', url: c.facts.linkUrl });
  if (c.intent === 'NOT_INTERESTED') out.push({ kind: 'rejected' });
  if (human && c.facts.referralEmail && c.facts.referralEmail.toLowerCase() !== ctx.contactEmail?.toLowerCase()) {
    out.push({ kind: 'referral', email: c.facts.referralEmail.toLowerCase() });
  }
  return out;
}

/** The account's stored prices after an offer: the lowest amount seen per type, in the offer's currency. */
export function pricesFromOffers(offers: readonly Offer[]): { priceLinkInsertion?: number; priceGuestPost?: number; priceCurrency?: string } {
  const out: { priceLinkInsertion?: number; priceGuestPost?: number; priceCurrency?: string } = {};
  const currency = offers[0]?.currency;
  for (const o of offers) {
    if (o.currency !== currency) continue; // mixed currencies: keep the first one's offers only
    if (o.type === 'LINK_INSERTION') out.priceLinkInsertion = Math.min(out.priceLinkInsertion ?? Infinity, o.amount);
    else out.priceGuestPost = Math.min(out.priceGuestPost ?? Infinity, o.amount);
  }
  if (currency && (out.priceLinkInsertion !== undefined || out.priceGuestPost !== undefined)) out.priceCurrency = currency;
  return out;
}
