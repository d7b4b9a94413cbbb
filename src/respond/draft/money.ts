const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

// built once: `toLocaleString` builds a number format on every call (a gates batch formats every partner's price history)
const WHOLE = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "$150", "€1,200", "300 CHF": how a person writes a price in an email. */
export function formatMoney(amount: number, currency: string): string {
  const n = (Number.isInteger(amount) ? WHOLE : CENTS).format(amount);
  const symbol = SYMBOLS[currency.toUpperCase()];
  return symbol ? `${symbol}${n}` : `${n} ${currency.toUpperCase()}`;
}
