/**
 * Pure: a partner's price history as one line an approver (and the drafter) reads next to an offer —
 * "last asked: $350 (May 2026) link insertion; earlier: $300 (March 2026) link insertion, €250
 * (January 2026) guest post". Currency as quoted (never converted); no workspace or agency named.
 */
import { formatMoney } from '../../respond/draft/money.ts';
import type { PriceEntry } from './db/price-entries.ts';

/** How many earlier prices the line shows after the last one (enough to judge an offer). */
export const EARLIER_SHOWN = 3;

const TYPE_TEXT: Record<PriceEntry['type'], string> = { LINK_INSERTION: 'link insertion', GUEST_POST: 'guest post' };

// formats built once (`toLocaleString` builds one per call)
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const PLAIN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

const month = (iso: string): string => MONTH.format(new Date(iso));

const amountText = (e: Pick<PriceEntry, 'amount' | 'currency'>): string =>
  e.currency ? formatMoney(e.amount, e.currency) : `${PLAIN.format(e.amount)} (no currency given)`;

const entryText = (e: PriceEntry): string => `${amountText(e)} (${month(e.at)}) ${TYPE_TEXT[e.type]}`;

/**
 * Newest first, a price quoted more than once (same type, amount and currency) shown once, at its
 * latest date: the different prices asked are what an approver judges an offer by.
 */
export function distinctPrices(entries: readonly PriceEntry[]): PriceEntry[] {
  // ISO 8601 times of one format order as strings do (no collation needed)
  const newestFirst = [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const out: PriceEntry[] = [];
  for (const e of newestFirst) {
    const seen = out.some((o) => o.type === e.type && o.amount === e.amount && o.currency === e.currency);
    if (!seen) out.push(e);
  }
  return out;
}

/** The line, or null when no price was ever recorded for the partner. */
export function priceHistoryLine(entries: readonly PriceEntry[], earlierShown = EARLIER_SHOWN): string | null {
  const [last, ...earlier] = distinctPrices(entries);
  if (!last) return null;
  const shown = earlier.slice(0, earlierShown);
  const more = earlier.length - shown.length;
  return `last asked: ${entryText(last)}${shown.length ? `; earlier: ${shown.map(entryText).join(', ')}` : ''}${more > 0 ? ` (+${more} older)` : ''}`;
}
