/**
 * Referring domains through Ahrefs API v3: `GET {AHREFS_BASE_URL}/v3/site-explorer/refdomains?target=
 * &mode=subdomains&history=live&select=domain,domain_rating,traffic_domain,dofollow_links
 * &order_by=domain_rating:desc&limit=`, `Authorization: Bearer {AHREFS_API_KEY}` → `{refdomains: [...]}`.
 * Units come from the `x-api-units-cost-total-actual` response header (Ahrefs bills per row).
 */
import { z } from 'zod';
import { ProviderError } from './ports.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, ReferringDomain, ReferringDomainsProvider } from './ports.ts';

const ENDPOINT = 'site-explorer/refdomains';
const responseSchema = z.object({ refdomains: z.array(z.unknown()) });
const rowSchema = z.object({
  domain: z.string(),
  domain_rating: z.number().nullish(),
  traffic_domain: z.number().nullish(),
});

/** What Ahrefs says a response cost, from its headers; 0 when it does not say. */
export function ahrefsUnits(headers: Headers): number {
  const raw = headers.get('x-api-units-cost-total-actual') ?? headers.get('x-api-units-cost-total');
  const units = raw === null ? NaN : Number(raw);
  return Number.isFinite(units) && units >= 0 ? units : 0;
}

export function createAhrefsReferringDomains(http: ProviderHttp): ReferringDomainsProvider {
  return {
    name: 'ahrefs',
    async referringDomains(competitorDomain: string, limit: number, meter: CallMeter): Promise<ReferringDomain[]> {
      const response = await http.request({
        method: 'GET',
        path: '/v3/site-explorer/refdomains',
        endpoint: ENDPOINT,
        query: {
          target: competitorDomain,
          mode: 'subdomains',
          history: 'live',
          select: 'domain,domain_rating,traffic_domain,dofollow_links',
          order_by: 'domain_rating:desc',
          limit,
        },
      });
      await meter.record({ provider: 'ahrefs', endpoint: ENDPOINT, units: ahrefsUnits(response.headers) });
      const parsed = responseSchema.safeParse(response.json);
      if (!parsed.success) throw new ProviderError('ahrefs', `${ENDPOINT}: unexpected response shape (no refdomains)`, false);
      const out: ReferringDomain[] = [];
      for (const raw of parsed.data.refdomains) {
        const row = rowSchema.safeParse(raw);
        if (!row.success) continue;
        out.push({ domain: row.data.domain, domainRating: row.data.domain_rating ?? null, organicTraffic: row.data.traffic_domain ?? null });
      }
      return out.slice(0, limit);
    },
  };
}
