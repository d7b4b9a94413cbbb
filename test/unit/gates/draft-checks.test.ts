import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../../src/gates/draft-checks/check-draft.ts';
import { draftLinksKnown } from '../../../src/gates/draft-checks/links-known.ts';
import { draftPriceWithinCeiling } from '../../../src/gates/draft-checks/price-within-ceiling.ts';
import { draftNoPlaceholders } from '../../../src/gates/draft-checks/no-placeholders.ts';
import { draftLengthWithinBounds } from '../../../src/gates/draft-checks/length-within-bounds.ts';
import { draftAnswersQuestions } from '../../../src/gates/draft-checks/answers-questions.ts';
import { draftContentOnFile } from '../../../src/gates/draft-checks/content-on-file.ts';
import { draftReply } from '../../../src/respond/draft/templates.ts';
import { findPrices } from '../../../src/gates/draft-checks/find-prices.ts';
import { findEmails, findLinks, normalizeLink } from '../../../src/gates/draft-checks/find-links.ts';
import { int, pick, rng } from '../../support/chaos-fuzz.ts';
import type { DraftCheckContext } from '../../../src/gates/draft-checks/types.ts';
import { DEFAULT_POLICY, type GatePolicy } from '../../../src/gates/policy.ts';

const context: DraftCheckContext = {
  threadTexts: ['Hi Anna, I loved https://coolblog.com/best-crm-tools — would you consider our guide?', 'Sure, send it over. Cc my colleague bob@coolblog.com'],
  threadAddresses: ['anna@coolblog.com', 'sam@acme.io'],
  relationship: { ourContent: 'https://acme.io/guides/crm-buyers-guide', targetBlogPost: 'https://coolblog.com/best-crm-tools' },
};
const policy = (over: Partial<GatePolicy> = {}): GatePolicy => ({ ...DEFAULT_POLICY, ...over });

describe('find-links / find-emails', () => {
  it.each([
    ['https://Acme.io/guides/x/.', ['acme.io/guides/x']],
    ['see www.acme.io/a?b=1#top, thanks', ['acme.io/a?b=1']],
    ['visit evil.xyz now', ['evil.xyz']],
    ['mail me at a@b.com', []],
    ['e.g. this, i.e. that, 1.5k, 10.30am', []],
    ['<a href="https://acme.io/x?a=1&amp;b=2">x</a>', ['acme.io/x?a=1&b=2']],
  ])('%s', (text, expected) => {
    expect(findLinks(text).map((l) => l.normalized)).toEqual(expected);
  });

  it('finds emails case-insensitively', () => {
    expect(findEmails('Write to Bob@CoolBlog.com or x@y.io.')).toEqual(['bob@coolblog.com', 'x@y.io']);
  });
});

describe('draft-links-known', () => {
  it.each([
    ['no links', 'Thanks Anna, talk soon.', true],
    ['our content', 'Here it is: https://acme.io/guides/crm-buyers-guide', true],
    ['our content without scheme or with trailing slash', 'See acme.io/guides/crm-buyers-guide/ and www.coolblog.com/best-crm-tools', true],
    ['the target post', 'Your post https://coolblog.com/best-crm-tools.', true],
    ['a bare known host', 'Love what you do at coolblog.com', true],
    ['an address from the thread text', 'I will loop in bob@coolblog.com', true],
    ['an address from the headers', 'Reach me at sam@acme.io', true],
    ['an unknown link', 'Also check https://evil.example/pay', false],
    ['an unknown bare domain', 'Also check evil.xyz', false],
    ['a different path on a known host', 'See https://acme.io/pricing', false],
    ['an unknown address', 'Send it to payments@evil.example', false],
  ])('%s', (_name, text, passed) => {
    const r = draftLinksKnown({ text }, context);
    expect(r.gate).toBe('draft-links-known');
    expect(r.passed).toBe(passed);
  });

  it('checks hrefs in the HTML part too', () => {
    const r = draftLinksKnown({ text: 'Here it is: https://acme.io/guides/crm-buyers-guide', html: '<a href="https://evil.example/x">https://acme.io/guides/crm-buyers-guide</a>' }, context);
    expect(r.passed).toBe(false);
    expect(r.reason).toMatch(/evil.example/);
  });
});

describe('find-prices', () => {
  it.each([
    ['$1,200', [{ amount: 1200, currency: 'USD' }]],
    ['€300 and £50', [{ amount: 300, currency: 'EUR' }, { amount: 50, currency: 'GBP' }]],
    ['US$99.50', [{ amount: 99.5, currency: 'USD' }]],
    ['$1.5k', [{ amount: 1500, currency: 'USD' }]],
    ['150 USD or EUR 200', [{ amount: 200, currency: 'EUR' }, { amount: 150, currency: 'USD' }]],
    ['200 dollars', [{ amount: 200, currency: 'USD' }]],
    ['50% of 3 posts', []],
  ])('%s', (text, expected) => {
    expect(findPrices(text).map(({ amount, currency }) => ({ amount, currency }))).toEqual(expected);
  });
});

describe('draft-price-within-ceiling', () => {
  it.each([
    ['no price passes', 'Sounds good!', {}, undefined, true, /names no price/],
    ['a price with no ceiling set trips', 'We can do $100.', {}, undefined, false, /no ceiling is set/],
    ['a price within the ceiling passes', 'We can do $100.', { maxPriceLinkInsertion: 150, maxPriceGuestPost: 300 }, undefined, true, /within 150/],
    ['a price above the ceiling trips', 'We can do $200.', { maxPriceLinkInsertion: 150, maxPriceGuestPost: 300 }, undefined, false, /above the ceiling/],
    ['the offer type picks the ceiling', 'We can do $250.', { maxPriceLinkInsertion: 150, maxPriceGuestPost: 300 }, ['GUEST_POST'] as const, true, /within 300/],
    ['an unset ceiling for the type trips', 'We can do $50.', { maxPriceLinkInsertion: 150 }, ['GUEST_POST'] as const, false, /no ceiling/],
    ['another currency trips', 'We can do €100.', { maxPriceLinkInsertion: 150 }, undefined, false, /not USD/],
  ])('%s', (_name, text, over, offerTypes, passed, reason) => {
    const r = draftPriceWithinCeiling({ text }, { ...context, ...(offerTypes ? { offerTypes } : {}) }, policy(over));
    expect(r.passed).toBe(passed);
    expect(r.reason).toMatch(reason);
  });
});

describe('draft-no-placeholders', () => {
  it.each([
    ['clean text', 'Hi Anna, thanks so much for the quick reply!', true],
    ['mustache', 'Hi {{firstName}},', false],
    ['single braces', 'Hi {first_name},', false],
    ['template literal', 'Hi ${name},', false],
    ['[NAME]', 'Hi [NAME],', false],
    ['[Your Name]', 'Best, [Your Name]', false],
    ['<first name>', 'Hi <first name>,', false],
    ['TODO', 'TODO: add link', false],
    ['lorem', 'Lorem ipsum dolor sit amet', false],
    ['undefined', 'Hi undefined,', false],
    ['[object Object]', 'See [object Object]', false],
    ['lowercase todo in a sentence is fine', 'Top of my to-do list, todo apps aside.', true],
  ])('%s', (_name, text, passed) => {
    expect(draftNoPlaceholders({ text }).passed).toBe(passed);
  });
});

describe('draft-length', () => {
  it.each([
    ['too short', 'Thanks!', false, /shorter than 40/],
    ['within bounds', 'x'.repeat(100), true, /100 characters/],
    ['too long', 'x'.repeat(2001), false, /longer than 2000/],
    ['whitespace does not count', `   ${'x'.repeat(39)}   `, false, /39 characters/],
  ])('%s', (_name, text, passed, reason) => {
    const r = draftLengthWithinBounds({ text }, DEFAULT_POLICY);
    expect(r.passed).toBe(passed);
    expect(r.reason).toMatch(reason);
  });
});

describe('checkDraft', () => {
  it('runs all seven checks in order', () => {
    const results = checkDraft({ text: 'Hi Anna,\n\nHere it is: https://acme.io/guides/crm-buyers-guide\n\nBest,\nSam' }, context, DEFAULT_POLICY);
    expect(results.map((r) => r.gate)).toEqual(['draft-links-known', 'draft-price-within-ceiling', 'draft-no-placeholders', 'draft-length', 'draft-language', 'draft-answers-questions', 'draft-content-on-file']);
    expect(results.every((r) => r.passed)).toBe(true);
  });

  it('reports every failure', () => {
    const results = checkDraft({ text: 'Hi {{name}}, pay $500 at https://evil.example' }, context, DEFAULT_POLICY);
    expect(results.filter((r) => !r.passed).map((r) => r.gate)).toEqual(['draft-links-known', 'draft-price-within-ceiling', 'draft-no-placeholders']);
  });
});

describe('draft-answers-questions', () => {
  const asks = [{ intent: 'INTERESTED' as const, confidence: 0.85 }, { intent: 'QUESTION' as const, confidence: 0.8 }];
  it.each([
    ['a template answering a question', 'template', asks, false],
    ['a template answering a primary question', 'template', [{ intent: 'QUESTION' as const, confidence: 0.85 }], false],
    ['a model answering a question', 'model', asks, true],
    ['a person\'s text (an edit, a first email)', undefined, asks, true],
    ['a template answering a plain yes', 'template', [{ intent: 'INTERESTED' as const, confidence: 0.9 }], true],
    ['a faint question does not count', 'template', [{ intent: 'INTERESTED' as const, confidence: 0.9 }, { intent: 'QUESTION' as const, confidence: 0.3 }], true],
    ['no reply at all (first email)', 'template', undefined, true],
  ] as const)('%s', (_name, by, intents, passed) => {
    const r = draftAnswersQuestions({ text: 'Hi Anna,\n\nHere it is.', ...(by ? { by } : {}) }, intents ? { intents } : {});
    expect(r.passed).toBe(passed);
    if (!passed) expect(r.reason).toMatch(/cannot answer it/);
  });
});

describe('draft-content-on-file', () => {
  const guide = 'https://acme.io/guides/crm-buyers-guide';
  it.each([
    ['a template offering a piece nobody filed', 'template', true, null, false],
    ['a template offering a piece nobody filed (blank)', 'template', true, '   ', false],
    ['a model draft offering a piece nobody filed', 'model', true, null, false],
    ['a template offering the filed piece', 'template', true, guide, true],
    ['a template offering a filed title', 'template', true, 'The CRM buyer\'s guide', true],
    ['a template that offers nothing (a referral\'s thanks)', 'template', false, null, true],
    ['a person\'s text', undefined, true, null, true],
  ] as const)('%s', (_name, by, offersContent, ourContent, passed) => {
    const r = draftContentOnFile({ text: 'Hi Anna', offersContent, ...(by ? { by } : {}) }, { relationship: { ourContent, targetBlogPost: null } });
    expect(r.passed).toBe(passed);
    if (!passed) expect(r.reason).toMatch(/no ourContent/);
  });

  const draftFor = (intent: 'INTERESTED' | 'QUESTION' | 'REFERRAL' | 'PRICE_QUOTE', ourContent: string | null) =>
    draftReply({ intent, subject: 'Guest post', senderName: 'Sam', relationship: { ourContent, targetBlogPost: null } });
  it.each([
    ['INTERESTED', true], ['QUESTION', true], ['REFERRAL', false], ['PRICE_QUOTE', false],
  ] as const)('the %s template says whether it offers our piece', (intent, offers) => {
    expect(draftFor(intent, null).offersContent).toBe(offers);
    expect(draftFor(intent, guide).offersContent).toBe(offers);
  });

  it('an INTERESTED template without content is held; with content it passes', () => {
    const context = { threadTexts: ['Sure, send it over'], relationship: { ourContent: null, targetBlogPost: null }, intents: [{ intent: 'INTERESTED' as const, confidence: 0.9 }] };
    const without = checkDraft({ ...draftFor('INTERESTED', null), by: 'template' }, context, DEFAULT_POLICY);
    expect(without.filter((r) => !r.passed).map((r) => r.gate)).toEqual(['draft-content-on-file']);
    const withContent = checkDraft({ ...draftFor('INTERESTED', guide), by: 'template' }, { ...context, relationship: { ourContent: guide, targetBlogPost: null } }, DEFAULT_POLICY);
    expect(withContent.every((r) => r.passed)).toBe(true);
  });
});

describe('findLinks and findEmails skip only text that cannot hold what they look for', () => {
  // the search without the shortcuts (no "@" or dot-before-label test first), as it was written
  const EMAIL = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}\b/gi;
  const KINDS = [/\bhttps?:\/\/[^\s<>"'`]+/gi, /\bwww\.[^\s<>"'`]+/gi, /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b(?:\/[^\s<>"'`]*)?/gi];
  const decode = (s: string) => s.replace(/&amp;/gi, '&').replace(/&#x2f;|&#47;/gi, '/').replace(/&quot;/gi, '"').replace(/&#39;/g, "'");
  const reference = (text: string) => {
    let rest = decode(text).replace(EMAIL, ' ');
    const raw: string[] = [];
    for (const re of KINDS) {
      for (const m of rest.matchAll(re)) raw.push(m[0]);
      rest = rest.replace(re, ' ');
    }
    return raw;
  };
  const PIECES = ['Thanks for the piece', '. ', 'example', '.com', '.Co', 'www', 'https://', 'a@b', '@', 'x.y', ' ', '\n', '&amp;', 'ſ', 'K', '.9', 'sub-domain', '/path?q=1', '-', '..', 'É.fr', 'e.g.', 'mail.example.org', '"', 'UPPER.IO'];
  it('finds the same links and addresses as the search without shortcuts, on 3,000 seeded texts', () => {
    const r = rng(20261207);
    for (let i = 0; i < 3_000; i++) {
      const text = Array.from({ length: 1 + int(r, 14) }, () => pick(r, PIECES)).join('');
      expect(findLinks(text), text).toEqual(reference(text).flatMap((raw) => normalizeLink(raw) ?? []));
      expect(findEmails(text), text).toEqual([...decode(text).matchAll(EMAIL)].map((m) => m[0].toLowerCase()));
    }
  });
});
