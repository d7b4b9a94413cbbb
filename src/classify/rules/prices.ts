/**
 * Price offers in a reply: every amount with its ISO currency, ranges, and whether it prices a link
 * insertion or a guest/sponsored post. Amounts that restate our own offer ("you offered $50") are
 * not the partner's price and are left out.
 */
import type { Offer, OfferType } from '../types.ts';

const NUM = String.raw`\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const K = String.raw`(?:\s?[kK](?![a-zA-Z]))?`;
const SYM = String.raw`(?:US\$|AU\$|A\$|CA\$|C\$|NZ\$|S\$|R\$|\$|€|£|¥|₹)`;
const CODE = String.raw`(?:USD|EUR|GBP|AUD|CAD|NZD|CHF|INR|JPY|SGD|SEK|NOK|DKK|PLN|CZK|ZAR|BRL|MXN|AED|HKD)`;
const WORD = String.raw`(?:dollars?|bucks|euros?|pounds?|quid|rupees?|kr|kronor|sek|z[łl]|z[łl]otych|z[łl]oty|reais|real)`;
const DASH = String.raw`\s?(?:-|–|—|to|bis|à)\s?`;

// Each pattern captures: 1 = low amount, 2 = high amount (optional), plus the currency token.
const PATTERNS: { re: RegExp; cur: 'before' | 'after' }[] = [
  { re: new RegExp(String.raw`(${SYM}|${CODE}\s?\$?)\s?(${NUM})(${K})(?:${DASH}(?:${SYM}|${CODE})?\s?(${NUM})(${K}))?`, 'g'), cur: 'before' },
  { re: new RegExp(String.raw`(?<![\w.,$€£])(${NUM})(${K})(?:${DASH}(${NUM})(${K}))?\s?(,-\s?)?(${SYM}|${CODE}\b|${WORD}(?![a-zA-Z\u00c0-\u024f]))`, 'gi'), cur: 'after' },
  // Swedish shop style: "1500:-", "1 500:-" (kronor).
  { re: new RegExp(String.raw`(?<![\w.,$€£])(${NUM})()()()()(:-)(?![\d\w])`, 'g'), cur: 'after' },
];

export interface FoundAmount {
  index: number;
  end: number;
  amount: number;
  maxAmount?: number;
  currency: string;
}

/** "1,200" / "1.200" / "1 200" → 1200; "12,50" → 12.5; "99.99" → 99.99. */
export function parseNumber(raw: string, k = ''): number {
  let s = raw.replace(/[\u00a0\u202f ]/g, '');
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (lastSep >= 0) {
    const decimals = s.length - lastSep - 1;
    const intPart = s.slice(0, lastSep).replace(/[.,]/g, '');
    s = decimals === 3 ? intPart + s.slice(lastSep + 1) : `${intPart}.${s.slice(lastSep + 1)}`;
  }
  const n = Number(s);
  return k.trim() ? n * 1000 : n;
}

function dollarCurrency(text: string, token: string, after: string): string {
  const t = token.toUpperCase();
  if (t.startsWith('AU') || t === 'A$') return 'AUD';
  if (t.startsWith('CA') || t === 'C$') return 'CAD';
  if (t.startsWith('NZ')) return 'NZD';
  if (t === 'S$') return 'SGD';
  const near = /^\s*(AUD|CAD|NZD|USD|SGD|HKD)\b/i.exec(after)?.[1];
  if (near) return near.toUpperCase();
  if (/^\s*(australian)/i.test(after)) return 'AUD';
  if (/^\s*(canadian)/i.test(after)) return 'CAD';
  // "$" is USD unless the text names exactly one other dollar currency and never USD.
  const others = new Set<string>();
  for (const m of text.matchAll(/\b(AUD|CAD|NZD|SGD|HKD)\b|(australian|canadian|new zealand) dollars?/gi)) {
    const v = (m[1] ?? m[2] ?? '').toLowerCase();
    others.add(v === 'australian' ? 'aud' : v === 'canadian' ? 'cad' : v === 'new zealand' ? 'nzd' : v);
  }
  if (others.size === 1 && !/\bUSD\b|US ?dollars?|US\$/i.test(text)) return [...others][0]!.toUpperCase();
  return 'USD';
}

function currencyOf(token: string, text: string, after: string): string {
  const t = token.trim();
  if (/\$/.test(t) && t !== 'R$' && !/^(USD|AUD|CAD|NZD|SGD|HKD)/i.test(t)) return dollarCurrency(text, t, after);
  if (/^(dollars?|bucks)$/i.test(t)) return dollarCurrency(text, '$', after);
  if (t === '€' || /^euros?$/i.test(t)) return 'EUR';
  if (t === '£' || /^(pounds?|quid)$/i.test(t)) return 'GBP';
  if (t === '¥') return 'JPY';
  if (t === 'R$' || /^(reais|real)$/i.test(t)) return 'BRL';
  if (/^(kr|kronor|:-)$/i.test(t)) return 'SEK';
  if (/^z[łl]/i.test(t)) return 'PLN';
  if (t === '₹' || /^rupees?$/i.test(t)) return 'INR';
  const code = /^[A-Za-z]{3}/.exec(t)?.[0];
  return code ? code.toUpperCase() : 'USD';
}

/** Prices are stated near the top of a reply; reading 8 KB keeps the pairing of amounts and words cheap. */
const MAX_PRICE_TEXT = 8 * 1024;
const MAX_AMOUNTS = 50;

export function findAmounts(full: string): FoundAmount[] {
  const text = full.slice(0, MAX_PRICE_TEXT);
  const found: FoundAmount[] = [];
  for (const { re, cur } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const index = m.index;
      const end = index + m[0].length;
      let low: number;
      let high: number | undefined;
      let token: string;
      if (cur === 'before') {
        token = m[1]!;
        low = parseNumber(m[2]!, m[3]);
        high = m[4] ? parseNumber(m[4], m[5] || m[3]) : undefined;
      } else {
        token = m[6]!;
        high = m[3] ? parseNumber(m[3], m[4]) : undefined;
        low = parseNumber(m[1]!, m[2] || m[4]);
      }
      if (!Number.isFinite(low) || low <= 0 || low > 1_000_000) continue;
      // A year or a DR/traffic figure is not a price: "$" or a currency word must be present, and
      // a range must go up.
      if (high !== undefined && (!(high > low) || high > 1_000_000)) high = undefined;
      const currency = currencyOf(token, text, text.slice(end, end + 30));
      if (found.some((f) => index < f.end && end > f.index)) continue;
      found.push({ index, end, amount: low, ...(high !== undefined ? { maxAmount: high } : {}), currency });
      if (found.length >= MAX_AMOUNTS) break;
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

// Specific names for the two products first; generic words only when nothing specific is near.
const SPECIFIC: { re: RegExp; type: OfferType }[] = [
  { re: /link[- ]?insertions?|niche[- ]?edits?|insert(ing|ion of)? (a |your |the |one )?(link|backlink|url)|existing (blog )?(post|article|page|content)|already published|old(er)? (post|article)|link placements?|add(ing)? (a |your |the |one )?(do-?follow )?(link|backlink)|inserción|einbindung|linkeinbau|insertion de lien|ajout d'un lien|lien dans un article existant|article existant|bestehende[nm]? (artikel|beitrag)|artículo existente|a[ñn]adir (un |el )?enlace|inserimento (di un |del )?link|articolo esistente|inser[çc][ãa]o de link|artigo existente|linkplaatsing|bestaand(e)? (artikel|bericht)|dodanie linku|istniej[ąa]c(ego|ym) (wpis|artyku[łl])|l[äa]nkinfogning|befintlig(t|a)? (inl[äa]gg|artikel)|l[äa]nk i (ett )?befintlig/gi, type: 'LINK_INSERTION' },
  { re: /guest[- ]?posts?|guest (article|blog)|sponsored (post|article|content|review)s?|sponsored|advertorials?|new (post|article|blog post)|(write|writing|written) (a |an |the |new )?(post|article|content)|content (creation|writing)|press release|gastbeitr[aä]ge?|gastartikel|gesponserte[nr]? (artikel|beitrag)|article (invité|sponsorisé)|articles? sponsoris[ée]s?|artículo (patrocinado|invitado)|art[íi]culos? patrocinados?|articolo (sponsorizzato|ospite)|artigo (patrocinado|convidado)|post patrocinado|gesponsord (artikel|bericht)|gastblog|gastartikel|artyku[łl] (sponsorowany|go[śs]cinny)|wpis sponsorowany|sponsrat inl[äa]gg|g[äa]stinl[äa]gg|publish(ing)? (a |an |your )?(new )?(post|article)/gi, type: 'GUEST_POST' },
];
const GENERIC: { re: RegExp; type: OfferType }[] = [
  { re: /\b(back)?links?\b|\burl\b|anchor|\blinku\b|\bl[äa]nk(en)?\b|\blien\b|\benlace\b/gi, type: 'LINK_INSERTION' },
  { re: /\bposts?\b|\barticles?\b|\bpublish|\bwords\b|\bcontent\b|\bblog post|\bartikel\b|\bbeitrag\b|\bart[íi]culo\b|\barticolo\b|\bartigo\b|\bartyku[łl][a-ząęóśżźćń]{0,3}(?![a-zà-ÿ])|\bwpis\b|\binl[äa]gg(et)?\b/gi, type: 'GUEST_POST' },
];

interface Keyword {
  index: number;
  end: number;
  type: OfferType;
}

function keywords(text: string, rules: typeof SPECIFIC): Keyword[] {
  const out: Keyword[] = [];
  for (const { re, type } of rules) for (const m of text.matchAll(re)) out.push({ index: m.index, end: m.index + m[0].length, type });
  return out;
}

/** Distance between a keyword and an amount; Infinity across a sentence when `sameSentence`. */
function distance(text: string, k: Keyword, a: FoundAmount, amounts: FoundAmount[], sameSentence: boolean): number {
  const [from, to] = k.end <= a.index ? [k.end, a.index] : [a.end, k.index];
  if (to < from) return 0;
  const between = text.slice(from, to);
  // A keyword with another amount in between belongs to that amount.
  if (amounts.some((o) => o !== a && o.index >= from && o.end <= to)) return Infinity;
  let d = between.length;
  if (/[.;!?]\s|\n/.test(between)) {
    if (sameSentence) return Infinity;
    d += 120;
  } else if (/,|\band\b|\bor\b|\bwhile\b|\bbut\b/.test(between)) d += 40;
  return d;
}

function nearest(text: string, a: FoundAmount, kws: Keyword[], amounts: FoundAmount[], limit: number, sameSentence: boolean): OfferType | null {
  let best: { d: number; type: OfferType } | null = null;
  for (const k of kws) {
    const d = distance(text, k, a, amounts, sameSentence);
    if (d <= limit && (!best || d < best.d)) best = { d, type: k.type };
  }
  return best?.type ?? null;
}

// Amounts that restate our offer or our budget are not the partner's price.
const OUR_AMOUNT_BEFORE = /(you|your|you've|you have|you'd)\s+(\w+\s+){0,3}(offer|offered|offering|propose|proposed|budget|suggest|suggested|mention|mentioned|quoted)\s*(of|is|was|at)?\s*$|\byour\s*$|\b(the |your )?offer of\s*$|instead of\s*$|rather than\s*$|(not|isn't|won't|can't|cannot) (do|accept|go as low as|go down to|work for)\s*$/i;
const OUR_AMOUNT_AFTER = /^\s*(that )?(you|you've|you have)\s+(offered|mentioned|proposed|quoted|suggested)/i;

/** "between $200 and $300" is one range. */
function mergeBetween(text: string, amounts: FoundAmount[]): FoundAmount[] {
  const out: FoundAmount[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const a = amounts[i]!;
    const b = amounts[i + 1];
    if (b && a.maxAmount === undefined && a.currency === b.currency && b.amount > a.amount && /between\s*$/i.test(text.slice(Math.max(0, a.index - 12), a.index)) && /^\s*and\s*$/i.test(text.slice(a.end, b.index))) {
      out.push({ ...a, end: b.end, maxAmount: b.amount });
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Default when a reply prices something without naming it: LINK_INSERTION, the cheaper product and
 * the lower ceiling, so an unnamed price is checked against the stricter limit.
 */
export const DEFAULT_OFFER_TYPE: OfferType = 'LINK_INSERTION';

// A range, a lower bound or a package is not one price the CRM can record ("between $150 and $250",
// "start from €90", "3 posts for $600"): the reply is still a PRICE_QUOTE, with no offer.
const RANGE_START_BEFORE = /\b(between|tussen( de)?|zwischen|entre|tra|fra|mi[ęe]dzy|mellan)\s+\S{0,3}\d[\d.,\s]*\S{0,3}\s*(and|en|und|et|y|e|i|och|a|-|–)\s*$/i;
const LOWER_BOUND_BEFORE = /\b(from|starts?|starting|upwards of|ab|à partir de|a partir de|desde|a partire da|vanaf|od|fr[åa]n)\s*(at|from|de|da)?\s*$/i;
const PACKAGE_BEFORE = /\b(\d+|two|three|four|five|six|ten)\s+(\w+\s+){0,2}(for|für|pour|por|per|voor|za|f[öo]r)\s*$|\bpackages?\b[^.\n]{0,40}$/i;

function isSinglePrice(text: string, a: FoundAmount): boolean {
  if (a.maxAmount !== undefined) return false;
  const before = text.slice(Math.max(0, a.index - 60), a.index);
  return !RANGE_START_BEFORE.test(before) && !LOWER_BOUND_BEFORE.test(before) && !PACKAGE_BEFORE.test(before);
}

/** An amount of ours: worded as ours ("you offered $50"), or the very amount our quoted message named. */
function isOurs(text: string, a: FoundAmount, ours: readonly FoundAmount[]): boolean {
  return (
    OUR_AMOUNT_BEFORE.test(text.slice(Math.max(0, a.index - 60), a.index)) ||
    OUR_AMOUNT_AFTER.test(text.slice(a.end, a.end + 40)) ||
    ours.some((o) => o.amount === a.amount && o.currency === a.currency && o.maxAmount === undefined)
  );
}

/**
 * Some price of theirs is stated, even when it is not one recordable price (a range, "from €90").
 * `ours`: the amounts in the message they answer (our pitch); restating one is no price of theirs.
 */
export function statesPrice(text: string, ours: readonly FoundAmount[] = []): boolean {
  return findAmounts(text).some((a) => !isOurs(text, a, ours));
}

export function extractOffers(full: string, ours: readonly FoundAmount[] = []): Offer[] {
  const text = full.slice(0, MAX_PRICE_TEXT);
  const amounts = mergeBetween(text, findAmounts(text)).filter((a) => !isOurs(text, a, ours));
  const single = amounts.filter((a) => isSinglePrice(text, a));
  if (single.length < amounts.length && single.length === 0) return [];
  const specific = keywords(text, SPECIFIC);
  const generic = keywords(text, GENERIC);
  const globalTypes = new Set(specific.map((k) => k.type));
  const offers: Offer[] = [];
  for (const a of single) {
    const type =
      nearest(text, a, specific, amounts, 200, true) ??
      nearest(text, a, generic, amounts, 120, true) ??
      nearest(text, a, specific, amounts, 220, false) ??
      nearest(text, a, generic, amounts, 160, false) ??
      (globalTypes.size === 1 ? [...globalTypes][0]! : null) ??
      DEFAULT_OFFER_TYPE;
    const offer: Offer = { type, amount: a.amount, currency: a.currency, ...(a.maxAmount !== undefined ? { maxAmount: a.maxAmount } : {}) };
    if (!offers.some((o) => o.type === offer.type && o.amount === offer.amount && o.currency === offer.currency && o.maxAmount === offer.maxAmount)) offers.push(offer);
  }
  return offers;
}
