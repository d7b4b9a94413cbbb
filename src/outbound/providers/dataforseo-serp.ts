/**
 * SERP through DataForSEO: `POST {DATAFORSEO_BASE_URL}/v3/serp/google/organic/live/advanced`, HTTP Basic
 * `login:password`, body a JSON array with one task `{keyword, location_name | location_code,
 * language_code, depth}`. Organic results are `tasks[0].result[0].items[]` with `type == "organic"`;
 * `rank_group` is the organic rank (`rank_absolute` counts every SERP element).
 */
import { z } from 'zod';
import { postDataForSeoTask } from './dataforseo-envelope.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, SerpProvider, SerpQuery, SerpResult } from './ports.ts';

const ENDPOINT = 'serp/google/organic/live/advanced';
/** United States: DataForSEO needs a location; SPEC's default market. */
const DEFAULT_LOCATION_CODE = 2840;

const itemSchema = z.object({
  type: z.string(),
  rank_group: z.number().nullish(),
  rank_absolute: z.number().nullish(),
  domain: z.string().nullish(),
  url: z.string().nullish(),
  title: z.string().nullish(),
});
const resultSchema = z.object({ items: z.array(z.unknown()).nullish() });

export function createDataForSeoSerp(http: ProviderHttp): SerpProvider {
  return {
    name: 'dataforseo',
    async search(query: SerpQuery, meter: CallMeter): Promise<SerpResult[]> {
      const task: Record<string, unknown> = {
        keyword: query.keyword,
        language_code: query.language ?? 'en',
        depth: query.depth,
      };
      if (query.location) task.location_name = query.location;
      else task.location_code = DEFAULT_LOCATION_CODE;
      const result = await postDataForSeoTask(http, `/v3/serp/google/organic/live/advanced`, ENDPOINT, task, meter);
      const items = resultSchema.safeParse(result ?? {}).data?.items ?? [];
      const out: SerpResult[] = [];
      for (const raw of items) {
        const item = itemSchema.safeParse(raw);
        if (!item.success || item.data.type !== 'organic' || !item.data.url) continue;
        const domain = item.data.domain ?? hostOf(item.data.url);
        if (!domain) continue;
        out.push({ rank: item.data.rank_group ?? out.length + 1, url: item.data.url, title: item.data.title ?? null, domain });
      }
      return out.slice(0, query.depth);
    },
  };
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
