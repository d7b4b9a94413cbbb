/**
 * What a classification does to the shared CRM (SPEC section 4). Pure: the handler applies the list
 * in the same transaction as MESSAGE_CLASSIFIED.
 *
 * Stop requests (UNSUBSCRIBE, COMPLAINT) always apply, at any confidence, and always as a pair:
 * do-not-contact for everyone and REJECTED for the relationship, whichever channel they came from.
 * Other state-changing effects (link placed, not interested, prices) need evidence and a confidence
 * at the policy's threshold; otherwise they are held for a human ("confirm: mark as link placed?").
 */
import type { Classification, ClassifyEffect, Offer, PendingEffect } from './types.ts';

export type { ClassifyEffect } from './types.ts';

export interface EffectContext {
  contactEmail: string | null;
  now: Date;
  /** The workspace policy's confidence threshold; effects below it wait for a human. */
  minConfidence?: number;
  /** The partner's domain: a placed link on it is evidence. */
  accountDomain?: string | null;
}

export interface PlannedEffects {
  apply: ClassifyEffect[];
  confirm: PendingEffect[];
}

const DEFAULT_MIN_CONFIDENCE = 0.8;

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
};

/** A URL on the partner's own domain (or a subdomain of it). */
export function isOnDomain(url: string | null, domain: string | null | undefined): boolean {
  if (!url || !domain) return false;
  const host = hostOf(url);
  const d = domain.toLowerCase().replace(/^www\./, '');
  return host !== null && (host === d || host.endsWith(`.${d}`));
}

function confidenceOf(c: Classification, intent: Classification['intent']): number {
  if (c.intent === intent) return c.confidence;
  return c.intents.find((i) => i.intent === intent)?.confidence ?? 0;
}

export function planClassifyEffects(c: Classification, ctx: EffectContext): PlannedEffects {
  const apply: ClassifyEffect[] = [];
  const confirm: PendingEffect[] = [];
  const min = ctx.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const sure = (intent: Classification['intent']) => confidenceOf(c, intent) >= min;

  const intents = new Set([c.intent, ...c.intents.filter((i) => i.confidence >= 0.5).map((i) => i.intent)]);
  const stop = c.intent === 'UNSUBSCRIBE' || c.intent === 'COMPLAINT' ? c.intent : intents.has('COMPLAINT') ? 'COMPLAINT' : intents.has('UNSUBSCRIBE') ? 'UNSUBSCRIBE' : null;
  if (stop) {
    apply.push({ kind: 'do-not-contact', reason: stop });
    apply.push({ kind: 'rejected', reason: stop });
  }
  if (c.intent === 'OUT_OF_OFFICE' && c.facts.returnDate) {
    const until = new Date(`${c.facts.returnDate}T23:59:59Z`);
    if (!Number.isNaN(until.getTime()) && until > ctx.now) apply.push({ kind: 'cooling-off', until: until.toISOString() });
  }
  const bounce = c.facts.bounce;
  if (c.intent === 'BOUNCE' && bounce?.kind === 'hard' && bounce.reason !== 'policy' && bounce.action !== 'delayed') {
    const email = bounce.recipient ?? ctx.contactEmail;
    if (email) apply.push({ kind: 'invalidate-address', email: email.toLowerCase(), status: bounce.status });
  }
  const human = !['BOUNCE', 'AUTO_REPLY', 'OUT_OF_OFFICE', 'COMPLAINT'].includes(c.intent);
  if (human && !stop && c.facts.offers.length) {
    const e: ClassifyEffect = { kind: 'prices', offers: c.facts.offers };
    if (sure('PRICE_QUOTE') || c.confidence >= min) apply.push(e);
    else confirm.push({ effect: e, question: `confirm: record their price (${c.facts.offers.map(describeOffer).join(', ')})?` });
  }
  if (c.intent === 'LINK_PLACED' && !stop) {
    const e: ClassifyEffect = { kind: 'link-placed', url: c.facts.linkUrl };
    // Evidence: a URL on the partner's own domain, or an explicit statement with high confidence.
    const onDomain = isOnDomain(c.facts.linkUrl, ctx.accountDomain);
    const foreignUrl = c.facts.linkUrl !== null && ctx.accountDomain && !onDomain;
    if (sure('LINK_PLACED') && !foreignUrl) apply.push(e);
    else confirm.push({ effect: e, question: `confirm: mark as link placed${c.facts.linkUrl ? ` (${c.facts.linkUrl})` : ' (no URL given)'}?` });
  }
  if (c.intent === 'NOT_INTERESTED') {
    const e: ClassifyEffect = { kind: 'rejected', reason: 'NOT_INTERESTED' };
    if (sure('NOT_INTERESTED')) apply.push(e);
    else confirm.push({ effect: e, question: 'confirm: mark as not interested?' });
  }
  if (human && !stop && c.facts.referralEmail && c.facts.referralEmail.toLowerCase() !== ctx.contactEmail?.toLowerCase()) {
    apply.push({ kind: 'referral', email: c.facts.referralEmail.toLowerCase() });
  }
  return { apply, confirm };
}

/** The effects applied at once (stop requests, evidence-backed facts), without the held ones. */
export function planEffects(c: Classification, ctx: EffectContext): ClassifyEffect[] {
  return planClassifyEffects(c, ctx).apply;
}

function describeOffer(o: Offer): string {
  const kind = o.type === 'GUEST_POST' ? 'guest post' : 'link insertion';
  return `${kind} ${o.amount}${o.maxAmount !== undefined ? `–${o.maxAmount}` : ''} ${o.currency}`;
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
