/**
 * All four research-provider fakes at once, for end-to-end campaign tests: `env` holds every key and
 * base URL (spread it into loadConfig's env, or hand `config` to createProviders). Leave a vendor out
 * with `{ serpapi: false }` to test "prefer the other one" or a missing key.
 */
import type { ProviderConfig } from '../../src/outbound/providers/create-providers.ts';
import { startFakeAhrefs } from './ahrefs-server.ts';
import type { FakeAhrefsSeed, FakeAhrefsServer } from './ahrefs-server.ts';
import { startFakeApollo } from './apollo-server.ts';
import type { FakeApolloSeed, FakeApolloServer } from './apollo-server.ts';
import { startFakeDataForSeo } from './dataforseo-server.ts';
import type { FakeDataForSeoSeed, FakeDataForSeoServer } from './dataforseo-server.ts';
import { startFakeSerpApi } from './serpapi-server.ts';
import type { FakeSerpApiSeed, FakeSerpApiServer } from './serpapi-server.ts';

export interface FakeResearchSeed {
  dataforseo?: FakeDataForSeoSeed | false;
  serpapi?: FakeSerpApiSeed | false;
  ahrefs?: FakeAhrefsSeed | false;
  apollo?: FakeApolloSeed | false;
}

export interface FakeResearchProviders {
  dataforseo: FakeDataForSeoServer | null;
  serpapi: FakeSerpApiServer | null;
  ahrefs: FakeAhrefsServer | null;
  apollo: FakeApolloServer | null;
  /** Environment variables for the started vendors (keys and base URLs). */
  env: Record<string, string>;
  /** The same as a ProviderConfig (unstarted vendors unset). */
  config: ProviderConfig;
  close(): Promise<void>;
}

export async function startFakeResearchProviders(seed: FakeResearchSeed = {}): Promise<FakeResearchProviders> {
  const [dataforseo, serpapi, ahrefs, apollo] = await Promise.all([
    seed.dataforseo === false ? null : startFakeDataForSeo(seed.dataforseo ?? {}),
    seed.serpapi === false ? null : startFakeSerpApi(seed.serpapi ?? {}),
    seed.ahrefs === false ? null : startFakeAhrefs(seed.ahrefs ?? {}),
    seed.apollo === false ? null : startFakeApollo(seed.apollo ?? {}),
  ]);
  const env: Record<string, string> = {
    ...(dataforseo ? { DATAFORSEO_LOGIN: dataforseo.login, DATAFORSEO_PASSWORD: dataforseo.password, DATAFORSEO_BASE_URL: dataforseo.baseURL } : {}),
    ...(serpapi ? { SERPAPI_KEY: serpapi.apiKey, SERPAPI_BASE_URL: serpapi.baseURL } : {}),
    ...(ahrefs ? { AHREFS_API_KEY: ahrefs.apiKey, AHREFS_BASE_URL: ahrefs.baseURL } : {}),
    ...(apollo ? { APOLLO_API_KEY: apollo.apiKey, APOLLO_BASE_URL: apollo.baseURL } : {}),
  };
  const config: ProviderConfig = {
    DATAFORSEO_LOGIN: dataforseo?.login,
    DATAFORSEO_PASSWORD: dataforseo?.password,
    DATAFORSEO_BASE_URL: dataforseo?.baseURL ?? 'http://127.0.0.1:9',
    SERPAPI_KEY: serpapi?.apiKey,
    SERPAPI_BASE_URL: serpapi?.baseURL ?? 'http://127.0.0.1:9',
    AHREFS_API_KEY: ahrefs?.apiKey,
    AHREFS_BASE_URL: ahrefs?.baseURL ?? 'http://127.0.0.1:9',
    APOLLO_API_KEY: apollo?.apiKey,
    APOLLO_BASE_URL: apollo?.baseURL ?? 'http://127.0.0.1:9',
  };
  return {
    dataforseo,
    serpapi,
    ahrefs,
    apollo,
    env,
    config,
    close: async () => {
      await Promise.all([dataforseo?.close(), serpapi?.close(), ahrefs?.close(), apollo?.close()]);
    },
  };
}
