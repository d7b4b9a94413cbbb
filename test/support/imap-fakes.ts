/**
 * In-memory implementations of the IMAP poller's ports (src/ingest/imap/ports.ts), with the same
 * contracts the PostgreSQL ones must honour: dedupe by Message-ID else raw hash, messages and cursor
 * committed together, the lease fence checked inside the commit.
 */
import { AppError } from '../../src/errors.ts';
import type { MailboxLease, MailboxSyncStore } from '../../src/ingest/imap/ports.ts';
import type { FetchedMessage, MailboxCursor } from '../../src/ingest/imap/types.ts';
import type { ParsedEmail } from '../../src/ingest/types.ts';

export class InMemoryLease implements MailboxLease {
  private readonly held = new Map<string, { holderId: string; expiresAt: number }>();
  /** Every successful acquisition, in order, for assertions. */
  readonly acquisitions: Array<{ mailboxId: string; holderId: string }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  holder(mailboxId: string): string | null {
    const h = this.held.get(mailboxId);
    return h && h.expiresAt > this.now() ? h.holderId : null;
  }

  /** Simulates a holder that stalled past its TTL: the lease is free for anyone, the holder does not know yet. */
  expire(mailboxId: string): void {
    const h = this.held.get(mailboxId);
    if (h) h.expiresAt = 0;
  }

  async tryAcquire(mailboxId: string, holderId: string, ttlMs: number): Promise<boolean> {
    const current = this.holder(mailboxId);
    if (current !== null && current !== holderId) return false;
    this.held.set(mailboxId, { holderId, expiresAt: this.now() + ttlMs });
    if (current !== holderId) this.acquisitions.push({ mailboxId, holderId });
    return true;
  }

  async renew(mailboxId: string, holderId: string, ttlMs: number): Promise<boolean> {
    if (this.holder(mailboxId) !== holderId) return false;
    this.held.set(mailboxId, { holderId, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(mailboxId: string, holderId: string): Promise<void> {
    if (this.held.get(mailboxId)?.holderId === holderId) this.held.delete(mailboxId);
  }
}

export interface StoredMessage {
  mailboxId: string;
  uidValidity: number | null;
  uid: number;
  internalDate: Date | null;
  parsed: ParsedEmail;
}

export interface CommitRecord {
  mailboxId: string;
  holderId: string | null;
  cursor: MailboxCursor | null;
  uids: number[];
}

export class InMemorySyncStore implements MailboxSyncStore {
  private readonly cursors = new Map<string, MailboxCursor>();
  private readonly byKey = new Map<string, StoredMessage>();
  readonly commits: CommitRecord[] = [];
  /** Messages the store skipped because their dedupe key was already stored. */
  duplicatesSkipped = 0;
  readonly errors: Array<{ mailboxId: string; message: string }> = [];
  /** Called inside commitBatch before anything is written; throw to simulate a failed transaction. */
  beforeCommit: ((mailboxId: string, items: ReadonlyArray<FetchedMessage<ParsedEmail>>) => void) | null = null;

  constructor(private readonly lease: InMemoryLease | null = null) {}

  static dedupeKey(mailboxId: string, p: ParsedEmail): string {
    return p.messageId ? `${mailboxId}|mid|${p.messageId}` : `${mailboxId}|sha|${p.rawSha256}`;
  }

  async loadCursor(mailboxId: string): Promise<MailboxCursor | null> {
    const c = this.cursors.get(mailboxId);
    return c ? { ...c } : null;
  }

  async commitBatch(
    mailboxId: string,
    items: ReadonlyArray<FetchedMessage<ParsedEmail>>,
    cursor: MailboxCursor | null,
    fence?: { holderId: string },
  ): Promise<void> {
    // "Transaction": every check first, then all writes, with no await in between.
    this.beforeCommit?.(mailboxId, items);
    if (fence && this.lease && this.lease.holder(mailboxId) !== fence.holderId) {
      throw new AppError('CONFLICT', `mailbox ${mailboxId} lease is not held by ${fence.holderId}`);
    }
    for (const item of items) {
      const key = InMemorySyncStore.dedupeKey(mailboxId, item.parsed);
      if (this.byKey.has(key)) {
        this.duplicatesSkipped++;
        continue;
      }
      this.byKey.set(key, { mailboxId, uidValidity: cursor?.uidValidity ?? null, uid: item.uid, internalDate: item.internalDate, parsed: item.parsed });
    }
    if (cursor) this.cursors.set(mailboxId, { ...cursor });
    this.commits.push({ mailboxId, holderId: fence?.holderId ?? null, cursor: cursor ? { ...cursor } : null, uids: items.map((i) => i.uid) });
  }

  async recordError(mailboxId: string, message: string): Promise<void> {
    this.errors.push({ mailboxId, message });
  }

  messages(mailboxId?: string): StoredMessage[] {
    return [...this.byKey.values()].filter((m) => mailboxId === undefined || m.mailboxId === mailboxId);
  }

  subjects(mailboxId?: string): string[] {
    return this.messages(mailboxId)
      .map((m) => m.parsed.subject)
      .sort();
  }

  /** How many times each (uidValidity, uid) was handed to commitBatch: >1 means a batch was committed twice. */
  commitCounts(mailboxId: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.commits) {
      if (c.mailboxId !== mailboxId) continue;
      for (const uid of c.uids) {
        const key = `${c.cursor?.uidValidity ?? 'backfill'}:${uid}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return counts;
  }
}

/** Polls `cond` until it holds or the deadline passes; never a fixed sleep. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** A small RFC 5322 message with a unique Message-ID. */
export function makeMessage(n: number | string, opts: { from?: string; to?: string; body?: string; messageId?: string | null } = {}): string {
  const messageId = opts.messageId === undefined ? `<test-${n}@example.org>` : opts.messageId;
  return [
    `From: ${opts.from ?? 'Blog Owner <owner@blog.example>'}`,
    `To: ${opts.to ?? 'outreach@agency.example'}`,
    `Subject: message ${n}`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0000',
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? `Hello, this is reply number ${n}.`,
    '',
  ].join('\r\n');
}
