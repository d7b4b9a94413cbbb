/**
 * Referring domains through DataForSEO: `POST {DATAFORSEO_BASE_URL}/v3/backlinks/referring_domains/live`
 * with one task `{target, limit, order_by: ["rank,desc"], exclude_internal_backlinks: true}`; items are
 * `tasks[0].result[0].items[]` (`type: "backlinks_referring_domain"`, `domain`, `rank`, `backlinks`, ...).
 *
 * DataForSEO's `rank` is its own 0–1000 scale, not Ahrefs DR: `domainRating` stays null so no DR filter
 * ever runs on it (the metrics provider fills DR later, if configured).
 */
import { z } from 'zod';
import { postDataForSeoTask } from './dataforseo-envelope.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, ReferringDomain, ReferringDomainsProvider } from './ports.ts';

const ENDPOINT = 'backlinks/referring_domains/live';
const itemSchema = z.object({ domain: z.string() });
const resultSchema = z.object({ items: z.array(z.unknown()).nullish() });

export function createDataForSeoReferringDomains(http: ProviderHttp): ReferringDomainsProvider {
  return {
    name: 'dataforseo',
    async referringDomains(competitorDomain: string, limit: number, meter: CallMeter): Promise<ReferringDomain[]> {
      const task = { target: competitorDomain, limit, order_by: ['rank,desc'], exclude_internal_backlinks: true };
      const result = await postDataForSeoTask(http, '/v3/backlinks/referring_domains/live', ENDPOINT, task, meter);
      const items = resultSchema.safeParse(result ?? {}).data?.items ?? [];
      const out: ReferringDomain[] = [];
      for (const raw of items) {
        const item = itemSchema.safeParse(raw);
        if (item.success) out.push({ domain: item.data.domain, domainRating: null, organicTraffic: null });
      }
      return out.slice(0, limit);
    },
  };
}
