import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/respond/draft/money.ts';
import { distinctPrices } from '../../src/intel/prices/price-summary.ts';
import type { PriceEntry } from '../../src/intel/prices/db/price-entries.ts';

describe('formatMoney (pure)', () => {
  it.each([
    [150, 'USD', '$150'],
    [1200, 'eur', '€1,200'],
    [300, 'CHF', '300 CHF'],
    [1234.5, 'GBP', '£1,234.50'],
    [0.1, 'USD', '$0.10'],
    [1_000_000, 'JPY', '1,000,000 JPY'],
  ])('%s %s → %s', (amount, currency, want) => expect(formatMoney(amount, currency)).toBe(want));

  it('writes every amount as the per-call locale formatting did', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2_000; i++) {
      const amount = i % 3 === 0 ? Math.round(next() * 100_000) : Math.round(next() * 10_000_000) / 100;
      const digits = Number.isInteger(amount) ? 0 : 2;
      const reference = amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
      expect(formatMoney(amount, 'USD')).toBe(`$${reference}`);
    }
  });
});

describe('distinctPrices orders by time as the collation did', () => {
  it('newest first over ISO times, ties in their given order', () => {
    const at = (ms: number) => new Date(Date.UTC(2024, 0, 1) + ms).toISOString();
    const entries: PriceEntry[] = [5, 1, 9_000_000_000, 1, 86_400_000, 999].map((ms, i) => ({
      type: 'GUEST_POST', amount: 100 + i, currency: 'USD', at: at(ms), fromThisAgency: true, workspaceId: 'ws', source: 'CLASSIFIER',
    }));
    const reference = [...entries].sort((a, b) => b.at.localeCompare(a.at));
    expect(distinctPrices(entries)).toEqual(reference);
  });
});
