/** The assertions of shared facts: who asserted what, on which evidence, how far it reached. Admin-only reads. */
import type { Queryable } from '../../db/types.ts';
import { camelRow, decodeCursor, toPage, Where, type Page } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { AssertionSource, Evidence, FactKind } from '../shared-facts.ts';

export interface Assertion {
  id: string;
  accountId: string;
  workspaceId: string | null;
  agencyId: string | null;
  contactId: string | null;
  fact: FactKind;
  value: Record<string, unknown>;
  source: AssertionSource;
  evidence: Evidence;
  scope: 'SHARED' | 'WORKSPACE';
  flagged: boolean;
  reason: string | null;
  eventId: string | null;
  reviewedAt: string | null;
  reviewDecision: 'PROMOTE' | 'DISMISS' | null;
  reviewReason: string | null;
  createdAt: string;
}

/** What a writer gives: the stored fields it chooses, and a key that makes a repeat a no-op. */
export type AssertionInsert = Pick<Assertion, 'accountId' | 'workspaceId' | 'contactId' | 'fact' | 'value' | 'source' | 'evidence' | 'scope' | 'flagged' | 'reason' | 'eventId'> & {
  idempotencyKey: string | null;
};

const SELECT = `select a.*, w.agency_id from account_assertions a left join workspaces w on w.id = a.workspace_id`;
const toAssertion = (r: Record<string, unknown>): Assertion => {
  const { idempotencyKey: _k, ...rest } = camelRow<Assertion & { idempotencyKey?: string }>(r);
  return rest;
};

/** Inserts once per idempotency key; null when the key was already used (nothing to apply again). */
export async function insertAssertion(db: Queryable, a: AssertionInsert): Promise<string | null> {
  const id = newId('asr');
  return (await insertAssertions(db, [{ ...a, id }])).has(id) ? id : null;
}

/**
 * Inserts many in one statement, each once per idempotency key (a key used before, or earlier in the
 * list, is skipped); returns the ids of the rows inserted. The ids are the caller's (they sort by
 * when it decided each assertion).
 */
export async function insertAssertions(db: Queryable, list: ReadonlyArray<AssertionInsert & { id: string }>): Promise<Set<string>> {
  const seen = new Set<string>();
  const rows = list.filter((a) => {
    if (a.idempotencyKey === null) return true;
    if (seen.has(a.idempotencyKey)) return false;
    seen.add(a.idempotencyKey);
    return true;
  });
  if (!rows.length) return new Set();
  const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((a) => a[k]);
  const { rows: inserted } = await db.query<{ id: string }>(
    `insert into account_assertions (id, account_id, workspace_id, contact_id, fact, value, source, evidence, scope, flagged, reason, event_id, idempotency_key)
     select id, account_id, workspace_id, contact_id, fact, value::jsonb, source, evidence, scope, flagged, reason, event_id, idempotency_key
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[])
         as v(id, account_id, workspace_id, contact_id, fact, value, source, evidence, scope, flagged, reason, event_id, idempotency_key)
     on conflict (idempotency_key) do nothing returning id`,
    [
      column('id'), column('accountId'), column('workspaceId'), column('contactId'), column('fact'), rows.map((a) => JSON.stringify(a.value)), column('source'),
      column('evidence'), column('scope'), column('flagged'), column('reason'), column('eventId'), column('idempotencyKey'),
    ],
  );
  return new Set(inserted.map((r) => r.id));
}

export async function getAssertion(db: Queryable, id: string, forUpdate = false): Promise<Assertion | null> {
  const { rows } = await db.query(`${SELECT} where a.id = $1${forUpdate ? ' for update of a' : ''}`, [id]);
  return rows[0] ? toAssertion(rows[0]) : null;
}

export async function setAssertionEvent(db: Queryable, id: string, eventId: string): Promise<void> {
  await db.query('update account_assertions set event_id = $2 where id = $1', [id, eventId]);
}

export async function reviewAssertion(db: Queryable, id: string, decision: 'PROMOTE' | 'DISMISS', reason: string): Promise<void> {
  await db.query('update account_assertions set flagged = false, reviewed_at = now(), review_decision = $2, review_reason = $3 where id = $1', [id, decision, reason]);
}

export interface AssertionFilter {
  flagged?: boolean;
  accountId?: string;
  workspaceId?: string;
  fact?: FactKind;
  limit: number;
  cursor?: string;
}

export async function listAssertions(db: Queryable, f: AssertionFilter): Promise<Page<Assertion>> {
  const w = new Where();
  if (f.flagged !== undefined) w.add((p) => `a.flagged = ${p}`, f.flagged);
  if (f.accountId) w.add((p) => `a.account_id = ${p}`, f.accountId);
  if (f.workspaceId) w.add((p) => `a.workspace_id = ${p}`, f.workspaceId);
  if (f.fact) w.add((p) => `a.fact = ${p}`, f.fact);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `a.id > ${p}`, after[0]);
  const { rows } = await db.query(`${SELECT} ${w.sql} order by a.id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toAssertion), f.limit, (a) => [a.id]);
}
