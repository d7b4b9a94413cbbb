/** Typed queries on approval_links: emailed links, stored only as the SHA-256 of their token. */
import type { Queryable } from '../../../db/types.ts';
import { camelRow } from '../../../db/rows.ts';

export type LinkPurpose = 'request' | 'reminder';

export interface ApprovalLink {
  tokenHash: string;
  approvalId: string;
  recipient: string;
  purpose: LinkPurpose;
  createdAt: string;
  emailedAt: string | null;
  usedAt: string | null;
}

export async function insertLink(db: Queryable, l: { tokenHash: string; approvalId: string; recipient: string; purpose: LinkPurpose }): Promise<void> {
  await db.query('insert into approval_links (token_hash, approval_id, recipient, purpose) values ($1, $2, $3, $4)', [
    l.tokenHash, l.approvalId, l.recipient, l.purpose,
  ]);
}

export async function markLinkEmailed(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query('update approval_links set emailed_at = $2 where token_hash = $1', [tokenHash, now.toISOString()]);
}

/** Recipients who already got this approval's email of this purpose (a retried job skips them). */
export async function emailedRecipients(db: Queryable, approvalId: string, purpose: LinkPurpose): Promise<Set<string>> {
  const { rows } = await db.query<{ recipient: string }>(
    'select distinct recipient from approval_links where approval_id = $1 and purpose = $2 and emailed_at is not null',
    [approvalId, purpose],
  );
  return new Set(rows.map((r) => r.recipient.toLowerCase()));
}

export async function findLink(db: Queryable, tokenHash: string): Promise<ApprovalLink | null> {
  const { rows } = await db.query('select * from approval_links where token_hash = $1', [tokenHash]);
  return rows[0] ? camelRow<ApprovalLink>(rows[0]) : null;
}

/** Single use: true only for the first caller. */
export async function markLinkUsed(tx: Queryable, tokenHash: string, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query('update approval_links set used_at = $2 where token_hash = $1 and used_at is null', [
    tokenHash, now.toISOString(),
  ]);
  return rowCount > 0;
}
