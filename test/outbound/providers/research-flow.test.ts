/**
 * The provider half of a SERP campaign end to end against all four fakes, without the database: SERP →
 * normalise/dedupe → metrics → filter → people search → chooseContact → one reveal per kept domain.
 * Asserts the money rules: every domain looked up once, only kept domains searched, only the chosen
 * person of each revealed, a locked address is no address.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseContact, OUTREACH_TITLES } from '../../../src/outbound/choose-contact.ts';
import { filterProspects } from '../../../src/outbound/filter/filter-prospects.ts';
import { dedupeDomains } from '../../../src/outbound/filter/normalize-prospects.ts';
import { createProviders } from '../../../src/outbound/providers/create-providers.ts';
import { startFakeResearchProviders } from '../../fakes/research-providers.ts';
import type { FakeResearchProviders } from '../../fakes/research-providers.ts';
import { recordingMeter } from './recording-meter.ts';

let fakes: FakeResearchProviders;

beforeAll(async () => {
  fakes = await startFakeResearchProviders({
    serpapi: false,
    dataforseo: {
      serp: {
        'crm for startups': [
          { domain: 'www.alpha.example', url: 'https://www.alpha.example/crm' },
          { domain: 'en.wikipedia.org', url: 'https://en.wikipedia.org/wiki/CRM' },
          { domain: 'alpha.example', url: 'https://alpha.example/other-crm-page' },
          { domain: 'beta.example', url: 'https://beta.example/best-crm' },
          { domain: 'weak.example', url: 'https://weak.example/crm' },
          { domain: 'www.client.example', url: 'https://www.client.example/guide' },
          { domain: 'dnc.example', url: 'https://dnc.example/crm' },
        ],
      },
    },
    ahrefs: {
      metrics: {
        'alpha.example': { domain_rating: 60 },
        'beta.example': { domain_rating: 45 },
        'weak.example': { domain_rating: 5 },
        'dnc.example': { domain_rating: 70 },
      },
    },
    apollo: {
      people: {
        'alpha.example': [
          { id: 'a-sales', first_name: 'Sal', last_name: 'Seller', title: 'Sales Director', seniority: 'director', email: 'sal@alpha.example', email_status: 'verified' },
          { id: 'a-editor', first_name: 'Eve', last_name: 'Stone', title: 'Managing Editor', seniority: 'manager', email: 'eve@alpha.example', email_status: 'verified' },
        ],
        'beta.example': [{ id: 'b-founder', first_name: 'Bo', last_name: 'Beta', title: 'Founder', email: 'bo@beta.example', email_status: 'verified', locked: true }],
        'weak.example': [{ id: 'w-editor', first_name: 'Wes', last_name: 'Weak', title: 'Editor', email: 'wes@weak.example', email_status: 'verified' }],
      },
    },
  });
});
afterAll(async () => fakes?.close());

it('pays once per domain and reveals only the chosen person of kept domains', async () => {
  const providers = createProviders(fakes.config);
  const meter = recordingMeter();

  const serp = await providers.serp!.search({ keyword: 'crm for startups', depth: 10 }, meter);
  const domains = dedupeDomains(serp.map((r) => r.url));
  expect(domains).toEqual(['alpha.example', 'en.wikipedia.org', 'beta.example', 'weak.example', 'client.example', 'dnc.example']);

  const metrics = await providers.metrics!.metrics(domains, meter);
  const dr = new Map(metrics.map((m) => [m.domain, m.domainRating]));
  const result = filterProspects(
    serp.map((r) => ({ domain: r.url, rank: r.rank, domainRating: dr.get(new URL(r.url).hostname.replace(/^www\./, '')) ?? null })),
    { 'dnc.example': { systemContactStatus: 'DO_NOT_CONTACT', coolingOffUntil: null, lastContactedAt: null, inWorkspacePipeline: false, contactedByOtherWorkspace: false, domainRating: 70 } },
    { ourContent: 'https://client.example/guide', minDomainRating: 20 },
    new Date('2026-12-07T09:00:00Z'),
  );
  expect(result.decisions.map((d) => [d.domain, d.reason])).toEqual([
    ['alpha.example', 'NEW_PROSPECT'],
    ['en.wikipedia.org', 'PLATFORM'],
    ['alpha.example', 'DUPLICATE'],
    ['beta.example', 'NEW_PROSPECT'],
    ['weak.example', 'DR_BELOW_MIN'],
    ['client.example', 'OWN_DOMAIN'],
    ['dnc.example', 'DO_NOT_CONTACT'],
  ]);

  const emails = new Map<string, string | null>();
  for (const kept of result.kept) {
    const people = await providers.people!.search(kept.domain, OUTREACH_TITLES, meter);
    const choice = chooseContact(people);
    if (!choice) continue;
    const revealed = await providers.people!.reveal(choice.chosen, meter);
    emails.set(kept.domain, revealed.email);
  }

  expect(emails).toEqual(new Map([['alpha.example', 'eve@alpha.example'], ['beta.example', null]]));
  expect(fakes.dataforseo!.serpKeywords()).toEqual(['crm for startups']);
  expect(fakes.ahrefs!.batchTargets()).toEqual(domains);
  expect(fakes.apollo!.searchedDomains()).toEqual(['alpha.example', 'beta.example']);
  expect(fakes.apollo!.revealedIds()).toEqual(['a-editor', 'b-founder']);
  expect(meter.total('apollo')).toEqual({ calls: 4, units: 2 });
  expect(meter.total('dataforseo').calls).toBe(1);
  expect(meter.total('ahrefs')).toEqual({ calls: 1, units: 6 });
});
