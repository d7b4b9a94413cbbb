/**
 * The PostgreSQL side of the IMAP poller's ports (src/ingest/imap/ports.ts): each batch of messages
 * and the cursor that covers it commit in one transaction, with the lease checked inside it (a poller
 * that stalled past its lease cannot move the cursor under the new holder); the lease itself is a
 * compare-and-set on the database clock.
 */
import type { Db, Queryable } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import type { MailboxLease, MailboxSyncStore } from '../imap/ports.ts';
import type { FetchedMessage, MailboxCursor } from '../imap/types.ts';
import type { ParsedEmail } from '../types.ts';
import type { InboundDraft } from '../db/inbound.ts';
import { storeInboundBatch } from '../ingest-inbound.ts';
import type { EnqueueInTx } from '../ports.ts';
import { firstAcceptedInstant } from '../../time-range.ts';

/**
 * PostgreSQL text cannot hold U+0000, which broken mailers do put in mail: drop it, keep the rest.
 * Copies only what holds a NUL (almost no mail does): the value itself otherwise.
 */
export function withoutNul<T>(v: T): T {
  if (typeof v === 'string') return (v.includes('\u0000') ? v.replaceAll('\u0000', '') : v) as T;
  if (!v || typeof v !== 'object' || v instanceof Date) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = withoutNul(v[i] as unknown);
      if (x !== v[i]) (out ??= [...v])[i] = x;
    }
    return (out ?? v) as T;
  }
  // Walks the keys without building entries: on clean mail (nearly all) nothing is allocated.
  const obj = v as Record<string, unknown>;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) continue;
    const x = obj[k];
    if (withoutNul(k) !== k || withoutNul(x) !== x) return cleanedCopy(obj) as T;
  }
  return v;
}

/** The slow path of withoutNul: a copy with every key and value cleaned. */
function cleanedCopy(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, x]) => [withoutNul(k), withoutNul(x)]));
}

export function draftFromParsed(p: ParsedEmail, ctx: { workspaceId: string; mailboxId: string; receivedAt: Date }): InboundDraft {
  return withoutNul({
    workspaceId: ctx.workspaceId,
    source: 'IMAP',
    mailboxId: ctx.mailboxId,
    externalId: null,
    messageId: p.messageId,
    inReplyTo: p.inReplyTo,
    references: p.references,
    from: p.from,
    to: p.to,
    cc: p.cc,
    subject: p.subject,
    text: p.text,
    html: p.html,
    headers: p.headers,
    attachments: p.attachments,
    reportParts: p.reportParts,
    rawSha256: p.rawSha256,
    receivedAt: ctx.receivedAt.toISOString(),
  });
}

async function mailboxOwner(tx: Queryable, mailboxId: string): Promise<{ workspaceId: string; address: string }> {
  const { rows } = await tx.query<{ workspace_id: string; address: string }>('select workspace_id, address from mailboxes where id = $1', [mailboxId]);
  if (!rows[0]) throw new AppError('NOT_FOUND', `mailbox ${mailboxId} not found`);
  return { workspaceId: rows[0].workspace_id, address: rows[0].address.toLowerCase() };
}

/**
 * `history: true` (the CLI backfill) marks what it ingests as imported history: classified, so the CRM
 * learns from it (prices, DNC, bounces), but never answered.
 */
export function createPgSyncStore(deps: { db: Db; enqueue: EnqueueInTx; now?: () => Date; onIngested?: (n: number) => void; history?: boolean }): MailboxSyncStore {
  const now = deps.now ?? (() => new Date());
  return {
    async loadCursor(mailboxId) {
      const { rows } = await deps.db.query<{ uid_validity: number | null; last_uid: number | null; highest_modseq: string | null }>(
        'select uid_validity, last_uid, highest_modseq from mailbox_sync_state where mailbox_id = $1',
        [mailboxId],
      );
      const r = rows[0];
      if (!r || r.uid_validity == null || r.last_uid == null) return null;
      return { uidValidity: Number(r.uid_validity), lastUid: Number(r.last_uid), highestModseq: r.highest_modseq };
    },

    async commitBatch(mailboxId, items: ReadonlyArray<FetchedMessage<ParsedEmail>>, cursor: MailboxCursor | null, fence) {
      let ingested = 0;
      await deps.db.transaction(async (tx) => {
        if (fence) {
          const held = await tx.query('select 1 from mailbox_lease where mailbox_id = $1 and holder_id = $2 and expires_at > now() for share', [mailboxId, fence.holderId]);
          if (!held.rows.length) throw new AppError('CONFLICT', 'mailbox lease lost');
        }
        const owner = await mailboxOwner(tx, mailboxId);
        // Our own messages in the inbox (a copy to self) are not replies.
        const drafts = items
          .filter((item) => item.parsed.from?.address !== owner.address)
          .map((item) => draftFromParsed(item.parsed, { workspaceId: owner.workspaceId, mailboxId, receivedAt: firstAcceptedInstant([item.internalDate, item.parsed.date], now()) }));
        ingested += (await storeInboundBatch(tx, drafts, deps.enqueue, { history: deps.history === true })).length;
        if (cursor) {
          await tx.query(
            `insert into mailbox_sync_state (mailbox_id, uid_validity, last_uid, highest_modseq, last_sync_at, updated_at)
             values ($1, $2, $3, $4, now(), now())
             on conflict (mailbox_id) do update set uid_validity = $2, last_uid = $3, highest_modseq = $4, last_sync_at = now(), updated_at = now()`,
            [mailboxId, cursor.uidValidity, cursor.lastUid, cursor.highestModseq],
          );
        }
      });
      if (ingested) deps.onIngested?.(ingested);
    },

    async recordError(mailboxId, message) {
      await deps.db
        .query(
          `insert into mailbox_sync_state (mailbox_id, last_error, last_error_at) values ($1, $2, now())
           on conflict (mailbox_id) do update set last_error = $2, last_error_at = now(), updated_at = now()`,
          [mailboxId, message.slice(0, 2000)],
        )
        .catch(() => {});
    },

    async recordSuccess(mailboxId) {
      await deps.db
        .query(`update mailbox_sync_state set last_error = null, last_sync_at = now() where mailbox_id = $1 and (last_error is not null or last_sync_at < now() - interval '10 seconds')`, [mailboxId])
        .catch(() => {});
    },
  };
}

export function createPgLease(db: Db): MailboxLease {
  return {
    async tryAcquire(mailboxId, holderId, ttlMs) {
      const { rows } = await db.query(
        `insert into mailbox_lease (mailbox_id, holder_id, expires_at) values ($1, $2, now() + $3 * interval '1 millisecond')
         on conflict (mailbox_id) do update set holder_id = $2, expires_at = excluded.expires_at
           where mailbox_lease.holder_id = $2 or mailbox_lease.expires_at < now()
         returning 1`,
        [mailboxId, holderId, ttlMs],
      );
      return rows.length > 0;
    },
    async renew(mailboxId, holderId, ttlMs) {
      const { rows } = await db.query(
        `update mailbox_lease set expires_at = now() + $3 * interval '1 millisecond'
         where mailbox_id = $1 and holder_id = $2 and expires_at > now() returning 1`,
        [mailboxId, holderId, ttlMs],
      );
      return rows.length > 0;
    },
    async release(mailboxId, holderId) {
      await db.query('delete from mailbox_lease where mailbox_id = $1 and holder_id = $2', [mailboxId, holderId]);
    },
  };
}
