import { describe, it, expect } from 'vitest';
import { extractOffers, parseNumber } from '../../../src/classify/rules/prices.ts';
import type { Offer } from '../../../src/classify/types.ts';

const gp = (amount: number, currency: string, maxAmount?: number): Offer => ({ type: 'GUEST_POST', amount, currency, ...(maxAmount ? { maxAmount } : {}) });
const li = (amount: number, currency: string, maxAmount?: number): Offer => ({ type: 'LINK_INSERTION', amount, currency, ...(maxAmount ? { maxAmount } : {}) });

describe('extractOffers', () => {
  const cases: [string, Offer[]][] = [
    ['Our price for a guest post is $1,200.', [gp(1200, 'USD')]],
    ['Link insertion is 300 EUR.', [li(300, 'EUR')]],
    ['£90 per link', [li(90, 'GBP')]],
    ['A sponsored post is 75 dollars.', [gp(75, 'USD')]],
    ['1.200 € für einen Gastbeitrag', [gp(1200, 'EUR')]],
    // A range, a lower bound or a package is no single price the CRM records (the dev set's convention).
    ['Niche edits are $100-150.', []],
    ['Sponsored posts: $350 - $500', []],
    ['between $200 and $300 for sponsored content', []],
    ['ergens tussen de 80 en 150 euro', []],
    ['Link insertions start from €90', []],
    ['3 guest posts for $600, or 5 for $900', []],
    ['Vi tar 1 500 kr för ett sponsrat inlägg', [gp(1500, 'SEK')]],
    ['dodanie linku do istniejącego wpisu: 350 zł', [li(350, 'PLN')]],
    ['R$ 400 por artigo patrocinado', [gp(400, 'BRL')]],
    ['£95 + VAT for a link insertion', [li(95, 'GBP')]],
    ['1 200 zł za artykuł sponsorowany', [gp(1200, 'PLN')]],
    ['Guest posts cost CAD $300.', [gp(300, 'CAD')]],
    ['Prices are in AUD: $250 for a guest post.', [gp(250, 'AUD')]],
    ['The fee is 12,50 € per link.', [li(12.5, 'EUR')]],
    ['$1.5k for a homepage feature article', [gp(1500, 'USD')]],
    ['You offered $50, we need $120 for an insertion.', [li(120, 'USD')]],
    ['Your $60 is too low; $95 for the link insertion.', [li(95, 'USD')]],
    ['Is the $50 you mentioned per link?', []],
    ['We get 25,000 visits, DR 51, 2,000 words max.', []],
    ['Guest post $220, link insertion $110.', [gp(220, 'USD'), li(110, 'USD')]],
    ['Our standard fee is €90.', [li(90, 'EUR')]],
  ];
  it.each(cases)('%s', (text, offers) => {
    expect(extractOffers(text)).toEqual(offers);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1,200', 1200],
    ['1.200', 1200],
    ['1 200', 1200],
    ['99.99', 99.99],
    ['12,50', 12.5],
    ['1.234.567,89', 1234567.89],
  ])('%s → %d', (raw, n) => {
    expect(parseNumber(raw)).toBe(n);
  });
});
