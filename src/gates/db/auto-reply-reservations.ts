/**
 * Typed queries on auto_reply_reservations: the automatic replies a workspace has decided to send (or
 * sent), counted by the daily and per-thread limits. Reservations are taken and counted under a
 * per-workspace advisory lock held to the end of the caller's transaction, so two decisions made at
 * once cannot both take the last place. A reservation is released (never deleted) when the reply will
 * not go out automatically after all.
 */
import type { Queryable } from '../../db/types.ts';

export interface AutoReplyCounts {
  /** Live reservations of this workspace in the 24 hours before `now`. */
  today: number;
  /** Live reservations in this relationship (thread), ever. */
  inThread: number;
}

export interface Reservation {
  inboundId: string;
  workspaceId: string;
  relationshipId: string;
  reservedAt: string;
  releasedAt: string | null;
}

/** Serialises the workspace's limit checks until the caller's transaction ends. */
export async function lockAutoReplies(tx: Queryable, workspaceId: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtextextended('auto-replies:' || $1, 0))`, [workspaceId]);
}

/**
 * Live reservations that count against the limits; `before` (another reservation) counts only those
 * taken before it, which is the place a reservation holds in line when it is checked again at send time.
 */
export async function countAutoReplies(
  q: Queryable,
  a: { workspaceId: string; relationshipId: string; now: Date; except?: string; before?: { reservedAt: string; inboundId: string } },
): Promise<AutoReplyCounts> {
  // two index-backed counts: the workspace's last 24 hours, and the thread's whole life
  const { rows } = await q.query<{ today: number; in_thread: number }>(
    `select
       (select count(*) from auto_reply_reservations
         where workspace_id = $1 and released_at is null and reserved_at > $3::timestamptz - interval '24 hours'
           and inbound_id <> coalesce($4, '') and ($5::timestamptz is null or (reserved_at, inbound_id) < ($5::timestamptz, $6::text)))::int as today,
       (select count(*) from auto_reply_reservations
         where relationship_id = $2 and released_at is null
           and inbound_id <> coalesce($4, '') and ($5::timestamptz is null or (reserved_at, inbound_id) < ($5::timestamptz, $6::text)))::int as in_thread`,
    [a.workspaceId, a.relationshipId, a.now.toISOString(), a.except ?? null, a.before?.reservedAt ?? null, a.before?.inboundId ?? null],
  );
  return { today: rows[0]?.today ?? 0, inThread: rows[0]?.in_thread ?? 0 };
}

/**
 * The live reservations of a batch's workspaces (last 24 hours before `now`) and threads, counted in
 * one statement, with the live reservations of the batch's own messages (a message never counts
 * against itself). `countsOf` (src/gates/limits.ts) gives each message what `countAutoReplies` with
 * `except` would; `tallyReserved` adds a reservation made since, so later messages of the batch count it.
 */
export interface AutoReplyTally {
  now: Date;
  /** What was counted: a message outside them has no counts here (`countsOf` refuses it). */
  workspaceIds: ReadonlySet<string>;
  relationshipIds: ReadonlySet<string>;
  today: Map<string, number>;
  inThread: Map<string, number>;
  own: Map<string, { workspaceId: string; relationshipId: string; reservedAt: Date }>;
}

export async function tallyAutoReplies(
  q: Queryable,
  a: { workspaceIds: readonly string[]; relationshipIds: readonly string[]; inboundIds: readonly string[]; now: Date },
): Promise<AutoReplyTally> {
  const workspaceIds = [...new Set(a.workspaceIds)];
  const relationshipIds = [...new Set(a.relationshipIds)];
  const tally: AutoReplyTally = { now: a.now, workspaceIds: new Set(workspaceIds), relationshipIds: new Set(relationshipIds), today: new Map(), inThread: new Map(), own: new Map() };
  if (!workspaceIds.length && !relationshipIds.length) return tally;
  const { rows } = await q.query<{ kind: 'ws' | 'rel' | 'own'; key: string; n: number; workspace_id: string | null; relationship_id: string | null; reserved_at: Date | string | null }>(
    `select 'ws' as kind, workspace_id as key, count(*)::int as n, null::text as workspace_id, null::text as relationship_id, null::timestamptz as reserved_at
       from auto_reply_reservations
      where workspace_id = any($1::text[]) and released_at is null and reserved_at > $4::timestamptz - interval '24 hours'
      group by workspace_id
     union all
     select 'rel', relationship_id, count(*)::int, null, null, null
       from auto_reply_reservations
      where relationship_id = any($2::text[]) and released_at is null
      group by relationship_id
     union all
     select 'own', inbound_id, 1, workspace_id, relationship_id, reserved_at
       from auto_reply_reservations
      where inbound_id = any($3::text[]) and released_at is null`,
    [workspaceIds, relationshipIds, [...new Set(a.inboundIds)], a.now.toISOString()],
  );
  for (const r of rows) {
    if (r.kind === 'ws') tally.today.set(r.key, r.n);
    else if (r.kind === 'rel') tally.inThread.set(r.key, r.n);
    else tally.own.set(r.key, { workspaceId: r.workspace_id!, relationshipId: r.relationship_id!, reservedAt: new Date(r.reserved_at!) });
  }
  return tally;
}

/** Serialises the limit checks of several workspaces at once, in one order (sorted), until the caller's transaction ends. */
export async function lockAutoRepliesOf(tx: Queryable, workspaceIds: readonly string[]): Promise<void> {
  const sorted = [...new Set(workspaceIds)].sort();
  if (sorted.length === 1) return lockAutoReplies(tx, sorted[0]!);
  // unnest yields the array's order, so the locks are taken one after the other in that order
  if (sorted.length) await tx.query(`select pg_advisory_xact_lock(hashtextextended('auto-replies:' || w, 0)) from unnest($1::text[]) as w`, [sorted]);
}

/** Takes (or takes again, after a release) the reservation of one reply. */
export async function reserveAutoReply(tx: Queryable, r: { inboundId: string; workspaceId: string; relationshipId: string; now: Date }): Promise<void> {
  await tx.query(
    `insert into auto_reply_reservations (inbound_id, workspace_id, relationship_id, reserved_at) values ($1, $2, $3, $4)
     on conflict (inbound_id) do update set released_at = null, release_reason = null, reserved_at = excluded.reserved_at
       where auto_reply_reservations.released_at is not null`,
    [r.inboundId, r.workspaceId, r.relationshipId, r.now.toISOString()],
  );
}

export async function reservationOf(q: Queryable, inboundId: string): Promise<Reservation | null> {
  const { rows } = await q.query<{ inbound_id: string; workspace_id: string; relationship_id: string; reserved_at: Date; released_at: Date | null }>(
    'select inbound_id, workspace_id, relationship_id, reserved_at, released_at from auto_reply_reservations where inbound_id = $1',
    [inboundId],
  );
  const r = rows[0];
  if (!r) return null;
  return { inboundId: r.inbound_id, workspaceId: r.workspace_id, relationshipId: r.relationship_id, reservedAt: new Date(r.reserved_at).toISOString(), releasedAt: r.released_at ? new Date(r.released_at).toISOString() : null };
}

/** The reply will not go out automatically: its place is given back. Idempotent. */
export async function releaseAutoReply(tx: Queryable, inboundId: string, reason: string): Promise<void> {
  await tx.query(
    `update auto_reply_reservations set released_at = now(), release_reason = $2 where inbound_id = $1 and released_at is null`,
    [inboundId, reason.slice(0, 500)],
  );
}
