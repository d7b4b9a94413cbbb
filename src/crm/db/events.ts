import type { Queryable } from '../../db/types.ts';
import { camelRow, decodeCursor, toPage, Where, type Page } from '../../db/rows.ts';
import type { CrmEvent, EventType } from '../types.ts';
import { PROJECTION_EVENT_TYPES, type StatusEvent, type OtherOrgSend } from '../derive-status.ts';
import type { AccountSend } from '../account-contact.ts';

export const toEvent = (r: Record<string, unknown>): CrmEvent => {
  const { idempotencyKey: _key, ...rest } = camelRow<CrmEvent & { idempotencyKey?: string }>(r);
  return rest;
};

export interface EventInsert {
  id: string;
  workspaceId: string;
  accountId: string;
  relationshipId: string;
  contactId: string | null;
  type: EventType;
  subject: string | null;
  content: string | null;
  metadata: Record<string, unknown>;
  occurredAt: string;
  idempotencyKey: string | null;
}

/** Inserts the event; on a key the workspace already used returns the stored one and `inserted: false`. */
export async function insertEvent(db: Queryable, e: EventInsert): Promise<{ event: CrmEvent; inserted: boolean }> {
  const { rows } = await db.query(
    `insert into events (id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata,
       occurred_at, idempotency_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (workspace_id, idempotency_key) do nothing returning *`,
    [e.id, e.workspaceId, e.accountId, e.relationshipId, e.contactId, e.type, e.subject, e.content, JSON.stringify(e.metadata), e.occurredAt, e.idempotencyKey],
  );
  if (rows[0]) return { event: toEvent(rows[0]), inserted: true };
  const existing = await db.query('select * from events where workspace_id = $1 and idempotency_key = $2', [e.workspaceId, e.idempotencyKey]);
  return { event: toEvent(existing.rows[0]!), inserted: false };
}

/**
 * Inserts many events in one statement; a key its workspace already used (or one used earlier in the
 * list) is skipped, as `insertEvent` would. Returns how many were inserted.
 */
export async function insertEvents(db: Queryable, events: readonly EventInsert[]): Promise<number> {
  const seen = new Set<string>();
  const rows = events.filter((e) => {
    if (e.idempotencyKey === null) return true;
    const k = `${e.workspaceId}\u0000${e.idempotencyKey}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: unknown[] = [];
    const values = chunk.map((e) => {
      params.push(e.id, e.workspaceId, e.accountId, e.relationshipId, e.contactId, e.type, e.subject, e.content, JSON.stringify(e.metadata), e.occurredAt, e.idempotencyKey);
      const n = params.length - 11;
      return `(${Array.from({ length: 11 }, (_, j) => `$${n + j + 1}`).join(', ')})`;
    });
    const r = await db.query(
      `insert into events (id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata, occurred_at, idempotency_key)
       values ${values.join(', ')} on conflict (workspace_id, idempotency_key) do nothing`,
      params,
    );
    inserted += r.rowCount ?? 0;
  }
  return inserted;
}

/** The relationship's events that can change its projection (the others are identities of the fold). */
export async function statusEventsOf(db: Queryable, relationshipId: string): Promise<StatusEvent[]> {
  const { rows } = await db.query<{ id: string; type: EventType; occurred_at: Date | string; metadata: Record<string, unknown> }>(
    'select id, type, occurred_at, metadata from events where relationship_id = $1 and type = any($2) order by occurred_at, id',
    [relationshipId, PROJECTION_EVENT_TYPES],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, occurredAt: new Date(r.occurred_at).toISOString(), metadata: r.metadata }));
}

/** EMAIL_SENT on the account by every workspace (ids and times only: who it was stays private). */
export async function accountSends(db: Queryable, accountId: string): Promise<AccountSend[]> {
  const { rows } = await db.query<{ id: string; workspace_id: string; occurred_at: Date | string }>(
    `select id, workspace_id, occurred_at from events where account_id = $1 and type = 'EMAIL_SENT' order by occurred_at, id`,
    [accountId],
  );
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, occurredAt: new Date(r.occurred_at).toISOString() }));
}

/** What an appended event sorts before, in the fold's order (time, then id as code units). */
export interface LaterThan {
  /** A projection-changing event of the relationship, or another workspace's send on the account. */
  relationship: boolean;
  /** Any workspace's send on the account. */
  send: boolean;
  /** A projection-changing event of any relationship of the account (every workspace's fold). */
  account: boolean;
}

/**
 * Whether anything the projections fold comes after this (just inserted) event: if not, it is folded
 * onto the stored projections; if so, they are replayed. `collate "C"` orders ids as the fold does.
 */
export async function laterThan(db: Queryable, e: { id: string; relationshipId: string; accountId: string; workspaceId: string; occurredAt: string }): Promise<LaterThan> {
  const { rows } = await db.query<{ relationship: boolean; send: boolean; account: boolean }>(
    `with later as (
       select relationship_id, workspace_id, type from events
       where account_id = $1 and type = any($5) and id <> $3
         and (occurred_at > $2::timestamptz or (occurred_at = $2::timestamptz and id collate "C" > $3 collate "C"))
     )
     select exists (select 1 from later where relationship_id = $4 or (type = 'EMAIL_SENT' and workspace_id <> $6)) as relationship,
            exists (select 1 from later where type = 'EMAIL_SENT') as send,
            exists (select 1 from later) as account`,
    [e.accountId, e.occurredAt, e.id, e.relationshipId, PROJECTION_EVENT_TYPES, e.workspaceId],
  );
  const r = rows[0]!;
  return { relationship: r.relationship, send: r.send, account: r.account };
}

export function otherOrgSends(sends: readonly AccountSend[], workspaceId: string): OtherOrgSend[] {
  return sends.filter((s) => s.workspaceId !== workspaceId).map((s) => ({ id: s.id, occurredAt: s.occurredAt }));
}

export interface EventFilter {
  workspaceIds: readonly string[];
  relationshipId?: string;
  accountId?: string;
  type?: EventType;
  since?: string;
  limit: number;
  cursor?: string;
}

export async function listEvents(db: Queryable, f: EventFilter): Promise<Page<CrmEvent>> {
  const w = new Where();
  w.inList('workspace_id', f.workspaceIds);
  if (f.relationshipId) w.add((p) => `relationship_id = ${p}`, f.relationshipId);
  if (f.accountId) w.add((p) => `account_id = ${p}`, f.accountId);
  if (f.type) w.add((p) => `type = ${p}`, f.type);
  if (f.since) w.add((p) => `occurred_at >= ${p}`, f.since);
  const after = decodeCursor(f.cursor, ['timestamp', 'text']);
  if (after) {
    const t = w.param(after[0]);
    const i = w.param(after[1]);
    w.addRaw(`(occurred_at, id) > (${t}::timestamptz, ${i})`);
  }
  const { rows } = await db.query(`select * from events ${w.sql} order by occurred_at, id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toEvent), f.limit, (e) => [e.occurredAt, e.id]);
}

export async function getEvent(db: Queryable, id: string, workspaceIds: readonly string[]): Promise<CrmEvent | null> {
  const { rows } = await db.query('select * from events where id = $1 and workspace_id = any($2)', [id, workspaceIds]);
  return rows[0] ? toEvent(rows[0]) : null;
}

/** Relationships with at least one event of this type, with their accounts (for a re-derivation). */
export async function relationshipsWithEvent(db: Queryable, type: EventType): Promise<Array<{ relationshipId: string; accountId: string }>> {
  const { rows } = await db.query<{ relationship_id: string; account_id: string }>(
    'select distinct relationship_id, account_id from events where type = $1 order by account_id, relationship_id',
    [type],
  );
  return rows.map((r) => ({ relationshipId: r.relationship_id, accountId: r.account_id }));
}

/**
 * Inserts these events in one statement (rows in the given order; the caller leaves out a key used
 * twice in the list) and returns those inserted, by id: one whose key its workspace already used is
 * skipped, as `insertEvent` would (read it with `eventsByIdempotencyKeys`).
 */
export async function insertEventsReturning(db: Queryable, events: readonly EventInsert[]): Promise<Map<string, CrmEvent>> {
  if (!events.length) return new Map();
  const col = <K extends keyof EventInsert>(k: K) => events.map((e) => e[k]);
  const { rows } = await db.query(
    `insert into events (id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata, occurred_at, idempotency_key)
     select id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata::jsonb, occurred_at, idempotency_key
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::text[])
       with ordinality as e(id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata, occurred_at, idempotency_key, n)
     order by n
     on conflict (workspace_id, idempotency_key) do nothing returning *`,
    [
      col('id'), col('workspaceId'), col('accountId'), col('relationshipId'), col('contactId'), col('type'), col('subject'), col('content'),
      events.map((e) => JSON.stringify(e.metadata)), col('occurredAt'), col('idempotencyKey'),
    ],
  );
  return new Map(rows.map((r) => { const e = toEvent(r); return [e.id, e]; }));
}

/** The stored events of these (workspace, idempotency key) pairs, in one query, keyed by `${workspaceId} ${key}`. */
export async function eventsByIdempotencyKeys(db: Queryable, keys: ReadonlyArray<{ workspaceId: string; idempotencyKey: string }>): Promise<Map<string, CrmEvent>> {
  if (!keys.length) return new Map();
  const { rows } = await db.query(
    `select e.* from events e join unnest($1::text[], $2::text[]) as k(workspace_id, idempotency_key)
       on e.workspace_id = k.workspace_id and e.idempotency_key = k.idempotency_key`,
    [keys.map((k) => k.workspaceId), keys.map((k) => k.idempotencyKey)],
  );
  return new Map(rows.map((r) => [`${r['workspace_id'] as string} ${r['idempotency_key'] as string}`, toEvent(r)]));
}

/**
 * `laterThan(e).relationship` for many just inserted events in one statement, each asked of the log
 * without the events of `part` (the caller's list, appended together: it orders them among
 * themselves, as one at a time each would see only those appended before it).
 */
export async function laterInRelationships(
  db: Queryable,
  events: ReadonlyArray<{ id: string; relationshipId: string; accountId: string; workspaceId: string; occurredAt: string }>,
  part: readonly string[],
): Promise<boolean[]> {
  if (!events.length) return [];
  const { rows } = await db.query<{ later: boolean }>(
    `select exists (select 1 from events e
                    where e.account_id = n.account_id and e.type = any($6) and e.id <> all($7)
                      and (e.occurred_at > n.at or (e.occurred_at = n.at and e.id collate "C" > n.id collate "C"))
                      and (e.relationship_id = n.relationship_id or (e.type = 'EMAIL_SENT' and e.workspace_id <> n.workspace_id))) as later
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) with ordinality as n(id, relationship_id, account_id, workspace_id, at, k)
     order by n.k`,
    [events.map((e) => e.id), events.map((e) => e.relationshipId), events.map((e) => e.accountId), events.map((e) => e.workspaceId), events.map((e) => e.occurredAt), PROJECTION_EVENT_TYPES, part],
  );
  return rows.map((r) => r.later);
}
