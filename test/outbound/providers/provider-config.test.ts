import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { createProviders, missingProviderMessage } from '../../../src/outbound/providers/create-providers.ts';

describe('provider configuration', () => {
  it('defaults the vendors base URLs and leaves every vendor off without keys', () => {
    const c = loadConfig({});
    expect([c.DATAFORSEO_BASE_URL, c.SERPAPI_BASE_URL, c.AHREFS_BASE_URL, c.APOLLO_BASE_URL]).toEqual([
      'https://api.dataforseo.com',
      'https://serpapi.com',
      'https://api.ahrefs.com',
      'https://api.apollo.io',
    ]);
    expect(createProviders(c)).toEqual({ serp: null, referringDomains: null, metrics: null, people: null });
  });

  it('refuses a DataForSEO login without its password, naming the missing variable', () => {
    expect(() => loadConfig({ DATAFORSEO_LOGIN: 'me@example.test' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATAFORSEO_LOGIN: 'me@example.test' })).toThrow(/DATAFORSEO_PASSWORD: must be set together/);
    expect(() => loadConfig({ DATAFORSEO_PASSWORD: 'pw' })).toThrow(/DATAFORSEO_LOGIN: must be set together/);
  });

  it('refuses a base URL that is not a URL', () => {
    expect(() => loadConfig({ AHREFS_BASE_URL: 'not a url' })).toThrow(/AHREFS_BASE_URL/);
  });
});

describe('missingProviderMessage', () => {
  const none = createProviders(loadConfig({}));
  const all = createProviders(loadConfig({ DATAFORSEO_LOGIN: 'l', DATAFORSEO_PASSWORD: 'p', AHREFS_API_KEY: 'a', APOLLO_API_KEY: 'b' }));
  const dfsOnly = createProviders(loadConfig({ DATAFORSEO_LOGIN: 'l', DATAFORSEO_PASSWORD: 'p', APOLLO_API_KEY: 'b' }));
  const ahrefsApollo = createProviders(loadConfig({ AHREFS_API_KEY: 'a', APOLLO_API_KEY: 'b' }));

  it.each([
    ['IMPORT', none, {}, null],
    ['SERP', all, { domainRatingFilter: true }, null],
    ['SERP', ahrefsApollo, {}, 'SERP outreach needs DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or SERPAPI_KEY'],
    ['SERP', none, {}, 'SERP outreach needs DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or SERPAPI_KEY; and APOLLO_API_KEY (contact discovery)'],
    ['SERP', dfsOnly, { domainRatingFilter: true }, 'SERP outreach needs AHREFS_API_KEY (Domain Rating for minDomainRating/maxDomainRating)'],
    ['COMPETITOR', dfsOnly, {}, null],
    ['COMPETITOR', dfsOnly, { domainRatingFilter: true }, 'Competitor outreach needs AHREFS_API_KEY (Domain Rating for minDomainRating/maxDomainRating)'],
    ['COMPETITOR', ahrefsApollo, { domainRatingFilter: true }, null],
    ['COMPETITOR', none, {}, 'Competitor outreach needs AHREFS_API_KEY, or DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD; and APOLLO_API_KEY (contact discovery)'],
  ] as const)('%s → %s', (kind, providers, options, message) => {
    expect(missingProviderMessage(kind, providers, options)).toBe(message);
  });
});
