/**
 * A loopback fake of SerpApi's Google engine: `GET /search.json?engine=google&q=&api_key=&start=`
 * (https://serpapi.com/search-api). Ten organic results a page from `seed.results[q]`, `position`
 * absolute across pages, `serpapi_pagination.next` while more remain. Errors as documented
 * (https://serpapi.com/api-status-and-error-codes): `{"error": "..."}` with 401 for a wrong key, 400
 * for a missing `q`; and for a query Google has nothing for, a 200 with `search_metadata.status:
 * "Success"` plus `error: "Google hasn't returned any results for this query."`.
 */
import { randomUUID } from 'node:crypto';
import { startProviderFake } from './provider-fake-http.ts';
import type { FakeProviderServer, RecordedProviderRequest } from './provider-fake-http.ts';

export interface FakeSerpApiResult {
  link: string;
  title?: string;
}

export interface FakeSerpApiSeed {
  apiKey?: string;
  /** By query (case-insensitive), in rank order. */
  results?: Record<string, FakeSerpApiResult[]>;
}

export interface FakeSerpApiServer extends FakeProviderServer {
  readonly apiKey: string;
}

const PAGE = 10;

export async function startFakeSerpApi(seed: FakeSerpApiSeed = {}): Promise<FakeSerpApiServer> {
  const apiKey = seed.apiKey ?? 'serpapi-test-key';
  const results = new Map(Object.entries(seed.results ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

  const handle = (req: RecordedProviderRequest) => {
    if (req.method !== 'GET' || req.path !== '/search.json') return { status: 404, body: { error: 'Not found.' } };
    if (req.query.api_key !== apiKey) {
      return { status: 401, body: { error: 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key' } };
    }
    if (req.query.engine !== 'google') return { status: 400, body: { error: 'Unsupported `engine` parameter.' } };
    const q = req.query.q;
    if (!q) return { status: 400, body: { error: 'Missing query `q` parameter.' } };
    const start = Number(req.query.start ?? '0');
    if (!Number.isInteger(start) || start < 0) return { status: 400, body: { error: 'Invalid `start` parameter.' } };
    const id = randomUUID().replace(/-/g, '').slice(0, 24);
    const metadata = { id, status: 'Success', json_endpoint: `https://serpapi.com/searches/${id}.json`, total_time_taken: 0.5 };
    const parameters = { engine: 'google', q, google_domain: 'google.com', device: 'desktop', start };
    const all = results.get(q.toLowerCase()) ?? [];
    const page = all.slice(start, start + PAGE);
    if (page.length === 0) {
      return {
        status: 200,
        body: {
          search_metadata: metadata,
          search_parameters: parameters,
          search_information: { organic_results_state: 'Fully empty' },
          error: "Google hasn't returned any results for this query.",
        },
      };
    }
    const more = start + PAGE < all.length;
    return {
      status: 200,
      body: {
        search_metadata: metadata,
        search_parameters: parameters,
        search_information: { organic_results_state: 'Results for exact spelling', total_results: all.length },
        organic_results: page.map((r, i) => ({
          position: start + i + 1,
          title: r.title ?? new URL(r.link).hostname,
          link: r.link,
          displayed_link: r.link,
          snippet: 'A page about it.',
          source: new URL(r.link).hostname,
        })),
        serpapi_pagination: {
          current: start / PAGE + 1,
          ...(more ? { next: `https://serpapi.com/search.json?engine=google&q=${encodeURIComponent(q)}&start=${start + PAGE}` } : {}),
        },
      },
    };
  };

  const server = await startProviderFake(handle);
  return { ...server, apiKey };
}
