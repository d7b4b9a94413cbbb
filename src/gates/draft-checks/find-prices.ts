/** Finds money amounts in a draft: "$1,200", "€300", "150 USD", "EUR 99.50", "$1.5k", "200 dollars". */
export interface FoundPrice {
  amount: number;
  /** ISO 4217. */
  currency: string;
  excerpt: string;
}

const NUMBER = String.raw`(\d{1,3}(?:[,.]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?:\s?(k))?`;
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
const WORDS: Record<string, string> = {
  usd: 'USD', eur: 'EUR', gbp: 'GBP', dollar: 'USD', dollars: 'USD', bucks: 'USD',
  euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP',
};

const SYMBOL_FIRST = new RegExp(String.raw`(US\s?)?([$€£])\s?${NUMBER}`, 'gi');
const CODE_FIRST = new RegExp(String.raw`\b(USD|EUR|GBP)\s?${NUMBER}`, 'gi');
const CODE_AFTER = new RegExp(String.raw`\b${NUMBER}\s?(usd|eur|gbp|dollars?|bucks|euros?|pounds?)\b`, 'gi');

function toAmount(whole: string, cents: string | undefined, k: string | undefined): number {
  const base = Number(whole.replace(/[,.]/g, '')) + (cents ? Number(`0.${cents}`) : 0);
  return k ? base * 1000 : base;
}

export function findPrices(text: string): FoundPrice[] {
  const prices: FoundPrice[] = [];
  let rest = text;
  for (const m of rest.matchAll(SYMBOL_FIRST)) {
    const [excerpt, , symbol = '$', whole = '0', cents, k] = m;
    prices.push({ amount: toAmount(whole, cents, k), currency: SYMBOLS[symbol] ?? 'USD', excerpt });
  }
  rest = rest.replace(SYMBOL_FIRST, ' ');
  for (const m of rest.matchAll(CODE_FIRST)) {
    const [excerpt, code = 'USD', whole = '0', cents, k] = m;
    prices.push({ amount: toAmount(whole, cents, k), currency: code.toUpperCase(), excerpt });
  }
  rest = rest.replace(CODE_FIRST, ' ');
  for (const m of rest.matchAll(CODE_AFTER)) {
    const [excerpt, whole = '0', cents, k, word = 'usd'] = m;
    prices.push({ amount: toAmount(whole, cents, k), currency: WORDS[word.toLowerCase()] ?? 'USD', excerpt });
  }
  return prices;
}
