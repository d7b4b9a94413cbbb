import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { planEffects } from '../../../src/classify/effects.ts';
import { email } from './helpers.ts';
import { LANGUAGE_CASES } from './nine-languages.cases.ts';

const now = new Date('2026-12-01T12:00:00Z');
const ours = ['outreach@ourseoagency.com'];

function read(c: (typeof LANGUAGE_CASES)[number]) {
  const headers: Record<string, string> = c.auto ? { 'auto-submitted': 'auto-replied' } : {};
  return classifyWithRules({ email: email({ text: c.text, subject: c.subject ?? 'Re: Collaboration idea', headers }), ourAddresses: ours, now }, detectLanguage);
}

describe('replies in nine languages (written for these tests)', () => {
  it.each(LANGUAGE_CASES.map((c) => [c.lang, c.intent, c.text, c] as const))('%s %s: %s', (_lang, intent, _text, c) => {
    const r = read(c);
    expect(r.intent).toBe(intent);
    if (c.returnDate !== undefined) expect(r.facts.returnDate).toBe(c.returnDate);
    if (c.referralEmail) expect(r.facts.referralEmail).toBe(c.referralEmail);
    if (c.prices) expect(r.facts.offers.map((o) => ({ type: o.type, amount: o.amount, currency: o.currency }))).toEqual(c.prices);
    if (intent === 'UNSUBSCRIBE') {
      const kinds = planEffects(r, { contactEmail: 'editor@partner-blog.example', now }).map((e) => e.kind);
      expect(kinds).toContain('do-not-contact');
      expect(kinds).toContain('rejected');
    }
  });
});

describe('a refusal read from its shape stays where it belongs', () => {
  const readText = (text: string) => classifyWithRules({ email: email({ text }), ourAddresses: ours, now });
  it.each([
    ["N'hésitez pas à m'envoyer l'article.", 'INTERESTED'],
    ["Don't hesitate to send the article over.", 'INTERESTED'],
    ['No problem, send the links over.', 'INTERESTED'],
    ["We don't charge for guest posts. Send it over and I'll have a look.", 'INTERESTED'],
    ["Happy to publish it, as long as there are no more than 2 links.", 'INTERESTED'],
    ['Ich bin momentan nicht im Büro und ab dem 7.12. wieder erreichbar.', 'OUT_OF_OFFICE'],
  ] as const)('%s → %s', (text, intent) => {
    expect(readText(text).intent).toBe(intent);
  });

  it('"I can\'t open the link" is no refusal', () => {
    expect(readText("I can't open the link you sent.").intent).not.toBe('NOT_INTERESTED');
  });

  it('a refusal before a question waits for a human; a question before a condition may be answered', () => {
    const refusedFirst = readText('Appreciate it, but our blog has never featured outside authors. Any other ideas?');
    expect(refusedFirst.intent).toBe('QUESTION');
    expect(refusedFirst.confidence).toBeLessThan(0.8);
    const askedFirst = readText("Which page is it for? We don't link to casino sites.");
    expect(askedFirst.intent).toBe('QUESTION');
    expect(askedFirst.confidence).toBeGreaterThanOrEqual(0.8);
  });
});
