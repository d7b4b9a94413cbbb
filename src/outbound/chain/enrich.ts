/**
 * enrich: DR, organic traffic, keywords, referring domains and backlinks of every found domain, from the
 * metrics provider (Ahrefs batch-analysis) in the provider's batches, each batch one stored lookup (a
 * retry never pays for a batch twice). Figures of a shared account refreshed within METRICS_MAX_AGE_DAYS
 * (SPEC sections 8 and 9, the same age the scheduled refresh keeps) are reused instead of bought again;
 * older ones are bought and written back. Existing shared accounts get the new figures now; kept
 * domains' new accounts get them when they are created. Without a metrics provider the step keeps what
 * the research gave (IMPORT needs no provider).
 */
import { createHash } from 'node:crypto';
import { normalizeDomain } from '../../crm/normalize-domain.ts';
import { lookupOnce } from '../lookup-once.ts';
import { prospectsOf, setMetrics } from '../db/prospects-db.ts';
import { accountsByDomain, writeAccountMetrics } from '../db/campaign-accounts.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { DomainMetrics } from '../providers/ports.ts';
import { staleBefore } from '../../intel/metrics/refresh-plan.ts';
import type { CampaignDeps, StepResult } from './campaign-step.ts';

/** METRICS_MAX_AGE_DAYS' default (src/config.ts). */
export const METRICS_FRESH_DAYS = 30;

/** Figures stamped less than `maxAgeDays` ago are fresh: reused, not bought. Never fetched: stale. */
export function isFresh(ahrefStatsUpdatedAt: string | null, now: Date, maxAgeDays = METRICS_FRESH_DAYS): boolean {
  return !!ahrefStatsUpdatedAt && new Date(ahrefStatsUpdatedAt).getTime() > staleBefore(now, maxAgeDays).getTime();
}

const metricsOf = (m: Omit<DomainMetrics, 'domain'>) => ({
  domainRating: m.domainRating, organicTraffic: m.organicTraffic, organicKeywords: m.organicKeywords, referringDomains: m.referringDomains, backlinks: m.backlinks,
});

export async function enrichStep(deps: CampaignDeps, c: CampaignRow): Promise<StepResult> {
  const now = deps.now();
  const prospects = await prospectsOf(deps.db, c.id, { status: 'FOUND' });
  const accounts = await accountsByDomain(deps.db, prospects.map((p) => p.domain));
  const fresh = new Map<string, Omit<DomainMetrics, 'domain'>>();
  const toBuy: string[] = [];
  for (const p of prospects) {
    const a = accounts.get(p.domain);
    if (a && isFresh(a.ahrefStatsUpdatedAt, now, deps.metricsMaxAgeDays)) fresh.set(p.domain, a);
    else toBuy.push(p.domain);
  }
  const bought = new Map<string, Omit<DomainMetrics, 'domain'>>();
  const provider = deps.providers.metrics;
  if (provider) {
    const size = provider.batchSize ?? 25;
    for (let i = 0; i < toBuy.length; i += size) {
      const batch = toBuy.slice(i, i + size);
      const key = createHash('sha256').update(batch.join(',')).digest('hex');
      const figures = await lookupOnce(deps.db, { campaignId: c.id, provider: provider.name, endpoint: 'metrics', key }, (meter) => provider.metrics(batch, meter));
      for (const f of figures) {
        const domain = normalizeDomain(f.domain);
        if (domain && batch.includes(domain)) bought.set(domain, f);
      }
    }
  }
  return {
    write: async (tx) => {
      for (const [domain, m] of fresh) await setMetrics(tx, c.id, domain, metricsOf(m));
      for (const [domain, m] of bought) {
        await setMetrics(tx, c.id, domain, metricsOf(m));
        const account = accounts.get(domain);
        if (account) await writeAccountMetrics(tx, account.id, m, now);
      }
    },
  };
}
