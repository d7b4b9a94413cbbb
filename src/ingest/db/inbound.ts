import type { Queryable, QueryOptions } from '../../db/types.ts';
import { camelRow, decodeCursor, toPage, Where } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { EmailAddress, AttachmentInfo, ReportPart } from '../types.ts';
import { boundStoredHtml, boundStoredText, MAX_STORED_TEXT_CHARS } from '../stored-text.ts';

export type InboundSource = 'IMAP' | 'INSTANTLY';

export interface InboundDraft {
  workspaceId: string;
  source: InboundSource;
  mailboxId: string | null;
  externalId: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attachments: AttachmentInfo[];
  reportParts: ReportPart[];
  rawSha256: string | null;
  receivedAt: string;
  rawPayload?: unknown;
}

/**
 * Instantly messages by Instantly's email id (the webhook knows no Message-ID; the API and the
 * reconciler do, and must land on the same row); mail by Message-ID, else the hash of the raw bytes.
 */
export function dedupeKeyOf(d: Pick<InboundDraft, 'messageId' | 'externalId' | 'source' | 'rawSha256' | 'from' | 'subject' | 'receivedAt' | 'text'>): string {
  if (d.source === 'INSTANTLY' && d.externalId) return `ext:${d.source}:${d.externalId}`;
  if (d.messageId) return `mid:${d.messageId.toLowerCase()}`;
  if (d.externalId) return `ext:${d.source}:${d.externalId}`;
  if (d.rawSha256) return `sha:${d.rawSha256}`;
  return `fields:${d.source}:${d.from?.address ?? ''}:${d.receivedAt}:${d.subject}:${d.text.length}`;
}

/**
 * Inserts the message unless its dedupe key is already stored for the workspace; null on a duplicate.
 * Text and HTML are stored bounded (src/ingest/stored-text.ts); the dedupe key reads the draft as it came.
 */
export async function insertInbound(db: Queryable, d: InboundDraft): Promise<string | null> {
  return (await insertInboundBatch(db, [d]))[0] ?? null;
}

/** Columns of one inbound row in a multi-row insert, in the order `INBOUND_BATCH_COLUMNS` names them. */
const INBOUND_BATCH_COLUMNS = `id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, "references",
  from_address, from_name, to_addresses, cc_addresses, subject, text, html, headers, attachments, report_parts, raw_sha256,
  received_at, dedupe_key, raw_payload`;
const INBOUND_BATCH_WIDTH = 22;
/** Rows per statement: PostgreSQL takes at most 65,535 parameters in one. */
const INBOUND_ROWS_PER_STATEMENT = 1_000;

/** Appends one row's parameters, in the order `INBOUND_BATCH_COLUMNS` names them. */
function pushInboundBatchRow(params: unknown[], id: string, d: InboundDraft, dedupeKey: string): void {
  params.push(
    id, d.workspaceId, d.source, d.mailboxId, d.externalId, d.messageId, d.inReplyTo, d.references,
    d.from?.address ?? null, d.from?.name || null, JSON.stringify(d.to), JSON.stringify(d.cc), d.subject,
    boundStoredText(d.text, MAX_STORED_TEXT_CHARS), boundStoredHtml(d.html), JSON.stringify(d.headers), JSON.stringify(d.attachments),
    JSON.stringify(d.reportParts), d.rawSha256, d.receivedAt, dedupeKey, d.rawPayload === undefined ? null : JSON.stringify(d.rawPayload),
  );
}

/** The statement for `rows` rows, kept per row count (a backfill sends the same count batch after batch). */
const insertSqlByRows = new Map<number, string>();
function inboundBatchInsertSql(rows: number): string {
  let sql = insertSqlByRows.get(rows);
  if (sql === undefined) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) tuples.push(`(${Array.from({ length: INBOUND_BATCH_WIDTH }, (_, k) => `$${r * INBOUND_BATCH_WIDTH + k + 1}`).join(', ')})`);
    sql = `insert into inbound_messages (${INBOUND_BATCH_COLUMNS}) values ${tuples.join(', ')}
       on conflict (workspace_id, dedupe_key) do nothing returning id`;
    if (insertSqlByRows.size < 64) insertSqlByRows.set(rows, sql);
  }
  return sql;
}

/**
 * Row counts seen more than once (a backfill's or a poller's full batches, a webhook's single row) run
 * as a prepared statement, parsed and planned once per connection: for 250 rows that is ~19 % fewer
 * instructions in PostgreSQL per insert (parse, analysis, planning and their copies of the tree;
 * bench/imap-insert-ab.ts). A plan holds ~5.6 KB of the connection's memory per row (~1.4 MB for
 * 250), hence at most PREPARED_ROWS rows over all prepared counts.
 */
const PREPARED_ROWS = 512;
const seenRowCounts = new Set<number>();
const preparedRowCounts = new Set<number>();
let preparedRows = 0;
function preparedName(rows: number): QueryOptions | undefined {
  if (!preparedRowCounts.has(rows)) {
    if (preparedRows + rows > PREPARED_ROWS) return undefined;
    if (!seenRowCounts.has(rows)) {
      if (seenRowCounts.size < 1024) seenRowCounts.add(rows);
      return undefined;
    }
    preparedRowCounts.add(rows);
    preparedRows += rows;
  }
  return { prepareAs: `inbound_batch_${rows}` };
}

/**
 * Many messages in one statement (a poller's batch): one multi-row VALUES with each field its own
 * parameter, so bodies reach PostgreSQL as they are (a JSON array of the rows made the server parse
 * every body out of one big document: ~1.6x slower for 100 replies of ~5 KB; `unnest` of one array
 * per column made it parse every body out of an array literal: 8–17 % more instructions than this,
 * bench/imap-insert-ab.ts). Returns, per draft, its new id or null when its dedupe key was already
 * stored (or repeated within the batch).
 */
export async function insertInboundBatch(db: Queryable, drafts: readonly InboundDraft[]): Promise<(string | null)[]> {
  const ids = drafts.map(() => newId('in'));
  // Rows in dedupe-key order: two batches committing at once that share messages wait on each other's
  // keys in the same order, so they cannot deadlock.
  const order = drafts.map((d, i) => ({ i, key: dedupeKeyOf(d) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const created = new Set<string>();
  for (let from = 0; from < order.length; from += INBOUND_ROWS_PER_STATEMENT) {
    const part = order.slice(from, from + INBOUND_ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const { i, key } of part) pushInboundBatchRow(params, ids[i]!, drafts[i]!, key);
    const { rows } = await db.query<{ id: string }>(inboundBatchInsertSql(part.length), params, preparedName(part.length));
    for (const r of rows) created.add(r.id);
  }
  return ids.map((id) => (created.has(id) ? id : null));
}

/**
 * Claims the messages not yet matched (the ingest.match job's idempotency: a redelivered job claims
 * nothing again). Returns the claimed ids.
 */
export async function claimUnmatched(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await db.query<{ id: string }>('update inbound_messages set matched_at = now() where id = any($1) and matched_at is null returning id', [[...new Set(ids)]]);
  return new Set(rows.map((r) => r.id));
}

/** Which of these messages are not yet matched. */
export async function unmatchedOf(db: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await db.query<{ id: string }>('select id from inbound_messages where id = any($1) and matched_at is null', [[...new Set(ids)]]);
  return new Set(rows.map((r) => r.id));
}

export async function setInboundMatch(db: Queryable, id: string, m: { relationshipId: string | null; contactId: string | null; accountId: string | null }): Promise<void> {
  await db.query('update inbound_messages set relationship_id = $2, contact_id = $3, account_id = $4, matched_at = coalesce(matched_at, now()), updated_at = now() where id = $1', [
    id, m.relationshipId, m.contactId, m.accountId,
  ]);
}

/** Many messages' matches in one statement (a batch's senders matched at once), as `setInboundMatch` each. */
export async function setInboundMatches(db: Queryable, ms: ReadonlyArray<{ id: string; relationshipId: string | null; contactId: string | null; accountId: string | null }>): Promise<void> {
  if (!ms.length) return;
  await db.query(
    `update inbound_messages m set relationship_id = v.relationship_id, contact_id = v.contact_id, account_id = v.account_id,
       matched_at = coalesce(m.matched_at, now()), updated_at = now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as v(id, relationship_id, contact_id, account_id)
     where m.id = v.id`,
    [ms.map((m) => m.id), ms.map((m) => m.relationshipId), ms.map((m) => m.contactId), ms.map((m) => m.accountId)],
  );
}

/** The relationship of the thread these Message-IDs belong to: one we sent, or an earlier reply we received. */
export async function relationshipOfThread(db: Queryable, workspaceId: string, messageIds: readonly string[]): Promise<string | null> {
  if (!messageIds.length) return null;
  const sent = await db.query<{ relationship_id: string }>(
    `select relationship_id from events where type = 'EMAIL_SENT' and metadata->>'messageId' = any($1) and workspace_id = $2
     order by occurred_at desc limit 1`,
    [messageIds, workspaceId],
  );
  if (sent.rows[0]) return sent.rows[0].relationship_id;
  const received = await db.query<{ relationship_id: string }>(
    `select relationship_id from inbound_messages where workspace_id = $1 and message_id = any($2) and relationship_id is not null
     order by received_at desc limit 1`,
    [workspaceId, messageIds],
  );
  return received.rows[0]?.relationship_id ?? null;
}

export interface InboundRow {
  id: string;
  workspaceId: string;
  source: InboundSource;
  mailboxId: string | null;
  externalId: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: EmailAddress[];
  ccAddresses: EmailAddress[];
  subject: string | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
  attachments: AttachmentInfo[];
  reportParts: ReportPart[];
  receivedAt: string;
  relationshipId: string | null;
  contactId: string | null;
  accountId: string | null;
  status: string;
  classification: unknown;
  decision: unknown;
  draft: unknown;
  createdAt: string;
  updatedAt: string;
}

/**
 * Every column but `raw_payload` (the source's JSON, kept for audit): no reader of a message uses it,
 * and it is the message's bodies a second time — each step read and parsed it for every message.
 */
const ROW_COLUMNS = `id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, "references", from_address, from_name,
  to_addresses, cc_addresses, subject, text, html, headers, attachments, report_parts, raw_sha256, received_at, relationship_id,
  contact_id, account_id, status, classification, decision, draft, created_at, updated_at, dedupe_key, matched_at`;

export async function getInbound(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<InboundRow | null> {
  const { rows } = workspaceIds
    ? await db.query(`select ${ROW_COLUMNS} from inbound_messages where id = $1 and workspace_id = any($2)`, [id, workspaceIds])
    : await db.query(`select ${ROW_COLUMNS} from inbound_messages where id = $1`, [id]);
  return rows[0] ? camelRow<InboundRow>(rows[0]) : null;
}

/** What a step that already read a message's bodies needs of it once locked: who it is from and where it stands. */
export type InboundHead = Pick<InboundRow, 'id' | 'workspaceId' | 'status' | 'relationshipId' | 'contactId' | 'accountId'>;

/** Messages locked in id order, read without their bodies (the step read those before its transaction). */
export async function lockInboundHeads(db: Queryable, ids: readonly string[]): Promise<Map<string, InboundHead>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query<{ id: string; workspace_id: string; status: string; relationship_id: string | null; contact_id: string | null; account_id: string | null }>(
    'select id, workspace_id, status, relationship_id, contact_id, account_id from inbound_messages where id = any($1) order by id for update',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, workspaceId: r.workspace_id, status: r.status, relationshipId: r.relationship_id, contactId: r.contact_id, accountId: r.account_id }]));
}

/** Many messages in one query (a step's batch), by id; `forUpdate` locks them in id order. */
export async function getInbounds(db: Queryable, ids: readonly string[], opts: { forUpdate?: boolean } = {}): Promise<Map<string, InboundRow>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query(`select ${ROW_COLUMNS} from inbound_messages where id = any($1) order by id${opts.forUpdate ? ' for update' : ''}`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r['id'] as string, camelRow<InboundRow>(r)]));
}

/** A stored message back in the shape ingest and classification read (bodies, headers, thread ids). */
export function draftOfRow(row: InboundRow): InboundDraft {
  return {
    workspaceId: row.workspaceId,
    source: row.source,
    mailboxId: row.mailboxId,
    externalId: row.externalId,
    messageId: row.messageId,
    inReplyTo: row.inReplyTo,
    references: row.references ?? [],
    from: row.fromAddress ? { address: row.fromAddress, name: row.fromName ?? '' } : null,
    to: row.toAddresses ?? [],
    cc: row.ccAddresses ?? [],
    subject: row.subject ?? '',
    text: row.text ?? '',
    html: row.html,
    headers: row.headers ?? {},
    attachments: row.attachments ?? [],
    reportParts: row.reportParts ?? [],
    rawSha256: null,
    receivedAt: row.receivedAt,
  };
}

/** The public shape (SPEC section 2): `from`, `to`, `cc` as addresses; internals left out. */
export function publicInbound(r: InboundRow) {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    source: r.source,
    mailboxId: r.mailboxId,
    externalId: r.externalId,
    messageId: r.messageId,
    inReplyTo: r.inReplyTo,
    references: r.references,
    from: r.fromAddress ? { address: r.fromAddress, name: r.fromName ?? '' } : null,
    to: r.toAddresses,
    cc: r.ccAddresses,
    subject: r.subject,
    text: r.text,
    html: r.html,
    attachments: r.attachments,
    receivedAt: r.receivedAt,
    relationshipId: r.relationshipId,
    contactId: r.contactId,
    accountId: r.accountId,
    status: r.status,
    classification: r.classification,
    decision: r.decision,
    draft: r.draft,
    createdAt: r.createdAt,
  };
}

export interface InboundFilter {
  workspaceIds: readonly string[];
  status?: string;
  relationshipId?: string;
  source?: InboundSource;
  /** The classification's intent (`classification.intent`). */
  intent?: string;
  /** The gates' decision (`decision.action`: NO_REPLY, AUTO_REPLY, WAITING_APPROVAL). */
  decision?: string;
  /** Part of the sender's address or of the partner's domain, case-insensitive. */
  q?: string;
  limit: number;
  cursor?: string;
}

/** `%`, `_` and `\` in a search are themselves, not LIKE wildcards. */
export const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first: the inbox order. Bodies are left out of lists (fetch one message for them). */
export async function listInbound(db: Queryable, f: InboundFilter) {
  const w = new Where();
  w.inList('workspace_id', f.workspaceIds);
  if (f.status) w.add((p) => `status = ${p}`, f.status);
  if (f.relationshipId) w.add((p) => `relationship_id = ${p}`, f.relationshipId);
  if (f.source) w.add((p) => `source = ${p}`, f.source);
  if (f.intent) w.add((p) => `classification->>'intent' = ${p}`, f.intent);
  if (f.decision) w.add((p) => `decision->>'action' = ${p}`, f.decision);
  if (f.q) w.add((p) => `(from_address ilike ${p} or account_id in (select id from accounts where domain ilike ${p}))`, likePattern(f.q.trim()));
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id < ${p}`, after[0]);
  const { rows } = await db.query(
    `select id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, "references", from_address, from_name,
       to_addresses, cc_addresses, subject, null as text, null as html, attachments, received_at, relationship_id, contact_id,
       account_id, status, classification, decision, null as draft, created_at
     from inbound_messages ${w.sql} order by id desc limit ${f.limit + 1}`,
    w.params,
  );
  return toPage(rows.map((r) => publicInbound(camelRow<InboundRow>(r))), f.limit, (m) => [m.id]);
}
