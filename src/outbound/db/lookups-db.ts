/**
 * campaign_lookups: what a campaign asked a provider, keyed by (campaign, provider, endpoint, key), with
 * the answer and what it cost. A step re-run after a crash or a retry reads the stored answer instead of
 * calling (and paying) again.
 */
import type { Queryable } from '../../db/types.ts';

export interface LookupKey {
  campaignId: string;
  provider: string;
  endpoint: string;
  key: string;
}

export async function storedLookup<T>(db: Queryable, k: LookupKey): Promise<{ found: true; result: T } | { found: false }> {
  const { rows } = await db.query<{ result: unknown }>(
    'select result from campaign_lookups where campaign_id = $1 and provider = $2 and endpoint = $3 and key = $4 and result is not null',
    [k.campaignId, k.provider, k.endpoint, k.key],
  );
  if (!rows[0]) return { found: false };
  const raw = rows[0].result;
  return { found: true, result: (typeof raw === 'string' ? JSON.parse(raw) : raw) as T };
}

/** Records an answer (or a failure: `result` undefined) and adds what its calls cost. */
export async function recordLookup(db: Queryable, k: LookupKey, o: { result?: unknown; calls: number; units: number; error?: string | null }): Promise<void> {
  // JSON null is stored as the JSON value: a lookup that answered "nothing" is still an answer.
  const result = o.result === undefined ? null : JSON.stringify({ v: o.result });
  await db.query(
    `insert into campaign_lookups (campaign_id, provider, endpoint, key, result, calls, units, error)
     values ($1, $2, $3, $4, $5::jsonb -> 'v', $6, $7, $8)
     on conflict (campaign_id, provider, endpoint, key) do update
       set result = coalesce(excluded.result, campaign_lookups.result), calls = campaign_lookups.calls + excluded.calls,
           units = campaign_lookups.units + excluded.units, error = excluded.error, updated_at = now()`,
    [k.campaignId, k.provider, k.endpoint, k.key, result, o.calls, o.units, o.error ?? null],
  );
}
