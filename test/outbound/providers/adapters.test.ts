/**
 * Every adapter against its loopback fake, in the vendor's documented shapes: what is sent (path,
 * auth, body), what is read back, what is metered, and how each vendor's errors become ProviderErrors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviders } from '../../../src/outbound/providers/create-providers.ts';
import type { ProviderConfig } from '../../../src/outbound/providers/create-providers.ts';
import { ProviderError } from '../../../src/outbound/providers/ports.ts';
import { startFakeAhrefs } from '../../fakes/ahrefs-server.ts';
import type { FakeAhrefsServer } from '../../fakes/ahrefs-server.ts';
import { startFakeApollo } from '../../fakes/apollo-server.ts';
import type { FakeApolloServer } from '../../fakes/apollo-server.ts';
import { DATAFORSEO_SERP_PATH, startFakeDataForSeo } from '../../fakes/dataforseo-server.ts';
import type { FakeDataForSeoServer } from '../../fakes/dataforseo-server.ts';
import { startFakeSerpApi } from '../../fakes/serpapi-server.ts';
import type { FakeSerpApiServer } from '../../fakes/serpapi-server.ts';
import { recordingMeter } from './recording-meter.ts';

const serpItems = Array.from({ length: 25 }, (_, i) => ({ domain: `www.site${i + 1}.example`, url: `https://www.site${i + 1}.example/best-crm`, title: `Best CRM ${i + 1}` }));

let dfs: FakeDataForSeoServer;
let serpapi: FakeSerpApiServer;
let ahrefs: FakeAhrefsServer;
let apollo: FakeApolloServer;
let config: ProviderConfig;
const waits: number[] = [];
const fast = { sleep: async (ms: number) => void waits.push(ms), maxRetryWaitMs: 5_000 };

beforeAll(async () => {
  dfs = await startFakeDataForSeo({
    serp: { 'best crm': serpItems },
    referringDomains: { 'rival.example': [{ domain: 'linker-a.example', rank: 420 }, { domain: 'linker-b.example', rank: 510 }] },
  });
  serpapi = await startFakeSerpApi({ results: { 'best crm': serpItems.map((s) => ({ link: s.url, title: s.title })) } });
  ahrefs = await startFakeAhrefs({
    refdomains: {
      'rival.example': [
        { domain: 'low.example', domain_rating: 12, traffic_domain: 40 },
        { domain: 'high.example', domain_rating: 71, traffic_domain: 90_000 },
      ],
    },
    metrics: { 'site1.example': { domain_rating: 55, org_traffic: 1200, org_keywords: 300, refdomains: 80, backlinks: 900 } },
    unitsPerRow: 2,
  });
  apollo = await startFakeApollo({
    people: {
      'site1.example': [
        { id: 'p-editor', first_name: 'Eva', last_name: 'Editor', title: 'Managing Editor', seniority: 'manager', email: 'eva@site1.example', email_status: 'verified' },
        { id: 'p-locked', first_name: 'Lou', last_name: 'Locked', title: 'Content Manager', email: 'lou@site1.example', email_status: 'verified', locked: true },
        { id: 'p-guess', first_name: 'Gus', last_name: 'Guess', title: 'Founder', email: 'gus@site1.example', email_status: 'guessed' },
      ],
    },
  });
  config = {
    DATAFORSEO_LOGIN: dfs.login,
    DATAFORSEO_PASSWORD: dfs.password,
    DATAFORSEO_BASE_URL: dfs.baseURL,
    SERPAPI_KEY: serpapi.apiKey,
    SERPAPI_BASE_URL: serpapi.baseURL,
    AHREFS_API_KEY: ahrefs.apiKey,
    AHREFS_BASE_URL: ahrefs.baseURL,
    APOLLO_API_KEY: apollo.apiKey,
    APOLLO_BASE_URL: apollo.baseURL,
  };
});

afterAll(async () => {
  await Promise.all([dfs?.close(), serpapi?.close(), ahrefs?.close(), apollo?.close()]);
});

const only = (overrides: Partial<ProviderConfig>): ProviderConfig => ({
  DATAFORSEO_LOGIN: undefined,
  DATAFORSEO_PASSWORD: undefined,
  DATAFORSEO_BASE_URL: config.DATAFORSEO_BASE_URL,
  SERPAPI_KEY: undefined,
  SERPAPI_BASE_URL: config.SERPAPI_BASE_URL,
  AHREFS_API_KEY: undefined,
  AHREFS_BASE_URL: config.AHREFS_BASE_URL,
  APOLLO_API_KEY: undefined,
  APOLLO_BASE_URL: config.APOLLO_BASE_URL,
  ...overrides,
});

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('createProviders', () => {
  it('prefers DataForSEO for SERP and Ahrefs for referring domains when both are configured', () => {
    const p = createProviders(config);
    expect([p.serp?.name, p.referringDomains?.name, p.metrics?.name, p.people?.name]).toEqual(['dataforseo', 'ahrefs', 'ahrefs', 'apollo']);
  });
  it('uses the other vendor when only it has keys, and null when none', () => {
    const p = createProviders(only({ SERPAPI_KEY: 'k', DATAFORSEO_LOGIN: 'l', DATAFORSEO_PASSWORD: 'p' }));
    expect(p.referringDomains?.name).toBe('dataforseo');
    expect(createProviders(only({ SERPAPI_KEY: 'k' })).serp?.name).toBe('serpapi');
    expect(createProviders(only({}))).toEqual({ serp: null, referringDomains: null, metrics: null, people: null });
  });
});

describe('DataForSEO SERP', () => {
  it('posts one task with Basic auth and reads organic items only, metering cost as units', async () => {
    const meter = recordingMeter();
    const before = dfs.requests.length;
    const results = await createProviders(config).serp!.search({ keyword: 'best crm', depth: 20, language: 'en' }, meter);
    expect(results).toHaveLength(20);
    expect(results[0]).toEqual({ rank: 1, url: 'https://www.site1.example/best-crm', title: 'Best CRM 1', domain: 'www.site1.example' });
    const sent = dfs.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual([{ keyword: 'best crm', language_code: 'en', depth: 20, location_code: 2840 }]);
    expect(meter.total('dataforseo')).toEqual({ calls: 1, units: 0.002 });
  });

  it('fails on a task status inside HTTP 200 (40501) and still meters the call', async () => {
    dfs.injectStatus('task', 40501, "Invalid Field: 'keyword'.", { pathPrefix: DATAFORSEO_SERP_PATH });
    const meter = recordingMeter();
    const error = await providerError(createProviders(config).serp!.search({ keyword: 'best crm', depth: 10 }, meter));
    expect(error.message).toContain('dataforseo');
    expect(error.message).toContain('40501');
    expect(error.retryable).toBe(false);
    expect(meter.total('dataforseo').calls).toBe(1);
  });

  it('fails on a request-level status code inside HTTP 200', async () => {
    dfs.injectStatus('request', 50000, 'Internal Error.', { pathPrefix: DATAFORSEO_SERP_PATH });
    const error = await providerError(createProviders(config).serp!.search({ keyword: 'best crm', depth: 10 }, recordingMeter()));
    expect(error.message).toContain('50000');
    expect(error.retryable).toBe(true);
  });

  it('reads "No Search Results" as an empty list', async () => {
    expect(await createProviders(config).serp!.search({ keyword: 'nothing here', depth: 10 }, recordingMeter())).toEqual([]);
  });

  it('names the provider and not the password on 401', async () => {
    const p = createProviders({ ...config, DATAFORSEO_PASSWORD: 'wrong-password-123' });
    const error = await providerError(p.serp!.search({ keyword: 'best crm', depth: 10 }, recordingMeter()));
    expect(error.message).toMatch(/^dataforseo: .*401/);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('wrong-password-123');
    expect(error.message).not.toContain(dfs.login);
  });
});

describe('SerpApi SERP', () => {
  it('pages with start until depth, one credit per page', async () => {
    const meter = recordingMeter();
    const p = createProviders(only({ SERPAPI_KEY: serpapi.apiKey }));
    const before = serpapi.requests.length;
    const results = await p.serp!.search({ keyword: 'best crm', depth: 30 }, meter);
    expect(results.map((r) => r.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(results[24]?.domain).toBe('www.site25.example');
    expect(serpapi.requests.slice(before).map((r) => r.query.start)).toEqual(['0', '10', '20']);
    expect(meter.total('serpapi')).toEqual({ calls: 3, units: 3 });
  });

  it('reads "no results" as an empty list and any other error in a 200 as a failure', async () => {
    const p = createProviders(only({ SERPAPI_KEY: serpapi.apiKey }));
    expect(await p.serp!.search({ keyword: 'nothing at all', depth: 20 }, recordingMeter())).toEqual([]);
    serpapi.injectFault({ kind: 'body', body: { search_metadata: { status: 'Error' }, error: `Search failed for key ${serpapi.apiKey}` } });
    const error = await providerError(p.serp!.search({ keyword: 'best crm', depth: 10 }, recordingMeter()));
    expect(error.message).toContain('Search failed');
    expect(error.message).not.toContain(serpapi.apiKey);
  });

  it('never puts the key in an error', async () => {
    const p = createProviders(only({ SERPAPI_KEY: 'serpapi-wrong-key-456' }));
    const error = await providerError(p.serp!.search({ keyword: 'best crm', depth: 10 }, recordingMeter()));
    expect(error.message).toContain('serpapi');
    expect(error.message).toContain('401');
    expect(error.message).not.toContain('serpapi-wrong-key-456');
  });
});

describe('referring domains', () => {
  it('Ahrefs: GET refdomains with Bearer auth, DR and traffic, units from the header', async () => {
    const meter = recordingMeter();
    const rows = await createProviders(config).referringDomains!.referringDomains('rival.example', 50, meter);
    expect(rows).toEqual([
      { domain: 'high.example', domainRating: 71, organicTraffic: 90_000 },
      { domain: 'low.example', domainRating: 12, organicTraffic: 40 },
    ]);
    const sent = ahrefs.requests.at(-1)!;
    expect(sent.query).toMatchObject({ target: 'rival.example', mode: 'subdomains', history: 'live', order_by: 'domain_rating:desc', limit: '50' });
    expect(meter.total('ahrefs')).toEqual({ calls: 1, units: 4 });
  });

  it('Ahrefs: honours Retry-After on 429 and then succeeds', async () => {
    waits.length = 0;
    ahrefs.rateLimit(2, 1);
    const rows = await createProviders(config, fast).referringDomains!.referringDomains('rival.example', 50, recordingMeter());
    expect(rows).toHaveLength(2);
    expect(waits).toEqual([2000]);
  });

  it('Ahrefs: a Retry-After longer than we wait fails retryable without sleeping', async () => {
    waits.length = 0;
    ahrefs.rateLimit(600, 1);
    const error = await providerError(createProviders(config, fast).referringDomains!.referringDomains('rival.example', 50, recordingMeter()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('429');
    expect(waits).toEqual([]);
  });

  it('DataForSEO: never passes its rank off as DR', async () => {
    const p = createProviders(only({ DATAFORSEO_LOGIN: dfs.login, DATAFORSEO_PASSWORD: dfs.password }));
    const rows = await p.referringDomains!.referringDomains('rival.example', 10, recordingMeter());
    expect(rows).toEqual([
      { domain: 'linker-b.example', domainRating: null, organicTraffic: null },
      { domain: 'linker-a.example', domainRating: null, organicTraffic: null },
    ]);
  });
});

describe('Ahrefs metrics', () => {
  it('batches targets and matches rows back by index', async () => {
    const meter = recordingMeter();
    const domains = Array.from({ length: 7 }, (_, i) => `site${i + 1}.example`);
    const before = ahrefs.requests.length;
    const rows = await createProviders(config, { ahrefsBatchSize: 3 }).metrics!.metrics(domains, meter);
    expect(ahrefs.requests.length - before).toBe(3);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ domain: 'site1.example', domainRating: 55, organicTraffic: 1200, organicKeywords: 300, referringDomains: 80, backlinks: 900 });
    expect(rows[6]).toEqual({ domain: 'site7.example', domainRating: null, organicTraffic: null, organicKeywords: null, referringDomains: null, backlinks: null });
    expect(meter.total('ahrefs')).toEqual({ calls: 3, units: 14 });
  });
});

describe('Ahrefs metrics failing part-way', () => {
  it('keeps the metering of the batch already paid for', async () => {
    const meter = recordingMeter();
    const metrics = createProviders(config, { ...fast, ahrefsBatchSize: 2 }).metrics!;
    expect(metrics.batchSize).toBe(2);
    ahrefs.injectFault({ kind: 'status', status: 200, body: { targets: [] }, headers: { 'x-api-units-cost-total-actual': '2' } });
    ahrefs.rateLimit(3600, 1);
    const error = await providerError(metrics.metrics(['a.example', 'b.example', 'c.example'], meter));
    expect(error.retryable).toBe(true);
    expect(meter.total('ahrefs')).toEqual({ calls: 1, units: 2 });
  });
});

describe('Apollo people', () => {
  it('searches free by domain and titles, and reveals exactly the chosen person', async () => {
    const meter = recordingMeter();
    const people = createProviders(config).people!;
    const found = await people.search('site1.example', ['editor', 'content', 'founder'], meter);
    expect(found.map((p) => p.providerPersonId)).toEqual(['p-editor', 'p-locked', 'p-guess']);
    const search = apollo.requests.at(-1)!;
    expect(search.params.getAll('q_organization_domains_list[]')).toEqual(['site1.example']);
    expect(search.params.getAll('person_titles[]')).toEqual(['editor', 'content', 'founder']);

    const revealed = await people.reveal(found[0]!, meter);
    expect(revealed).toMatchObject({ providerPersonId: 'p-editor', firstName: 'Eva', lastName: 'Editor', email: 'eva@site1.example', emailStatus: 'verified' });
    expect(apollo.revealedIds()).toEqual(['p-editor']);
    expect(meter.calls.map((c) => [c.endpoint, c.units])).toEqual([
      ['mixed_people/api_search', 0],
      ['people/match', 1],
    ]);
  });

  it('treats the locked placeholder and unverified statuses as no email', async () => {
    const people = createProviders(config).people!;
    const [, locked, guessed] = await people.search('site1.example', [], recordingMeter());
    expect((await people.reveal(locked!, recordingMeter())).email).toBeNull();
    expect((await people.reveal(guessed!, recordingMeter())).email).toBeNull();
  });

  it('a wrong key is a non-retryable error naming apollo', async () => {
    const error = await providerError(createProviders({ ...config, APOLLO_API_KEY: 'apollo-wrong-789' }).people!.search('site1.example', [], recordingMeter()));
    expect(error.message).toMatch(/^apollo: .*401/);
    expect(error.message).not.toContain('apollo-wrong-789');
    expect(error.retryable).toBe(false);
  });
});
