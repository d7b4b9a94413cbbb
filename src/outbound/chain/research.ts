/**
 * research: the campaign's raw prospects — the SERP's organic results for a keyword, the referring
 * domains of a competitor, or the list given (IMPORT) — normalised to partner domains and deduplicated
 * (the first, best-ranked occurrence wins). Provider answers are stored per campaign (lookupOnce).
 */
import { AppError } from '../../errors.ts';
import { normalizeProspects } from '../filter/normalize-prospects.ts';
import { lookupOnce } from '../lookup-once.ts';
import { insertProspects, type NewProspect } from '../db/prospects-db.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignDeps, StepResult } from './campaign-step.ts';

/** Partner domains, first (best-ranked) occurrence of each; what is not a domain is left out. */
export const dedupeByDomain = (found: ReadonlyArray<NewProspect>): NewProspect[] =>
  normalizeProspects(found).unique.map(({ domain, candidate }) => ({ ...candidate, domain }));

/** How many referring domains to ask for: enough to fill maxProspects after filtering, bounded. */
export const refdomainsLimit = (maxProspects: number): number => Math.min(1000, Math.max(100, maxProspects * 4));

export async function research(deps: CampaignDeps, c: CampaignRow): Promise<NewProspect[]> {
  const input = c.input;
  if (input.kind === 'IMPORT') {
    return dedupeByDomain(
      input.prospects.map((p) => ({
        domain: p.domain, url: p.url ?? null, title: p.title ?? null,
        details: { imported: { email: p.email ?? null, firstName: p.firstName ?? null, lastName: p.lastName ?? null, position: p.position ?? null } },
      })),
    );
  }
  if (input.kind === 'SERP') {
    const serp = deps.providers.serp;
    if (!serp) throw new AppError('PERMANENT', 'no SERP provider is configured any more (DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or SERPAPI_KEY)');
    const query = { keyword: input.keyword, location: input.location, language: input.language, depth: input.depth };
    const results = await lookupOnce(deps.db, { campaignId: c.id, provider: serp.name, endpoint: 'serp', key: JSON.stringify(query) }, (meter) => serp.search(query, meter));
    const ordered = [...results].sort((a, b) => a.rank - b.rank);
    return dedupeByDomain(ordered.map((r) => ({ domain: r.domain || r.url, rank: r.rank, url: r.url, title: r.title })));
  }
  const provider = deps.providers.referringDomains;
  if (!provider) throw new AppError('PERMANENT', 'no referring-domains provider is configured any more (AHREFS_API_KEY, or DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD)');
  const limit = refdomainsLimit(input.filters.maxProspects ?? 50);
  const domains = await lookupOnce(
    deps.db, { campaignId: c.id, provider: provider.name, endpoint: 'refdomains', key: `${input.competitorDomain}:${limit}` },
    (meter) => provider.referringDomains(input.competitorDomain, limit, meter),
  );
  return dedupeByDomain(domains.map((d) => ({ domain: d.domain, domainRating: d.domainRating, organicTraffic: d.organicTraffic, details: { competitorDomain: input.competitorDomain } })));
}

export async function researchStep(deps: CampaignDeps, c: CampaignRow): Promise<StepResult> {
  const found = await research(deps, c);
  return { write: (tx) => insertProspects(tx, c.id, found) };
}
