/** Typed queries on the approvals table. Decisions are compare-and-set on status = 'PENDING'. */
import type { Queryable } from '../../../db/types.ts';
import { camelRow, decodeCursor, toPage, Where, type Page } from '../../../db/rows.ts';
import type { Approval, ApprovalDraft, ApprovalRow, ApprovalStatus, DecidedBy, TrippedGate } from '../types.ts';
import type { ApprovalSubjectRef } from './approval-subject.ts';

export function toApprovalRow(r: Record<string, unknown>): ApprovalRow {
  return camelRow<ApprovalRow>(r);
}

/** The API shape: Slack bookkeeping stays internal. */
export function publicApproval(a: ApprovalRow): Approval {
  return {
    id: a.id, workspaceId: a.workspaceId, inboundId: a.inboundId ?? null, outreachId: a.outreachId ?? null, relationshipId: a.relationshipId, status: a.status,
    draft: a.draft, gates: a.gates, expiresAt: a.expiresAt, reminderAt: a.reminderAt, remindedAt: a.remindedAt,
    decidedAt: a.decidedAt, decidedBy: a.decidedBy, editedText: a.editedText, rejectReason: a.rejectReason, createdAt: a.createdAt,
  };
}

export interface NewApproval {
  id: string;
  workspaceId: string;
  subject: ApprovalSubjectRef;
  relationshipId: string | null;
  draft: ApprovalDraft | null;
  gates: TrippedGate[];
  expiresAt: Date;
  reminderAt: Date;
  now: Date;
}

/** Several approvals in one statement; the rows in the order given. */
export async function insertApprovals(tx: Queryable, list: readonly NewApproval[]): Promise<ApprovalRow[]> {
  if (!list.length) return [];
  const col = <T>(f: (a: NewApproval) => T): T[] => list.map(f);
  const { rows } = await tx.query(
    `insert into approvals (id, workspace_id, inbound_id, outreach_id, relationship_id, draft, gates, expires_at, reminder_at, created_at, updated_at)
     select v.id, v.workspace_id, v.inbound_id, v.outreach_id, v.relationship_id, v.draft::jsonb, v.gates::jsonb, v.expires_at, v.reminder_at, v.created_at, v.created_at
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])
         as v(id, workspace_id, inbound_id, outreach_id, relationship_id, draft, gates, expires_at, reminder_at, created_at)
     returning *`,
    [
      col((a) => a.id), col((a) => a.workspaceId), col((a) => (a.subject.kind === 'inbound' ? a.subject.id : null)), col((a) => (a.subject.kind === 'outreach' ? a.subject.id : null)),
      col((a) => a.relationshipId), col((a) => (a.draft === null ? null : JSON.stringify(a.draft))), col((a) => JSON.stringify(a.gates)),
      col((a) => a.expiresAt.toISOString()), col((a) => a.reminderAt.toISOString()), col((a) => a.now.toISOString()),
    ],
  );
  const byId = new Map(rows.map((r) => [r['id'] as string, toApprovalRow(r)]));
  return list.map((a) => byId.get(a.id)!);
}

export async function getApproval(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<ApprovalRow | null> {
  const { rows } = workspaceIds
    ? await db.query('select * from approvals where id = $1 and workspace_id = any($2)', [id, workspaceIds])
    : await db.query('select * from approvals where id = $1', [id]);
  return rows[0] ? toApprovalRow(rows[0]) : null;
}

export async function pendingApprovalOf(db: Queryable, subject: ApprovalSubjectRef): Promise<ApprovalRow | null> {
  const column = subject.kind === 'inbound' ? 'inbound_id' : 'outreach_id';
  const { rows } = await db.query(`select * from approvals where ${column} = $1 and status = 'PENDING'`, [subject.id]);
  return rows[0] ? toApprovalRow(rows[0]) : null;
}

/** The PENDING approvals of these inbound messages, by message (at most one each). */
export async function pendingApprovalsOfInbounds(db: Queryable, inboundIds: readonly string[]): Promise<Map<string, ApprovalRow>> {
  if (!inboundIds.length) return new Map();
  const { rows } = await db.query(`select * from approvals where inbound_id = any($1::text[]) and status = 'PENDING'`, [[...new Set(inboundIds)]]);
  return new Map(rows.map((r) => [r['inbound_id'] as string, toApprovalRow(r)]));
}

export interface DecisionUpdate {
  id: string;
  status: Exclude<ApprovalStatus, 'PENDING'>;
  decidedBy: DecidedBy;
  editedText: string | null;
  rejectReason: string | null;
  now: Date;
}

/**
 * The compare-and-set every channel goes through. A concurrent decision waits on the row lock and then
 * re-checks `status = 'PENDING'`, finds it decided and updates nothing: exactly one decision wins.
 * Decisions need `expires_at > now`; expiry needs `expires_at <= now`, so the two never overlap.
 */
export async function decideIfPending(tx: Queryable, d: DecisionUpdate): Promise<ApprovalRow | null> {
  const timeCheck = d.status === 'EXPIRED' ? 'expires_at <= $6' : 'expires_at > $6';
  const { rows } = await tx.query(
    `update approvals set status = $2, decided_by = $3, edited_text = $4, reject_reason = $5, decided_at = $6, updated_at = $6
     where id = $1 and status = 'PENDING' and ${timeCheck} returning *`,
    [d.id, d.status, JSON.stringify(d.decidedBy), d.editedText, d.rejectReason, d.now.toISOString()],
  );
  return rows[0] ? toApprovalRow(rows[0]) : null;
}

export async function pendingExpiredIds(db: Queryable, now: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "select id from approvals where status = 'PENDING' and expires_at <= $1 order by expires_at, id limit $2",
    [now.toISOString(), limit],
  );
  return rows.map((r) => r.id);
}

/** Marks the approvals whose reminder is due as reminded and returns them (once each). */
export async function claimDueReminders(tx: Queryable, now: Date, limit: number): Promise<ApprovalRow[]> {
  const { rows } = await tx.query(
    `update approvals set reminded_at = $1, updated_at = $1
     where id in (select id from approvals where status = 'PENDING' and reminded_at is null and reminder_at <= $1 and expires_at > $1
                  order by reminder_at, id limit $2 for update skip locked)
     returning *`,
    [now.toISOString(), limit],
  );
  return rows.map(toApprovalRow);
}

export async function setSlackMessage(db: Queryable, id: string, channel: string, ts: string): Promise<void> {
  await db.query('update approvals set slack_channel = $2, slack_ts = $3, updated_at = now() where id = $1', [id, channel, ts]);
}

/** Merges one key into `notified` (what the notifier did, for audit). */
export async function recordNotified(db: Queryable, id: string, key: string, value: unknown): Promise<void> {
  await recordNotifiedMany(db, [{ approvalId: id, key, value }]);
}

export interface NotifiedRecord {
  approvalId: string;
  key: string;
  value: unknown;
}

/** `recordNotified` of several, in one statement: merged in the order given (a later key of one approval wins). */
export async function recordNotifiedMany(db: Queryable, records: readonly NotifiedRecord[]): Promise<void> {
  if (!records.length) return;
  await db.query(
    `update approvals a set notified = a.notified || v.patch, updated_at = now()
       from (select r.id, jsonb_object_agg(r.key, r.value::jsonb order by r.n) as patch
               from unnest($1::text[], $2::text[], $3::text[]) with ordinality as r(id, key, value, n)
              group by r.id) v
      where a.id = v.id`,
    [records.map((r) => r.approvalId), records.map((r) => r.key), records.map((r) => JSON.stringify(r.value))],
  );
}

export interface ApprovalFilter {
  workspaceIds: readonly string[];
  status?: ApprovalStatus;
  inboundId?: string;
  outreachId?: string;
  limit: number;
  cursor?: string;
}

export async function listApprovals(db: Queryable, f: ApprovalFilter): Promise<Page<ApprovalRow>> {
  const w = new Where();
  w.add((p) => `workspace_id = any(${p})`, f.workspaceIds);
  if (f.status) w.add((p) => `status = ${p}`, f.status);
  if (f.inboundId) w.add((p) => `inbound_id = ${p}`, f.inboundId);
  if (f.outreachId) w.add((p) => `outreach_id = ${p}`, f.outreachId);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id > ${p}`, after[0]);
  const { rows } = await db.query(`select * from approvals ${w.sql} order by id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toApprovalRow), f.limit, (r) => [r.id]);
}
