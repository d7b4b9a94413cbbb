/**
 * Calls a provider at most once per (campaign, provider, endpoint, key): the answer and its cost are
 * stored the moment it arrives (outside the step's transaction, so a step that fails later keeps it),
 * and a re-run reads it back. A failure records what its calls cost and is thrown on.
 */
import type { Queryable } from '../db/types.ts';
import type { CallMeter, ProviderCall } from './providers/ports.ts';
import { recordLookup, storedLookup, type LookupKey } from './db/lookups-db.ts';

export async function lookupOnce<T>(db: Queryable, key: LookupKey, call: (meter: CallMeter) => Promise<T>): Promise<T> {
  const stored = await storedLookup<T>(db, key);
  if (stored.found) return stored.result;
  const calls: ProviderCall[] = [];
  const meter: CallMeter = { record: (c) => void calls.push(c) };
  const cost = () => ({ calls: calls.length, units: calls.reduce((s, c) => s + (Number.isFinite(c.units) ? c.units : 0), 0) });
  let result: T;
  try {
    result = await call(meter);
  } catch (e) {
    await recordLookup(db, key, { ...cost(), error: e instanceof Error ? e.message.slice(0, 500) : String(e) });
    throw e;
  }
  await recordLookup(db, key, { ...cost(), result });
  return result;
}
