import { describe, expect, it } from 'vitest';
import { filterProspects } from '../../../src/outbound/filter/filter-prospects.ts';
import type { ProspectFacts, ProspectFilterInput } from '../../../src/outbound/filter/filter-prospects.ts';
import { dedupeDomains, normalizeProspects } from '../../../src/outbound/filter/normalize-prospects.ts';
import { platformOf } from '../../../src/outbound/filter/platforms.ts';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const facts = (over: Partial<ProspectFacts> = {}): ProspectFacts => ({
  systemContactStatus: 'NEVER_CONTACTED',
  coolingOffUntil: null,
  lastContactedAt: null,
  inWorkspacePipeline: false,
  contactedByOtherWorkspace: false,
  domainRating: null,
  ...over,
});
const base: ProspectFilterInput = { ourContent: 'https://www.client.example/guide/crm', competitorDomain: 'rival.example' };

describe('filterProspects: one reason per domain', () => {
  const cases: Array<{
    name: string;
    domain: string;
    dr?: number | null;
    facts?: Partial<ProspectFacts>;
    filters?: Partial<ProspectFilterInput>;
    kept: boolean;
    reason: string;
    startStatus?: string;
  }> = [
    { name: 'an ordinary new site', domain: 'https://www.blog.example/post', kept: true, reason: 'NEW_PROSPECT', startStatus: 'PROSPECTING' },
    { name: 'not a domain', domain: 'not a domain!', kept: false, reason: 'INVALID_DOMAIN' },
    { name: "the client's own domain (host of ourContent)", domain: 'client.example', kept: false, reason: 'OWN_DOMAIN' },
    { name: "a subdomain of the client's", domain: 'blog.client.example', kept: false, reason: 'OWN_DOMAIN' },
    { name: 'the competitor', domain: 'www.rival.example', kept: false, reason: 'COMPETITOR' },
    { name: 'excludeDomains', domain: 'news.excluded.example', filters: { excludeDomains: ['https://excluded.example'] }, kept: false, reason: 'EXCLUDED' },
    { name: 'wikipedia', domain: 'en.wikipedia.org', kept: false, reason: 'PLATFORM' },
    { name: 'amazon in another country', domain: 'www.amazon.co.uk', kept: false, reason: 'PLATFORM' },
    { name: 'DO_NOT_CONTACT', domain: 'dnc.example', facts: { systemContactStatus: 'DO_NOT_CONTACT' }, kept: false, reason: 'DO_NOT_CONTACT' },
    { name: 'BOUNCED', domain: 'bounce.example', facts: { systemContactStatus: 'BOUNCED' }, kept: false, reason: 'BOUNCED' },
    { name: 'cooling off', domain: 'cool.example', facts: { coolingOffUntil: '2026-12-20T00:00:00.000Z' }, kept: false, reason: 'COOLING_OFF' },
    { name: 'cooling off that ended', domain: 'cooled.example', facts: { coolingOffUntil: '2026-12-01T00:00:00.000Z' }, kept: true, reason: 'NEW_PROSPECT' },
    { name: "already in this workspace's pipeline", domain: 'mine.example', facts: { inWorkspacePipeline: true }, kept: false, reason: 'IN_PIPELINE' },
    {
      name: 'contacted on the platform within the window',
      domain: 'recent.example',
      facts: { lastContactedAt: '2026-11-27T09:00:00.000Z' },
      filters: { skipContactedWithinDays: 30 },
      kept: false,
      reason: 'RECENTLY_CONTACTED',
    },
    { name: 'contacted long ago', domain: 'old.example', facts: { lastContactedAt: '2026-01-01T00:00:00.000Z' }, filters: { skipContactedWithinDays: 30 }, kept: true, reason: 'NEW_PROSPECT' },
    { name: 'contacted recently but the window is off', domain: 'recent2.example', facts: { lastContactedAt: '2026-12-06T00:00:00.000Z' }, kept: true, reason: 'NEW_PROSPECT' },
    { name: 'DR below the minimum', domain: 'weak.example', dr: 12, filters: { minDomainRating: 30 }, kept: false, reason: 'DR_BELOW_MIN' },
    { name: 'DR above the maximum', domain: 'huge.example', dr: 92, filters: { maxDomainRating: 80 }, kept: false, reason: 'DR_ABOVE_MAX' },
    { name: 'DR on the bound', domain: 'edge.example', dr: 30, filters: { minDomainRating: 30, maxDomainRating: 30 }, kept: true, reason: 'NEW_PROSPECT' },
    { name: "DR from the shared account when research had none", domain: 'acct.example', facts: { domainRating: 10 }, filters: { minDomainRating: 30 }, kept: false, reason: 'DR_BELOW_MIN' },
    { name: 'DR unknown with a bound set', domain: 'unknown.example', filters: { minDomainRating: 30 }, kept: false, reason: 'DR_UNKNOWN' },
    { name: 'DR unknown without bounds', domain: 'unknown2.example', kept: true, reason: 'NEW_PROSPECT' },
    { name: 'DR unknown with bounds that restrict nothing', domain: 'unknown3.example', filters: { minDomainRating: 0, maxDomainRating: 100 }, kept: true, reason: 'NEW_PROSPECT' },
    { name: 'DR unknown with only a ceiling', domain: 'unknown4.example', filters: { maxDomainRating: 50 }, kept: false, reason: 'DR_UNKNOWN' },
    {
      name: 'another workspace contacted it',
      domain: 'shared.example',
      facts: { contactedByOtherWorkspace: true, systemContactStatus: 'CONTACTED' },
      kept: true,
      reason: 'CONTACTED_BY_OTHER_ORG',
      startStatus: 'CONTACTED_BY_OTHER_ORG',
    },
    {
      name: 'DNC wins over another workspace',
      domain: 'shared-dnc.example',
      facts: { contactedByOtherWorkspace: true, systemContactStatus: 'DO_NOT_CONTACT' },
      kept: false,
      reason: 'DO_NOT_CONTACT',
    },
  ];

  it.each(cases)('$name → $reason', (c) => {
    const normal = c.domain.replace(/^https?:\/\//, '').replace(/^www\./, '').split('/')[0] ?? '';
    const result = filterProspects([{ domain: c.domain, domainRating: c.dr ?? null }], c.facts ? { [normal]: facts(c.facts) } : {}, { ...base, ...c.filters }, NOW);
    expect(result.decisions).toHaveLength(1);
    const d = result.decisions[0]!;
    expect(d.kept).toBe(c.kept);
    expect(d.reason).toBe(c.reason);
    expect(d.detail.length).toBeGreaterThan(0);
    if (c.startStatus && d.kept) expect(d.startStatus).toBe(c.startStatus);
  });
});

describe('filterProspects over a list', () => {
  it('dedupes by normalised domain keeping the best-ranked, and caps at maxProspects in order', () => {
    const candidates = [
      { domain: 'https://www.a.example/x', rank: 1 },
      { domain: 'A.example', rank: 2 },
      { domain: 'youtube.com', rank: 3 },
      { domain: 'b.example', rank: 4 },
      { domain: 'c.example', rank: 5 },
      { domain: 'd.example', rank: 6 },
    ];
    const result = filterProspects(candidates, new Map(), { ...base, maxProspects: 2 }, NOW);
    expect(result.decisions.map((d) => [d.candidate.rank, d.domain, d.reason])).toEqual([
      [1, 'a.example', 'NEW_PROSPECT'],
      [2, 'a.example', 'DUPLICATE'],
      [3, 'youtube.com', 'PLATFORM'],
      [4, 'b.example', 'NEW_PROSPECT'],
      [5, 'c.example', 'MAX_PROSPECTS'],
      [6, 'd.example', 'MAX_PROSPECTS'],
    ]);
    expect(result.kept.map((k) => k.domain)).toEqual(['a.example', 'b.example']);
    expect(result.dropped).toHaveLength(4);
  });

  it('defaults maxProspects to 50 and decides every candidate exactly once', () => {
    const candidates = Array.from({ length: 60 }, (_, i) => ({ domain: `s${i}.example` }));
    const result = filterProspects(candidates, {}, base, NOW);
    expect(result.kept).toHaveLength(50);
    expect(result.decisions).toHaveLength(60);
  });

  it('works without ourContent or a competitor (IMPORT)', () => {
    const result = filterProspects([{ domain: 'client.example' }], {}, { ourContent: null }, NOW);
    expect(result.kept).toHaveLength(1);
  });
});

describe('normalisation and platforms', () => {
  it('dedupeDomains normalises and keeps first-seen order', () => {
    expect(dedupeDomains(['https://WWW.B.example/p', 'a.example', 'b.example', 'nope nope', 'mailto:x@a.example'])).toEqual(['b.example', 'a.example']);
    expect(normalizeProspects([{ domain: '' }]).invalid).toHaveLength(1);
  });

  it.each([
    ['wikipedia.org', 'wikipedia.org'],
    ['de.wikipedia.org', 'wikipedia.org'],
    ['m.youtube.com', 'youtube.com'],
    ['amazon.de', 'amazon.de'],
    ['smile.amazon.com', 'amazon.com'],
    ['x.com', 'x.com'],
    ['old.reddit.com', 'reddit.com'],
    ['someone.medium.com', 'medium.com'],
    ['github.com', 'github.com'],
    ['google.com.au', 'google.com.au'],
    ['someone.github.io', null],
    ['myblog.blogspot.com', null],
    ['amazonbasics-review.example', null],
    ['netflix-x.com', null],
    ['techcrunch.com', null],
  ])('platformOf(%s) = %s', (domain, platform) => {
    expect(platformOf(domain)).toBe(platform);
  });
});
