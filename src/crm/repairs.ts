/**
 * Data steps of migrations (src/db/migrate.ts): when a rule of derive-status.ts changes, the stored
 * projections it changes are re-derived from their events, in the migration's transaction, so a
 * replay still gives the stored value for rows written under the old rule.
 */
import type { Queryable } from '../db/types.ts';
import type { DataStep } from '../db/migrate.ts';
import { getAccountForUpdate } from './db/accounts.ts';
import { relationshipsWithEvent } from './db/events.ts';
import { lockRelationship, storeProjection } from './db/relationships.ts';
import { replayRelationship } from './replay.ts';

/** Re-derives these relationships (locking account, then relationship, like appendEvent); returns how many changed. */
export async function reproject(tx: Queryable, targets: ReadonlyArray<{ relationshipId: string; accountId: string }>): Promise<number> {
  let changed = 0;
  for (const t of targets) {
    await getAccountForUpdate(tx, t.accountId);
    if (!(await lockRelationship(tx, t.relationshipId))) continue;
    const r = await replayRelationship(tx, t.relationshipId);
    if (!r || JSON.stringify(r.stored) === JSON.stringify(r.replayed)) continue;
    await storeProjection(tx, t.relationshipId, r.replayed);
    changed++;
  }
  return changed;
}

export const CRM_DATA_STEPS: Readonly<Record<number, DataStep>> = {
  // 017: a human reply engages a relationship even when nobody had emailed the partner first
  17: async (tx) => void (await reproject(tx, await relationshipsWithEvent(tx, 'EMAIL_RECEIVED'))),
};
