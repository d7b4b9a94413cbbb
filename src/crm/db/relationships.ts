import type { Queryable } from '../../db/types.ts';
import { camelRow, decodeCursor, rowsById, toPage, Where, type Page } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { Priority, Relationship, RelationshipStatus, Source } from '../types.ts';
import type { RelationshipProjection } from '../derive-status.ts';
import { updateRow } from './columns.ts';

export interface RelationshipRow extends Relationship {
  initialStatus: RelationshipStatus;
}

export function toRelationshipRow(r: Record<string, unknown>): RelationshipRow {
  const { workspaceId, ...rest } = camelRow<Omit<RelationshipRow, 'organizationId'> & { workspaceId: string }>(r);
  return { ...rest, organizationId: workspaceId } as RelationshipRow;
}

/** The public shape: the internal initial status is not part of the contract. */
export function publicRelationship(r: RelationshipRow): Relationship {
  const { initialStatus: _initial, ...rest } = r;
  return rest;
}

export interface RelationshipInput {
  workspaceId: string;
  accountId: string;
  source: Source;
  status?: RelationshipStatus;
  priority?: Priority;
  sourceDetails?: string | null;
  rawNotes?: string | null;
  targetBlogPost?: string | null;
  ourContent?: string | null;
}

export async function insertRelationship(db: Queryable, input: RelationshipInput): Promise<RelationshipRow> {
  const status = input.status ?? 'PROSPECTING';
  const { rows } = await db.query(
    `insert into relationships (id, workspace_id, account_id, source, status, initial_status, priority, source_details,
       raw_notes, target_blog_post, our_content)
     values ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10) returning *`,
    [
      newId('rel'),
      input.workspaceId,
      input.accountId,
      input.source,
      status,
      input.priority ?? 'MEDIUM',
      input.sourceDetails ?? null,
      input.rawNotes ?? null,
      input.targetBlogPost ?? null,
      input.ourContent ?? null,
    ],
  );
  return toRelationshipRow(rows[0]!);
}

/** The workspace's relationship with an account, created (source INBOUND etc.) when missing. */
export async function upsertRelationship(db: Queryable, workspaceId: string, accountId: string, source: Source): Promise<RelationshipRow> {
  // the common case (a partner who wrote before) is one read; an insert that conflicts costs more than it
  const known = await getRelationshipByWorkspaceAccount(db, workspaceId, accountId);
  if (known) return known;
  await db.query(
    `insert into relationships (id, workspace_id, account_id, source, status, initial_status)
     values ($1, $2, $3, $4, 'PROSPECTING', 'PROSPECTING') on conflict (workspace_id, account_id) do nothing`,
    [newId('rel'), workspaceId, accountId, source],
  );
  const { rows } = await db.query('select * from relationships where workspace_id = $1 and account_id = $2', [workspaceId, accountId]);
  return toRelationshipRow(rows[0]!);
}

export async function getRelationship(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<RelationshipRow | null> {
  const { rows } = workspaceIds
    ? await db.query('select * from relationships where id = $1 and workspace_id = any($2)', [id, workspaceIds])
    : await db.query('select * from relationships where id = $1', [id]);
  return rows[0] ? toRelationshipRow(rows[0]) : null;
}

/** Many relationships in one query, by id. */
export function getRelationships(db: Queryable, ids: readonly string[]): Promise<Map<string, RelationshipRow>> {
  return rowsById(db, 'relationships', ids, toRelationshipRow);
}

export async function lockRelationship(db: Queryable, id: string): Promise<RelationshipRow | null> {
  const { rows } = await db.query('select * from relationships where id = $1 for no key update', [id]);
  return rows[0] ? toRelationshipRow(rows[0]) : null;
}

export async function getRelationshipByWorkspaceAccount(db: Queryable, workspaceId: string, accountId: string): Promise<RelationshipRow | null> {
  const { rows } = await db.query('select * from relationships where workspace_id = $1 and account_id = $2', [workspaceId, accountId]);
  return rows[0] ? toRelationshipRow(rows[0]) : null;
}

export async function listRelationshipsOfAccount(db: Queryable, accountId: string): Promise<RelationshipRow[]> {
  const { rows } = await db.query('select * from relationships where account_id = $1 order by id', [accountId]);
  return rows.map(toRelationshipRow);
}

export async function updateRelationshipFields(
  db: Queryable,
  id: string,
  patch: Partial<Pick<Relationship, 'priority' | 'sourceDetails' | 'rawNotes' | 'targetBlogPost' | 'ourContent'>>,
): Promise<RelationshipRow | null> {
  const row = await updateRow(db, 'relationships', id, patch);
  return row ? toRelationshipRow(row) : null;
}

/** The projection stored on a relationship row. */
export function storedProjection(rel: RelationshipRow): RelationshipProjection {
  return {
    status: rel.status,
    contactedByUs: rel.contactedByUs,
    firstContactedByUsAt: rel.firstContactedByUsAt,
    lastContactedByUsAt: rel.lastContactedByUsAt,
    contactedByOtherOrg: rel.contactedByOtherOrg,
    firstContactedAt: rel.firstContactedAt,
  };
}

export async function storeProjection(db: Queryable, id: string, p: RelationshipProjection): Promise<void> {
  await updateRow(db, 'relationships', id, { ...p });
}

export interface RelationshipFilter {
  workspaceIds: readonly string[];
  status?: RelationshipStatus;
  accountId?: string;
  priority?: Priority;
  limit: number;
  cursor?: string;
}

export async function listRelationships(db: Queryable, f: RelationshipFilter): Promise<Page<RelationshipRow>> {
  const w = new Where();
  w.inList('workspace_id', f.workspaceIds);
  if (f.status) w.add((p) => `status = ${p}`, f.status);
  if (f.accountId) w.add((p) => `account_id = ${p}`, f.accountId);
  if (f.priority) w.add((p) => `priority = ${p}`, f.priority);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id > ${p}`, after[0]);
  const { rows } = await db.query(`select * from relationships ${w.sql} order by id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toRelationshipRow), f.limit, (r) => [r.id]);
}

const pairKey = (workspaceId: string, accountId: string) => `${workspaceId} ${accountId}`;

/** The workspaces' relationships with these accounts, in one query, keyed by `relationshipKey`. */
export async function getRelationshipsByWorkspaceAccount(db: Queryable, pairs: ReadonlyArray<{ workspaceId: string; accountId: string }>): Promise<Map<string, RelationshipRow>> {
  if (!pairs.length) return new Map();
  const { rows } = await db.query(
    `select r.* from relationships r join unnest($1::text[], $2::text[]) as p(workspace_id, account_id)
       on r.workspace_id = p.workspace_id and r.account_id = p.account_id`,
    [pairs.map((p) => p.workspaceId), pairs.map((p) => p.accountId)],
  );
  return new Map(rows.map((r) => { const rel = toRelationshipRow(r); return [pairKey(rel.organizationId, rel.accountId), rel]; }));
}

export const relationshipKey = pairKey;

/**
 * Creates the missing relationships (status PROSPECTING, as `upsertRelationship`), in one statement,
 * rows in (workspace, account) order; one another transaction created first is left as it is.
 * Returns those it created, keyed by `relationshipKey`.
 */
export async function insertRelationships(db: Queryable, pairs: ReadonlyArray<{ workspaceId: string; accountId: string }>, source: Source): Promise<Map<string, RelationshipRow>> {
  const unique = [...new Map(pairs.map((p) => [pairKey(p.workspaceId, p.accountId), p])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, p]) => p);
  if (!unique.length) return new Map();
  const { rows } = await db.query(
    `insert into relationships (id, workspace_id, account_id, source, status, initial_status)
     select id, workspace_id, account_id, $4::text, 'PROSPECTING', 'PROSPECTING'
     from unnest($1::text[], $2::text[], $3::text[]) with ordinality as p(id, workspace_id, account_id, n) order by n
     on conflict (workspace_id, account_id) do nothing returning *`,
    [unique.map(() => newId('rel')), unique.map((p) => p.workspaceId), unique.map((p) => p.accountId), source],
  );
  return new Map(rows.map((r) => { const rel = toRelationshipRow(r); return [pairKey(rel.organizationId, rel.accountId), rel]; }));
}

/** The account and workspace of these relationships, in one query (an unknown id is missing). */
export async function getRelationshipPartners(db: Queryable, ids: readonly string[]): Promise<Array<{ id: string; accountId: string; workspaceId: string }>> {
  if (!ids.length) return [];
  const { rows } = await db.query<{ id: string; account_id: string; workspace_id: string }>('select id, account_id, workspace_id from relationships where id = any($1)', [[...new Set(ids)]]);
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, workspaceId: r.workspace_id }));
}

/** `lockRelationship` for many, in one statement, locked in id order. */
export async function lockRelationships(db: Queryable, ids: readonly string[]): Promise<Map<string, RelationshipRow>> {
  return rowsById(db, 'relationships', ids, toRelationshipRow, { lock: true });
}

/** `storeProjection` for many relationships, in one statement. */
export async function storeProjections(db: Queryable, projections: ReadonlyArray<{ id: string; projection: RelationshipProjection }>): Promise<void> {
  if (!projections.length) return;
  const p = projections.map((x) => x.projection);
  await db.query(
    `update relationships r set status = v.status, contacted_by_us = v.contacted_by_us, first_contacted_by_us_at = v.first_contacted_by_us_at,
       last_contacted_by_us_at = v.last_contacted_by_us_at, contacted_by_other_org = v.contacted_by_other_org, first_contacted_at = v.first_contacted_at,
       updated_at = now()
     from unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::timestamptz[], $6::boolean[], $7::timestamptz[])
       as v(id, status, contacted_by_us, first_contacted_by_us_at, last_contacted_by_us_at, contacted_by_other_org, first_contacted_at)
     where r.id = v.id`,
    [
      projections.map((x) => x.id), p.map((x) => x.status), p.map((x) => x.contactedByUs), p.map((x) => x.firstContactedByUsAt),
      p.map((x) => x.lastContactedByUsAt), p.map((x) => x.contactedByOtherOrg), p.map((x) => x.firstContactedAt),
    ],
  );
}
