/** Typed queries on outreach_messages. */
import type { Queryable } from '../../../db/types.ts';
import { decodeCursor, iso, toPage, Where, type Page } from '../../../db/rows.ts';
import type { Outreach, OutreachCheck, OutreachStatus } from '../types.ts';

type Row = Record<string, unknown>;

export interface OutreachRow extends Outreach {
  requestHash: string;
}

export function toOutreachRow(r: Row): OutreachRow {
  return {
    id: r['id'] as string,
    workspaceId: r['workspace_id'] as string,
    relationshipId: r['relationship_id'] as string,
    accountId: r['account_id'] as string,
    contactId: r['contact_id'] as string,
    mailboxId: (r['mailbox_id'] as string | null) ?? null,
    channel: r['channel'] === 'INSTANTLY' ? 'INSTANTLY' : 'SMTP',
    instantlyCampaignId: (r['instantly_campaign_id'] as string | null) ?? null,
    campaignId: (r['campaign_id'] as string | null) ?? null,
    from: { address: r['from_address'] as string, name: (r['from_name'] as string | null) ?? null },
    to: r['to_address'] as string,
    subject: r['subject'] as string,
    text: r['text'] as string,
    html: (r['html'] as string | null) ?? null,
    status: r['status'] as OutreachStatus,
    requireApproval: r['require_approval'] as boolean,
    checks: (r['checks'] as OutreachCheck[] | null) ?? [],
    approvalId: (r['approval_id'] as string | null) ?? null,
    messageId: (r['message_id'] as string | null) ?? null,
    sendError: (r['send_error'] as string | null) ?? null,
    idempotencyKey: (r['idempotency_key'] as string | null) ?? null,
    requestHash: r['request_hash'] as string,
    createdAt: iso(r['created_at'])!,
    sentAt: iso(r['sent_at']),
  };
}

export function publicOutreach(o: OutreachRow): Outreach {
  const { requestHash: _hash, ...rest } = o;
  return rest;
}

export interface NewOutreach {
  id: string;
  workspaceId: string;
  relationshipId: string;
  accountId: string;
  contactId: string;
  mailboxId: string | null;
  /** Default SMTP (with mailboxId); INSTANTLY needs instantlyCampaignId. */
  channel?: 'SMTP' | 'INSTANTLY';
  instantlyCampaignId?: string | null;
  campaignId?: string | null;
  from: { address: string; name: string | null };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  requireApproval: boolean;
  checks: OutreachCheck[];
  idempotencyKey: string | null;
  requestHash: string;
  now: Date;
}

/** Inserts a DRAFT; null when the workspace already has an email under this idempotency key. */
export async function insertOutreach(tx: Queryable, o: NewOutreach): Promise<OutreachRow | null> {
  const { rows } = await tx.query(
    `insert into outreach_messages (id, workspace_id, relationship_id, account_id, contact_id, mailbox_id, from_address, from_name,
       to_address, subject, text, html, status, require_approval, checks, idempotency_key, request_hash, created_at, updated_at,
       channel, instantly_campaign_id, campaign_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'DRAFT', $13, $14, $15, $16, $17, $17, $18, $19, $20)
     on conflict (workspace_id, idempotency_key) where idempotency_key is not null do nothing
     returning *`,
    [o.id, o.workspaceId, o.relationshipId, o.accountId, o.contactId, o.mailboxId, o.from.address, o.from.name, o.to, o.subject, o.text, o.html,
      o.requireApproval, JSON.stringify(o.checks), o.idempotencyKey, o.requestHash, o.now.toISOString(), o.channel ?? 'SMTP', o.instantlyCampaignId ?? null, o.campaignId ?? null],
  );
  return rows[0] ? toOutreachRow(rows[0]) : null;
}

export async function getOutreach(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<OutreachRow | null> {
  const { rows } = workspaceIds
    ? await db.query('select * from outreach_messages where id = $1 and workspace_id = any($2)', [id, workspaceIds])
    : await db.query('select * from outreach_messages where id = $1', [id]);
  return rows[0] ? toOutreachRow(rows[0]) : null;
}

/** Locks the row: the approval service and the send step queue up behind each other. */
export async function lockOutreach(tx: Queryable, id: string): Promise<OutreachRow | null> {
  const { rows } = await tx.query('select * from outreach_messages where id = $1 for update', [id]);
  return rows[0] ? toOutreachRow(rows[0]) : null;
}

export async function outreachByIdempotencyKey(db: Queryable, workspaceId: string, key: string): Promise<OutreachRow | null> {
  const { rows } = await db.query('select * from outreach_messages where workspace_id = $1 and idempotency_key = $2', [workspaceId, key]);
  return rows[0] ? toOutreachRow(rows[0]) : null;
}

export async function openOutreachOf(db: Queryable, relationshipId: string): Promise<OutreachRow | null> {
  const { rows } = await db.query(
    "select * from outreach_messages where relationship_id = $1 and status in ('DRAFT','WAITING_APPROVAL','APPROVED') limit 1",
    [relationshipId],
  );
  return rows[0] ? toOutreachRow(rows[0]) : null;
}

/** Moves the status on; `from` guards the transition (a SENT email is never pulled back). */
export async function setOutreachStatus(
  tx: Queryable,
  id: string,
  to: OutreachStatus,
  opts: { from?: readonly OutreachStatus[]; approvalId?: string; text?: string; html?: string | null; messageId?: string; sendError?: string } = {},
): Promise<boolean> {
  const sets = ['status = $2', 'updated_at = now()'];
  const params: unknown[] = [id, to];
  const set = (col: string, v: unknown) => {
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  };
  if (opts.approvalId !== undefined) set('approval_id', opts.approvalId);
  if (opts.text !== undefined) set('text', opts.text);
  if (opts.html !== undefined) set('html', opts.html);
  if (opts.messageId !== undefined) set('message_id', opts.messageId);
  if (opts.sendError !== undefined) set('send_error', opts.sendError);
  if (to === 'SENT') sets.push('sent_at = now()');
  let where = 'id = $1';
  if (opts.from) {
    params.push(opts.from);
    where += ` and status = any($${params.length})`;
  }
  const { rowCount } = await tx.query(`update outreach_messages set ${sets.join(', ')} where ${where}`, params);
  return rowCount > 0;
}

export interface OutreachFilter {
  workspaceIds: readonly string[];
  relationshipId?: string;
  status?: OutreachStatus;
  limit: number;
  cursor?: string;
}

export async function listOutreach(db: Queryable, f: OutreachFilter): Promise<Page<OutreachRow>> {
  const w = new Where();
  w.add((p) => `workspace_id = any(${p})`, f.workspaceIds);
  if (f.relationshipId) w.add((p) => `relationship_id = ${p}`, f.relationshipId);
  if (f.status) w.add((p) => `status = ${p}`, f.status);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id > ${p}`, after[0]);
  const { rows } = await db.query(`select * from outreach_messages ${w.sql} order by id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toOutreachRow), f.limit, (r) => [r.id]);
}

/**
 * Instantly has sent the first email it was handed (its `email_sent`): the email of this relationship
 * to this lead, added to that Instantly campaign, becomes SENT. From QUEUED, or from APPROVED when the
 * webhook beat our own record of the lead's add. Returns the ids it changed (none: not one of ours, or
 * already recorded).
 */
export async function markInstantlyOutreachSent(tx: Queryable, m: { relationshipId: string; to: string; instantlyCampaignId: string | null; sentAt: string }): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `update outreach_messages set status = 'SENT', sent_at = $4, updated_at = now()
      where relationship_id = $1 and channel = 'INSTANTLY' and status in ('APPROVED','QUEUED') and lower(to_address) = lower($2)
        and ($3::text is null or instantly_campaign_id = $3)
      returning id`,
    [m.relationshipId, m.to, m.instantlyCampaignId, m.sentAt],
  );
  return rows.map((r) => r.id);
}
