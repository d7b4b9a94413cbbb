/**
 * The scheduled Ahrefs refresh (SPEC section 9): domainRating, organicTraffic, organicKeywords,
 * referringDomains and backlinks of accounts in active pipelines whose ahrefStatsUpdatedAt is older
 * than METRICS_MAX_AGE_DAYS, in batch-analysis batches, within AHREFS_MONTHLY_UNITS. Each batch is
 * paid for, written to the shared accounts (a trusted source: the provider) and counted in its run in
 * one transaction, so a failure part-way keeps what was bought and a re-run only asks for what is
 * still stale.
 */
import type { Db } from '../../db/types.ts';
import type { DomainMetrics, DomainMetricsProvider, ProviderCall } from '../../outbound/providers/ports.ts';
import { writeAccountMetrics } from '../../outbound/db/campaign-accounts.ts';
import { monthStart, nextBatchSize, staleBefore } from './refresh-plan.ts';
import { addBatchToRun, finishRun, observedUnitsPerDomain, staleActiveAccounts, startRun, unitsUsedSince } from './db/refresh-runs.ts';

export interface RefreshDeps {
  db: Db;
  provider: DomainMetricsProvider;
  now: () => Date;
  maxAgeDays: number;
  monthlyUnits: number | undefined;
  /** Most accounts one run looks at (the rest wait for the next run). */
  maxAccountsPerRun?: number;
}

export interface RefreshResult {
  runId: string;
  requested: number;
  updated: number;
  units: number;
  stoppedByBudget: boolean;
}

export async function refreshMetrics(deps: RefreshDeps): Promise<RefreshResult> {
  const { db, provider } = deps;
  const started = deps.now();
  const runId = await startRun(db, started);
  const result: RefreshResult = { runId, requested: 0, updated: 0, units: 0, stoppedByBudget: false };
  const batchSize = provider.batchSize ?? 25;
  let pending = await staleActiveAccounts(db, staleBefore(started, deps.maxAgeDays), deps.maxAccountsPerRun ?? 1000);
  try {
    while (pending.length) {
      const size = nextBatchSize({ batchSize, monthlyUnits: deps.monthlyUnits, usedThisMonth: await unitsUsedSince(db, monthStart(deps.now())), unitsPerDomain: await observedUnitsPerDomain(db) });
      if (size === 0) {
        result.stoppedByBudget = true;
        break;
      }
      const batch = pending.slice(0, size);
      pending = pending.slice(size);
      const calls: ProviderCall[] = [];
      let figures: DomainMetrics[] | undefined;
      try {
        figures = await provider.metrics(batch.map((a) => a.domain), { record: (c) => void calls.push(c) });
      } finally {
        // a failed call may still have been billed: its units count against the budget
        const units = calls.reduce((s, c) => s + (Number.isFinite(c.units) ? c.units : 0), 0);
        if (!figures) await addBatchToRun(db, runId, { requested: batch.length, updated: 0, units });
        else {
          const byDomain = new Map(figures.map((f) => [f.domain, f]));
          const at = deps.now();
          const updated = await db.transaction(async (tx) => {
            let n = 0;
            for (const account of batch) {
              const f = byDomain.get(account.domain);
              if (!f) continue;
              await writeAccountMetrics(tx, account.id, f, at);
              n++;
            }
            await addBatchToRun(tx, runId, { requested: batch.length, updated: n, units });
            return n;
          });
          result.updated += updated;
        }
        result.requested += batch.length;
        result.units += units;
      }
    }
    await finishRun(db, runId, deps.now(), null);
  } catch (e) {
    await finishRun(db, runId, deps.now(), e instanceof Error ? e.message.slice(0, 500) : String(e));
    throw e;
  }
  return result;
}
