/**
 * SERP through SerpApi: `GET {SERPAPI_BASE_URL}/search.json?engine=google&q=&api_key=&start=`, one
 * search credit per page. Google serves 10 organic results a page, so `depth` 30 is pages start=0, 10,
 * 20; paging stops early when a page has no organic results or no `serpapi_pagination.next`.
 * `organic_results[]` carry `position` (absolute across pages), `link`, `title`.
 *
 * Errors: HTTP 401/429/5xx with `{"error": "..."}` (the client handles those); and a 200 whose
 * `search_metadata.status` is "Error" or that has a top-level `error` — except Google's "hasn't returned
 * any results", which is an empty page, not a failure.
 */
import { z } from 'zod';
import { ProviderError } from './ports.ts';
import { redact } from './http-client.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, SerpProvider, SerpQuery, SerpResult } from './ports.ts';
import { hostOf } from './dataforseo-serp.ts';

const ENDPOINT = 'search.json';
const PAGE_SIZE = 10;

const pageSchema = z.object({
  error: z.string().nullish(),
  search_metadata: z.object({ status: z.string().nullish() }).nullish(),
  organic_results: z.array(z.unknown()).nullish(),
  serpapi_pagination: z.object({ next: z.string().nullish() }).nullish(),
});
const resultSchema = z.object({ position: z.number().nullish(), link: z.string(), title: z.string().nullish() });

export function createSerpApiSerp(http: ProviderHttp, apiKey: string): SerpProvider {
  return {
    name: 'serpapi',
    async search(query: SerpQuery, meter: CallMeter): Promise<SerpResult[]> {
      const out: SerpResult[] = [];
      for (let start = 0; start < query.depth; start += PAGE_SIZE) {
        const response = await http.request({
          method: 'GET',
          path: '/search.json',
          endpoint: ENDPOINT,
          query: { engine: 'google', q: query.keyword, api_key: apiKey, start, location: query.location, hl: query.language },
        });
        await meter.record({ provider: 'serpapi', endpoint: ENDPOINT, units: 1 });
        const page = pageSchema.safeParse(response.json);
        if (!page.success) throw new ProviderError('serpapi', `${ENDPOINT}: unexpected response shape`, false);
        const error = page.data.error ?? null;
        if (error && /hasn't returned any results/i.test(error)) break;
        if (error || page.data.search_metadata?.status === 'Error') {
          throw new ProviderError('serpapi', redact(`${ENDPOINT}: ${(error ?? 'search failed').slice(0, 200)}`, [apiKey]), false);
        }
        const results = page.data.organic_results ?? [];
        for (const raw of results) {
          const item = resultSchema.safeParse(raw);
          if (!item.success) continue;
          const domain = hostOf(item.data.link);
          if (!domain) continue;
          out.push({ rank: item.data.position ?? out.length + 1, url: item.data.link, title: item.data.title ?? null, domain });
        }
        if (results.length === 0 || !page.data.serpapi_pagination?.next) break;
      }
      return out.slice(0, query.depth);
    },
  };
}
