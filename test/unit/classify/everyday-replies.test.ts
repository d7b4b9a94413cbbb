/**
 * Everyday replies in the nine languages (everyday-replies.cases.ts), each read three ways: bare, and
 * inside a whole email of its language with our pitch quoted Gmail-style (`>` lines under "On … wrote:")
 * and Outlook-style (a header block, no `>`). The label must not depend on the wrapping: the
 * greeting, signature, phone footer and our quoted unsubscribe footer are never the partner's words.
 */
import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { planEffects } from '../../../src/classify/effects.ts';
import { email } from './helpers.ts';
import { ACCEPTED_OFFER_CASES, EVERYDAY_CASES } from './everyday-replies.cases.ts';
import { wholeEmail } from './whole-email.ts';

const now = new Date('2026-12-01T12:00:00Z');
const ours = ['outreach@ourseoagency.com'];

const read = (text: string, subject = 'Re: Collaboration idea', auto = false) =>
  classifyWithRules({ email: email({ text, subject, headers: auto ? { 'auto-submitted': 'auto-replied' } : {} }), ourAddresses: ours, now }, detectLanguage);

const rows = EVERYDAY_CASES.flatMap((c) => (['bare', 'gmail', 'outlook'] as const).map((how) => [c.lang, c.intent, how, c.text, c] as const));

describe('everyday replies, bare and inside a whole email', () => {
  it.each(rows)('%s %s (%s): %s', (lang, intent, how, text, c) => {
    const r = read(how === 'bare' ? text : wholeEmail(lang, text, how), c.subject, c.auto);
    expect(r.intent).toBe(intent);
    if (c.returnDate !== undefined) expect(r.facts.returnDate).toBe(c.returnDate);
    if (c.prices) expect(r.facts.offers.map((o) => ({ type: o.type, amount: o.amount, currency: o.currency }))).toEqual(c.prices);
    if (intent === 'UNSUBSCRIBE') {
      const kinds = planEffects(r, { contactEmail: 'editor@partner-blog.example', now }).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['do-not-contact', 'rejected']));
    }
  });
});

describe('saying yes to the amount we offered is no price of theirs', () => {
  it.each(ACCEPTED_OFFER_CASES.flatMap((c) => (['gmail', 'outlook'] as const).map((how) => [c.lang, how, c.text, c.pitch] as const)))('%s (%s): %s', (lang, how, text, pitch) => {
    const r = read(wholeEmail(lang, text, how, pitch));
    expect(r.intent).toBe('INTERESTED');
    expect(r.facts.offers).toEqual([]);
  });

  it('a counter-offer keeps their own number and drops ours', () => {
    const r = read(wholeEmail('en', '$50 is too low for us, our rate is $150 for a link.', 'gmail', 'We can offer $50 for a link in your article.'));
    expect(r.intent).toBe('PRICE_QUOTE');
    expect(r.facts.offers).toEqual([{ type: 'LINK_INSERTION', amount: 150, currency: 'USD' }]);
  });

  it('the same number without our pitch quoted is their price', () => {
    expect(read('$50 is fine, send me the article.').facts.offers).toEqual([{ type: 'GUEST_POST', amount: 50, currency: 'USD' }]);
  });
});

describe('what is no refusal stays so', () => {
  it.each([
    ["We haven't published the article yet, it goes live next week.", 'NOT_INTERESTED'],
    ['Den Link haben wir noch nicht eingefügt, das kommt Montag.', 'NOT_INTERESTED'],
    ['The link we added is not working on mobile, can you check?', 'NOT_INTERESTED'],
    ['Messages received during our holiday closure (24 December - 1 January) will be answered on the next business day. Ticket ID: 4411.', 'OUT_OF_OFFICE'],
  ] as const)('%s is not %s', (text, not) => {
    expect(read(text).intent).not.toBe(not);
  });
});
