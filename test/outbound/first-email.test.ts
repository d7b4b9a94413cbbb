/** The first-email template and the campaign's small pure helpers, table-driven. */
import { describe, expect, it } from 'vitest';
import { plainLine, templateFirstEmail, type FirstEmailRequest } from '../../src/respond/outreach/first-email.ts';
import { checkOutreach } from '../../src/respond/outreach/outreach-decision.ts';
import { textToHtml } from '../../src/respond/draft/text-to-html.ts';
import { DEFAULT_POLICY } from '../../src/gates/policy.ts';
import { dedupeByDomain, refdomainsLimit } from '../../src/outbound/chain/research.ts';
import { isFresh } from '../../src/outbound/chain/enrich.ts';

const base: FirstEmailRequest = {
  domain: 'alpha.example',
  page: { url: 'https://alpha.example/best-tools', title: 'The 12 best remote tools' },
  ourContent: 'https://client.example/guide',
  angle: 'our survey of 2,000 remote workers',
  context: { keyword: 'remote work tools' },
  contactFirstName: 'ada',
  senderName: 'Sam Writer',
  signature: null,
};

describe('templateFirstEmail', () => {
  it.each<[string, Partial<FirstEmailRequest>, RegExp[], RegExp[]]>([
    ['names their page, our content, the first name, the angle, the keyword and the sender', {}, [/\nHi Ada,/, /"The 12 best remote tools"/, /https:\/\/alpha\.example\/best-tools/, /https:\/\/client\.example\/guide/, /2,000 remote workers/, /remote work tools/, /Sam Writer$/], []],
    ['greets "there" without a usable first name', { contactFirstName: 'info' }, [/\nHi there,/], [/Info/]],
    ['falls back to the domain without a page', { page: null }, [/I have been reading alpha\.example/, /where it fits/], [/from your article/]],
    ['a page without a title is named by its URL', { page: { url: 'https://alpha.example/x', title: null } }, [/this page of yours/, /https:\/\/alpha\.example\/x/], []],
    ['names the competitor for a COMPETITOR campaign', { context: { competitorDomain: 'rival.example' } }, [/same ground as rival\.example/], [/researching/]],
    ['a title with brackets and line breaks becomes one plain line', { page: { url: 'https://alpha.example/x', title: 'Hi [NAME]\n{{first}} <b>tools</b>' } }, [/"Hi NAME first btools\/b"/], [/\[|\{|</]],
    ['without an angle or a sender still reads well', { angle: null, senderName: null }, [/a piece that I think/, /The team$/], []],
    ['signs with the name, then the signature on lines of its own', { signature: 'Outreach lead, Acme SEO\nhttps://acme-seo.example\n\n' }, [/Thanks for your time,\nSam Writer\nOutreach lead, Acme SEO\nhttps:\/\/acme-seo\.example$/], []],
    ['a signature without a name still closes with the team', { senderName: null, signature: 'Acme SEO' }, [/The team\nAcme SEO$/], []],
  ])('%s', (_name, over, present, absent) => {
    const { subject, text } = templateFirstEmail({ ...base, ...over });
    for (const re of present) expect(`${subject}\n${text}`).toMatch(re);
    for (const re of absent) expect(text).not.toMatch(re);
  });

  it.each<[string, Partial<FirstEmailRequest>, string | null]>([
    ['SERP page', {}, 'https://alpha.example/best-tools'],
    ['no page', { page: null }, null],
    ['IMPORT with a page', { context: null }, 'https://alpha.example/best-tools'],
    ['signed with a signature holding our own link and address', { signature: 'Acme SEO\nhttps://acme-seo.example · sam@acme-seo.example' }, 'https://alpha.example/best-tools'],
  ])('passes every draft check (%s)', (_name, over, targetBlogPost) => {
    const { subject, text } = templateFirstEmail({ ...base, ...over });
    const checks = checkOutreach({ subject, text, html: textToHtml(text), to: 'ada@alpha.example', fromAddress: 'sam@client.example' }, { ourContent: base.ourContent, targetBlogPost }, DEFAULT_POLICY, over.signature ?? null);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
  });
});

describe('campaign helpers', () => {
  it.each<[string | null, number, string | null]>([
    ['  a\tb\nc  ', 10, 'a b c'],
    ['x'.repeat(20), 10, `${'x'.repeat(9)}…`],
    ['[]{}<>', 10, null],
    [null, 10, null],
  ])('plainLine(%j, %d) → %j', (raw, max, expected) => {
    expect(plainLine(raw, max)).toBe(expected);
  });

  it('dedupes by normalised domain, keeping the first (best-ranked) occurrence', () => {
    const out = dedupeByDomain([
      { domain: 'https://www.Alpha.example/a', rank: 1 },
      { domain: 'alpha.example', rank: 2 },
      { domain: 'not a domain', rank: 3 },
      { domain: 'beta.example', rank: 4 },
    ]);
    expect(out.map((p) => [p.domain, p.rank])).toEqual([['alpha.example', 1], ['beta.example', 4]]);
  });

  it.each([[1, 100], [50, 200], [500, 1000]])('refdomainsLimit(%d) = %d', (max, limit) => expect(refdomainsLimit(max)).toBe(limit));

  it.each<[string | null, number | undefined, boolean]>([
    [null, undefined, false],
    ['2026-12-01T00:00:00Z', undefined, true],
    ['2026-10-01T00:00:00Z', undefined, false],
    // METRICS_MAX_AGE_DAYS
    ['2026-12-01T00:00:00Z', 7, true],
    ['2026-11-29T00:00:00Z', 7, false],
    ['2026-11-30T00:00:00Z', 7, false],
    ['2026-11-30T00:00:01Z', 7, true],
    ['2026-10-01T00:00:00Z', 90, true],
  ])('isFresh(%j, maxAgeDays %s) on 2026-12-07 = %s', (at, days, fresh) => expect(isFresh(at, new Date('2026-12-07T00:00:00Z'), days)).toBe(fresh));
});
