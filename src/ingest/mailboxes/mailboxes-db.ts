import type { Queryable } from '../../db/types.ts';
import { iso } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { MailboxConfig, MailServerConfig } from '../imap/types.ts';
import type { SecretBox } from './secret-box.ts';

export interface MailboxInput {
  workspaceId: string;
  address: string;
  imap: MailServerConfig;
  smtp: MailServerConfig;
  folders: { inbox: string; sent: string };
  /** Who signs replies from this mailbox (src/respond/draft/sender.ts); unset: the workspace's. */
  senderName?: string | null | undefined;
  signature?: string | null | undefined;
}

/** What the API shows: never a password. */
export interface PublicMailbox {
  id: string;
  workspaceId: string;
  address: string;
  imap: Omit<MailServerConfig, 'password'>;
  smtp: Omit<MailServerConfig, 'password'>;
  folders: { inbox: string; sent: string };
  senderName: string | null;
  signature: string | null;
  createdAt: string;
  sync: { uidValidity: number | null; lastUid: number | null; lastSyncAt: string | null; lastError: string | null; lastErrorAt: string | null };
}

/** A mailbox with its decrypted passwords, for the poller and the sender only. */
export interface MailboxWithSecrets extends MailboxConfig {
  workspaceId: string;
  smtp: MailServerConfig;
}

type Row = Record<string, unknown>;

function toPublic(r: Row): PublicMailbox {
  return {
    id: r['id'] as string,
    workspaceId: r['workspace_id'] as string,
    address: r['address'] as string,
    imap: { host: r['imap_host'] as string, port: r['imap_port'] as number, secure: r['imap_secure'] as boolean, user: r['imap_user'] as string },
    smtp: { host: r['smtp_host'] as string, port: r['smtp_port'] as number, secure: r['smtp_secure'] as boolean, user: r['smtp_user'] as string },
    folders: { inbox: r['folder_inbox'] as string, sent: r['folder_sent'] as string },
    senderName: (r['sender_name'] as string | null) ?? null,
    signature: (r['signature'] as string | null) ?? null,
    createdAt: iso(r['created_at'])!,
    sync: {
      uidValidity: r['uid_validity'] == null ? null : Number(r['uid_validity']),
      lastUid: r['last_uid'] == null ? null : Number(r['last_uid']),
      lastSyncAt: iso(r['last_sync_at']),
      lastError: (r['last_error'] as string | null) ?? null,
      lastErrorAt: iso(r['last_error_at']),
    },
  };
}

function withSecrets(r: Row, box: SecretBox): MailboxWithSecrets {
  const p = toPublic(r);
  return {
    id: p.id,
    workspaceId: p.workspaceId,
    address: p.address,
    imap: { ...p.imap, password: box.open(r['imap_password_enc'] as string) },
    smtp: { ...p.smtp, password: box.open(r['smtp_password_enc'] as string) },
    folders: p.folders,
    connectedAt: new Date(p.createdAt),
  };
}

const SELECT = `select m.*, s.uid_validity, s.last_uid, s.last_sync_at, s.last_error, s.last_error_at
  from mailboxes m left join mailbox_sync_state s on s.mailbox_id = m.id`;

export async function insertMailbox(db: Queryable, input: MailboxInput, box: SecretBox): Promise<PublicMailbox> {
  const id = newId('mbx');
  await db.query(
    `insert into mailboxes (id, workspace_id, address, imap_host, imap_port, imap_secure, imap_user, imap_password_enc,
       smtp_host, smtp_port, smtp_secure, smtp_user, smtp_password_enc, folder_inbox, folder_sent, sender_name, signature)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      id, input.workspaceId, input.address, input.imap.host, input.imap.port, input.imap.secure, input.imap.user, box.seal(input.imap.password),
      input.smtp.host, input.smtp.port, input.smtp.secure, input.smtp.user, box.seal(input.smtp.password), input.folders.inbox, input.folders.sent,
      input.senderName ?? null, input.signature ?? null,
    ],
  );
  return (await getMailbox(db, id))!;
}

export async function getMailbox(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<PublicMailbox | null> {
  const { rows } = workspaceIds
    ? await db.query(`${SELECT} where m.id = $1 and m.workspace_id = any($2) and m.disconnected_at is null`, [id, workspaceIds])
    : await db.query(`${SELECT} where m.id = $1 and m.disconnected_at is null`, [id]);
  return rows[0] ? toPublic(rows[0]) : null;
}

export async function listMailboxes(db: Queryable, workspaceIds: readonly string[]): Promise<PublicMailbox[]> {
  const { rows } = await db.query(`${SELECT} where m.workspace_id = any($1) and m.disconnected_at is null order by m.id`, [workspaceIds]);
  return rows.map(toPublic);
}

/** Sets the sender fields given (null clears one) of a connected mailbox the caller may see; null when none. */
export async function updateMailboxSender(
  db: Queryable,
  id: string,
  workspaceIds: readonly string[],
  patch: { senderName?: string | null | undefined; signature?: string | null | undefined },
): Promise<PublicMailbox | null> {
  const { rowCount } = await db.query(
    `update mailboxes set
       sender_name = case when $3 then $4 else sender_name end,
       signature = case when $5 then $6 else signature end
     where id = $1 and workspace_id = any($2) and disconnected_at is null`,
    [id, workspaceIds, patch.senderName !== undefined, patch.senderName ?? null, patch.signature !== undefined, patch.signature ?? null],
  );
  return rowCount > 0 ? getMailbox(db, id, workspaceIds) : null;
}

export async function disconnectMailbox(db: Queryable, id: string, workspaceIds: readonly string[]): Promise<boolean> {
  const { rowCount } = await db.query('update mailboxes set disconnected_at = now() where id = $1 and workspace_id = any($2) and disconnected_at is null', [id, workspaceIds]);
  return rowCount > 0;
}

export async function connectedMailboxes(db: Queryable, box: SecretBox): Promise<MailboxWithSecrets[]> {
  const { rows } = await db.query(`${SELECT} where m.disconnected_at is null order by m.id`);
  return rows.map((r) => withSecrets(r, box));
}

export async function mailboxWithSecrets(db: Queryable, id: string, box: SecretBox): Promise<MailboxWithSecrets | null> {
  const { rows } = await db.query(`${SELECT} where m.id = $1`, [id]);
  return rows[0] ? withSecrets(rows[0], box) : null;
}
