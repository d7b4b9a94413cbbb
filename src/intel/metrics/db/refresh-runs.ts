/** SQL of the metrics refresh: stale accounts in active pipelines, and the runs with the units they used. */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../db/types.ts';

/**
 * Relationships in these statuses are active pipelines. NOT_INTERESTED and INACTIVE are not: nobody
 * works with the partner, so its figures are not worth paying for.
 */
export const ACTIVE_PIPELINE_STATUSES = ['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED', 'CONTACTED_BY_US', 'CONTACTED_BY_OTHER_ORG', 'ACTIVELY_ENGAGED', 'LINK_PLACED'] as const;

/** Stale accounts of active pipelines, never-fetched first, then oldest first. */
export async function staleActiveAccounts(db: Queryable, staleBefore: Date, limit: number): Promise<{ id: string; domain: string }[]> {
  const { rows } = await db.query<{ id: string; domain: string }>(
    `select a.id, a.domain from accounts a
      where (a.ahref_stats_updated_at is null or a.ahref_stats_updated_at < $1)
        and a.is_active
        and exists (select 1 from relationships r where r.account_id = a.id and r.status = any($2))
      order by a.ahref_stats_updated_at nulls first, a.id
      limit $3`,
    [staleBefore.toISOString(), ACTIVE_PIPELINE_STATUSES, limit],
  );
  return rows;
}

export async function unitsUsedSince(db: Queryable, since: Date): Promise<number> {
  const { rows } = await db.query<{ units: string | number }>('select coalesce(sum(units_used), 0) as units from metrics_refresh_runs where started_at >= $1', [since.toISOString()]);
  return Number(rows[0]?.units ?? 0);
}

/** Units per domain over the recent runs that cost something (null before any did). */
export async function observedUnitsPerDomain(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ units: string | number | null; domains: string | number | null }>(
    `select sum(units_used) as units, sum(accounts_requested) as domains
       from (select units_used, accounts_requested from metrics_refresh_runs where accounts_requested > 0 order by started_at desc limit 20) recent`,
  );
  const units = Number(rows[0]?.units ?? 0);
  const domains = Number(rows[0]?.domains ?? 0);
  return domains > 0 && units > 0 ? units / domains : null;
}

export async function startRun(db: Queryable, now: Date): Promise<string> {
  const id = `mrr_${randomUUID()}`;
  await db.query('insert into metrics_refresh_runs (id, started_at) values ($1, $2)', [id, now.toISOString()]);
  return id;
}

/** Adds one batch to its run: committed with the batch's figures, so units paid are never forgotten. */
export async function addBatchToRun(db: Queryable, runId: string, b: { requested: number; updated: number; units: number }): Promise<void> {
  await db.query(
    'update metrics_refresh_runs set accounts_requested = accounts_requested + $2, accounts_updated = accounts_updated + $3, units_used = units_used + $4 where id = $1',
    [runId, b.requested, b.updated, Math.round(b.units)],
  );
}

export async function finishRun(db: Queryable, runId: string, now: Date, error: string | null): Promise<void> {
  await db.query('update metrics_refresh_runs set finished_at = $2, error = $3 where id = $1', [runId, now.toISOString(), error]);
}
