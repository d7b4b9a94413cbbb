/**
 * Domain metrics through Ahrefs batch analysis: `POST {AHREFS_BASE_URL}/v3/batch-analysis/batch-analysis
 * {select: [domain_rating, org_traffic, org_keywords, refdomains, backlinks], targets: [{url, mode:
 * "domain", protocol: "both"}]}` → `{targets: [{index, url, domain_rating, org_traffic, ...}]}`.
 * `index` is the target's position in the request, which is how rows are matched back to domains.
 * Sent in batches (default 25 targets: the smallest per-request row limit of Ahrefs' API plans), each
 * batch one call on the meter with the units Ahrefs reports in `x-api-units-cost-total-actual`.
 */
import { z } from 'zod';
import { ProviderError } from './ports.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, DomainMetrics, DomainMetricsProvider } from './ports.ts';
import { ahrefsUnits } from './ahrefs-refdomains.ts';

const ENDPOINT = 'batch-analysis/batch-analysis';
export const AHREFS_BATCH_SIZE = 25;
const SELECT = ['domain_rating', 'org_traffic', 'org_keywords', 'refdomains', 'backlinks'];

const responseSchema = z.object({ targets: z.array(z.unknown()) });
const rowSchema = z.object({
  index: z.number().int(),
  domain_rating: z.number().nullish(),
  org_traffic: z.number().nullish(),
  org_keywords: z.number().nullish(),
  refdomains: z.number().nullish(),
  backlinks: z.number().nullish(),
});

export function createAhrefsMetrics(http: ProviderHttp, batchSize = AHREFS_BATCH_SIZE): DomainMetricsProvider {
  return {
    name: 'ahrefs',
    batchSize,
    async metrics(domains: readonly string[], meter: CallMeter): Promise<DomainMetrics[]> {
      const out: DomainMetrics[] = [];
      for (let start = 0; start < domains.length; start += batchSize) {
        const batch = domains.slice(start, start + batchSize);
        const response = await http.request({
          method: 'POST',
          path: '/v3/batch-analysis/batch-analysis',
          endpoint: ENDPOINT,
          body: { select: SELECT, targets: batch.map((url) => ({ url, mode: 'domain', protocol: 'both' })) },
        });
        await meter.record({ provider: 'ahrefs', endpoint: ENDPOINT, units: ahrefsUnits(response.headers) });
        const parsed = responseSchema.safeParse(response.json);
        if (!parsed.success) throw new ProviderError('ahrefs', `${ENDPOINT}: unexpected response shape (no targets)`, false);
        for (const raw of parsed.data.targets) {
          const row = rowSchema.safeParse(raw);
          const domain = row.success ? batch[row.data.index] : undefined;
          if (!row.success || domain === undefined) continue;
          out.push({
            domain,
            domainRating: row.data.domain_rating ?? null,
            organicTraffic: row.data.org_traffic ?? null,
            organicKeywords: row.data.org_keywords ?? null,
            referringDomains: row.data.refdomains ?? null,
            backlinks: row.data.backlinks ?? null,
          });
        }
      }
      return out;
    },
  };
}
