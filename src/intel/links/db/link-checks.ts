/** SQL of the placed-link watch (table link_checks, migration 021). */
import type { Queryable } from '../../../db/types.ts';

export interface WatchRow {
  relationshipId: string;
  url: string;
  placedAt: Date;
  checksDone: number;
  consecutiveMisses: number;
  everFound: boolean;
  lastEventSignature: string | null;
  nextCheckAt: Date;
  ourContent: string | null;
  lastVerdict: string | null;
  lastResult: Record<string, unknown> | null;
  lastCheckedAt: Date | null;
}

export interface WatchKey {
  relationshipId: string;
  url: string;
}

/**
 * The URL a LINK_PLACED names: `metadata.linkUrl` (POST /crm/event, SPEC section 9) or `metadata.url`
 * (the classifier's event), with `https://` added when it was written without a scheme.
 */
const PLACED_URL = `(case when coalesce(e.metadata->>'linkUrl', e.metadata->>'url') ~* '^[a-z][a-z0-9+.-]*://'
    then coalesce(e.metadata->>'linkUrl', e.metadata->>'url')
    else 'https://' || coalesce(e.metadata->>'linkUrl', e.metadata->>'url') end)`;

/** Starts watching every LINK_PLACED with a URL that is not watched yet; returns the new watches. */
export async function adoptPlacedLinks(tx: Queryable, now: Date, limit = 100): Promise<WatchKey[]> {
  const { rows } = await tx.query<{ relationship_id: string; url: string }>(
    `insert into link_checks (relationship_id, url, placed_event_id, placed_at, next_check_at)
     select distinct on (e.relationship_id, ${PLACED_URL}) e.relationship_id, ${PLACED_URL}, e.id, e.occurred_at, $1::timestamptz
       from events e
      where e.type = 'LINK_PLACED'
        and length(coalesce(e.metadata->>'linkUrl', e.metadata->>'url', '')) between 1 and 2000
        and not exists (select 1 from link_checks c where c.relationship_id = e.relationship_id and c.url = ${PLACED_URL})
      order by e.relationship_id, ${PLACED_URL}, e.occurred_at
      limit $2
     on conflict do nothing
     returning relationship_id, url`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ relationshipId: r.relationship_id, url: r.url }));
}

/** Watches whose check is overdue (its job was lost or is far behind): the sweep queues them again. */
export async function overdueWatches(tx: Queryable, before: Date, limit = 100): Promise<WatchKey[]> {
  const { rows } = await tx.query<{ relationship_id: string; url: string }>(
    'select relationship_id, url from link_checks where next_check_at < $1 order by next_check_at limit $2',
    [before.toISOString(), limit],
  );
  return rows.map((r) => ({ relationshipId: r.relationship_id, url: r.url }));
}

const SELECT = `select c.relationship_id, c.url, c.placed_at, c.checks_done, c.consecutive_misses, c.ever_found,
       c.last_event_signature, c.next_check_at, r.our_content, c.last_verdict, c.last_result, c.last_checked_at
  from link_checks c join relationships r on r.id = c.relationship_id`;

interface RawRow {
  relationship_id: string;
  url: string;
  placed_at: Date | string;
  checks_done: number;
  consecutive_misses: number;
  ever_found: boolean;
  last_event_signature: string | null;
  next_check_at: Date | string;
  our_content: string | null;
  last_verdict: string | null;
  last_result: Record<string, unknown> | null;
  last_checked_at: Date | string | null;
}

const toRow = (r: RawRow): WatchRow => ({
  relationshipId: r.relationship_id,
  url: r.url,
  placedAt: new Date(r.placed_at),
  checksDone: r.checks_done,
  consecutiveMisses: r.consecutive_misses,
  everFound: r.ever_found,
  lastEventSignature: r.last_event_signature,
  nextCheckAt: new Date(r.next_check_at),
  ourContent: r.our_content,
  lastVerdict: r.last_verdict,
  lastResult: r.last_result,
  lastCheckedAt: r.last_checked_at === null ? null : new Date(r.last_checked_at),
});

export async function getWatch(db: Queryable, key: WatchKey, opts: { forUpdate?: boolean } = {}): Promise<WatchRow | null> {
  const { rows } = await db.query<RawRow>(`${SELECT} where c.relationship_id = $1 and c.url = $2${opts.forUpdate ? ' for update of c' : ''}`, [key.relationshipId, key.url]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function watchesOfRelationship(db: Queryable, relationshipId: string): Promise<WatchRow[]> {
  const { rows } = await db.query<RawRow>(`${SELECT} where c.relationship_id = $1 order by c.placed_at, c.url`, [relationshipId]);
  return rows.map(toRow);
}

export async function recordCheck(
  tx: Queryable,
  key: WatchKey,
  c: { checksDone: number; consecutiveMisses: number; everFound: boolean; lastEventSignature: string | null; verdict: string; result: Record<string, unknown>; checkedAt: Date; nextCheckAt: Date },
): Promise<void> {
  await tx.query(
    `update link_checks set checks_done = $3, consecutive_misses = $4, ever_found = $5, last_event_signature = $6,
            last_verdict = $7, last_result = $8, last_checked_at = $9, next_check_at = $10
      where relationship_id = $1 and url = $2`,
    [key.relationshipId, key.url, c.checksDone, c.consecutiveMisses, c.everFound, c.lastEventSignature, c.verdict, JSON.stringify(c.result), c.checkedAt.toISOString(), c.nextCheckAt.toISOString()],
  );
}

/** "Check again now" (POST /crm/relationship/:id/verify-link): every watch of the relationship is due. */
export async function makeDueNow(tx: Queryable, relationshipId: string, now: Date): Promise<WatchKey[]> {
  const { rows } = await tx.query<{ relationship_id: string; url: string }>(
    'update link_checks set next_check_at = $2 where relationship_id = $1 returning relationship_id, url',
    [relationshipId, now.toISOString()],
  );
  return rows.map((r) => ({ relationshipId: r.relationship_id, url: r.url }));
}
