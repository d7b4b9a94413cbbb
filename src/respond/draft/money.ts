const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** "$150", "€1,200", "300 CHF": how a person writes a price in an email. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  const n = amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const symbol = SYMBOLS[currency.toUpperCase()];
  return symbol ? `${symbol}${n}` : `${n} ${currency.toUpperCase()}`;
}
