/**
 * Pure IMAP sync decisions: given the cursor we saved and what the server reports for the folder now,
 * what do we fetch? No I/O, no clock — table-tested in test/unit/ingest/sync-plan.test.ts.
 *
 * Only new messages matter to ingest (flag changes do not), so the plan is about UIDs; the modseq is
 * carried in the cursor for observability and a future CONDSTORE-based sync.
 */
import type { MailboxCursor } from './types.ts';

/** What the server reports for the folder (SELECT / STATUS). `uidNext` is null when the server omits it. */
export interface FolderStatus {
  uidValidity: number;
  uidNext: number | null;
  highestModseq: string | null;
  exists: number;
}

/**
 * - `none`: nothing new to fetch.
 * - `incremental`: fetch UIDs >= fromUid under the same UIDVALIDITY.
 * - `full-resync`: UIDs can no longer be trusted (or we never synced): fetch everything from fromUid=1
 *   and rely on the store's dedupe (Message-ID, else raw hash) so nothing is stored twice.
 * - `baseline`: first sync of a mailbox configured to start "from now": fetch nothing, just record a
 *   cursor at uidNext - 1 (history is imported with the backfill command instead).
 */
export type SyncPlanKind = 'none' | 'incremental' | 'full-resync' | 'baseline';

export type SyncPlanReason =
  | 'up-to-date'
  | 'mailbox-empty'
  | 'new-messages'
  | 'uidnext-unknown'
  | 'no-cursor'
  | 'uidvalidity-changed'
  | 'uidnext-went-backwards';

export interface SyncPlan {
  kind: SyncPlanKind;
  /** First UID to fetch (inclusive). For `none` it is the UID the next sync would start at. */
  fromUid: number;
  reason: SyncPlanReason;
}

/** What to do on the very first sync: import what is already there, or start at the next new message. */
export type InitialSync = 'all' | 'new-only';

export function uidValidityChanged(cursor: MailboxCursor, status: FolderStatus): boolean {
  return cursor.uidValidity !== status.uidValidity;
}

/** A server must never hand out a UID twice under one UIDVALIDITY; if uidNext says it will, resync. */
export function uidNextWentBackwards(cursor: MailboxCursor, status: FolderStatus): boolean {
  return status.uidNext !== null && status.uidNext <= cursor.lastUid;
}

export function hasNewMessages(cursor: MailboxCursor, status: FolderStatus): boolean {
  return status.uidNext === null || status.uidNext > cursor.lastUid + 1;
}

export function planSync(cursor: MailboxCursor | null, status: FolderStatus, initialSync: InitialSync = 'all'): SyncPlan {
  if (cursor === null) {
    if (initialSync === 'new-only') {
      return { kind: 'baseline', fromUid: Math.max(1, status.uidNext ?? 1), reason: 'no-cursor' };
    }
    return { kind: 'full-resync', fromUid: 1, reason: 'no-cursor' };
  }
  if (uidValidityChanged(cursor, status)) return { kind: 'full-resync', fromUid: 1, reason: 'uidvalidity-changed' };
  if (uidNextWentBackwards(cursor, status)) return { kind: 'full-resync', fromUid: 1, reason: 'uidnext-went-backwards' };
  const next = cursor.lastUid + 1;
  if (status.exists === 0) return { kind: 'none', fromUid: next, reason: 'mailbox-empty' };
  if (!hasNewMessages(cursor, status)) return { kind: 'none', fromUid: next, reason: 'up-to-date' };
  return { kind: 'incremental', fromUid: next, reason: status.uidNext === null ? 'uidnext-unknown' : 'new-messages' };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A full resync of a mailbox that started "new-only" re-reads only mail since it was connected, so a
 * UIDVALIDITY change does not push years of history through the pipeline. IMAP SINCE compares dates
 * (no time) in the server's time zone, hence the day of slack. Null: read the whole folder.
 */
export function resyncSince(plan: SyncPlan, initialSync: InitialSync, connectedAt: Date | null | undefined): Date | null {
  if (plan.kind !== 'full-resync' || plan.reason === 'no-cursor') return null;
  if (initialSync !== 'new-only' || !connectedAt || Number.isNaN(connectedAt.getTime())) return null;
  return new Date(connectedAt.getTime() - DAY_MS);
}

/**
 * The cursor to save after committing a batch whose highest UID is `batchLastUid`. The cursor never
 * moves backwards under the same UIDVALIDITY (a full resync re-reads old UIDs it has already passed).
 */
export function advanceCursor(previous: MailboxCursor | null, status: FolderStatus, batchLastUid: number): MailboxCursor {
  const sameValidity = previous !== null && previous.uidValidity === status.uidValidity;
  const lastUid = sameValidity ? Math.max(previous.lastUid, batchLastUid) : batchLastUid;
  return { uidValidity: status.uidValidity, lastUid, highestModseq: status.highestModseq };
}

/** Splits UIDs (any order, possibly repeated) into ascending batches of at most `size`. */
export function uidBatches(uids: readonly number[], size: number): number[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(sorted.slice(i, i + size));
  return out;
}

/**
 * Groups UIDs (in the given order) so each group's total size stays within `maxBytes`, to bound how much a
 * single FETCH of message sources can buffer. A message larger than `maxBytes` gets a group of its own.
 */
export function sizeBoundedGroups(uids: readonly number[], sizeOf: (uid: number) => number, maxBytes: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = Math.max(0, sizeOf(uid));
    if (current.length > 0 && bytes + size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(uid);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
