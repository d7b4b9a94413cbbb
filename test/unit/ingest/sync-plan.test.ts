import { describe, it, expect } from 'vitest';
import { advanceCursor, planSync, resyncSince, sizeBoundedGroups, uidBatches, type FolderStatus, type InitialSync, type SyncPlan } from '../../../src/ingest/imap/sync-plan.ts';
import type { MailboxCursor } from '../../../src/ingest/imap/types.ts';

const cursor = (uidValidity: number, lastUid: number): MailboxCursor => ({ uidValidity, lastUid, highestModseq: '7' });
const status = (uidValidity: number, uidNext: number | null, exists: number): FolderStatus => ({ uidValidity, uidNext, exists, highestModseq: '9' });

describe('planSync', () => {
  const table: Array<[string, MailboxCursor | null, FolderStatus, InitialSync, SyncPlan]> = [
    ['first sync imports everything', null, status(5, 10, 9), 'all', { kind: 'full-resync', fromUid: 1, reason: 'no-cursor' }],
    ['first sync "new-only" records a baseline', null, status(5, 10, 9), 'new-only', { kind: 'baseline', fromUid: 10, reason: 'no-cursor' }],
    ['first sync "new-only" without uidNext starts at 1', null, status(5, null, 0), 'new-only', { kind: 'baseline', fromUid: 1, reason: 'no-cursor' }],
    ['first sync of an empty folder', null, status(5, 1, 0), 'all', { kind: 'full-resync', fromUid: 1, reason: 'no-cursor' }],
    ['nothing new', cursor(5, 9), status(5, 10, 9), 'all', { kind: 'none', fromUid: 10, reason: 'up-to-date' }],
    ['new messages', cursor(5, 9), status(5, 12, 11), 'all', { kind: 'incremental', fromUid: 10, reason: 'new-messages' }],
    ['new messages, initialSync ignored once a cursor exists', cursor(5, 9), status(5, 12, 11), 'new-only', { kind: 'incremental', fromUid: 10, reason: 'new-messages' }],
    ['uidNext jumped but the folder is empty (new mail deleted)', cursor(5, 9), status(5, 15, 0), 'all', { kind: 'none', fromUid: 10, reason: 'mailbox-empty' }],
    ['server omits UIDNEXT: look anyway', cursor(5, 9), status(5, null, 3), 'all', { kind: 'incremental', fromUid: 10, reason: 'uidnext-unknown' }],
    ['UIDVALIDITY changed', cursor(5, 9), status(6, 10, 9), 'all', { kind: 'full-resync', fromUid: 1, reason: 'uidvalidity-changed' }],
    ['UIDVALIDITY changed wins over an empty folder', cursor(5, 9), status(6, 1, 0), 'all', { kind: 'full-resync', fromUid: 1, reason: 'uidvalidity-changed' }],
    ['uidNext went backwards under the same UIDVALIDITY (broken server)', cursor(5, 9), status(5, 4, 3), 'all', { kind: 'full-resync', fromUid: 1, reason: 'uidnext-went-backwards' }],
    ['uidNext equal to lastUid is also backwards', cursor(5, 9), status(5, 9, 8), 'all', { kind: 'full-resync', fromUid: 1, reason: 'uidnext-went-backwards' }],
    ['modseq changed but no new UID (flag change only)', cursor(5, 9), { uidValidity: 5, uidNext: 10, exists: 9, highestModseq: '99' }, 'all', { kind: 'none', fromUid: 10, reason: 'up-to-date' }],
  ];
  it.each(table)('%s', (_name, c, s, initial, expected) => {
    expect(planSync(c, s, initial)).toEqual(expected);
  });
});

describe('advanceCursor', () => {
  it('moves forward under the same UIDVALIDITY', () => {
    expect(advanceCursor(cursor(5, 9), status(5, 20, 19), 15)).toEqual({ uidValidity: 5, lastUid: 15, highestModseq: '9' });
  });
  it('never moves backwards under the same UIDVALIDITY', () => {
    expect(advanceCursor(cursor(5, 30), status(5, 40, 19), 15).lastUid).toBe(30);
  });
  it('starts over under a new UIDVALIDITY', () => {
    expect(advanceCursor(cursor(5, 30), status(6, 40, 19), 15)).toEqual({ uidValidity: 6, lastUid: 15, highestModseq: '9' });
  });
  it('starts over when the resync passes no previous cursor', () => {
    expect(advanceCursor(null, status(5, 40, 19), 3).lastUid).toBe(3);
  });
});

describe('uidBatches', () => {
  const table: Array<[number[], number, number[][]]> = [
    [[], 10, []],
    [[1, 2, 3], 10, [[1, 2, 3]]],
    [[5, 1, 3, 2, 4], 2, [[1, 2], [3, 4], [5]]],
    [[7, 7, 3], 1, [[3], [7]]],
  ];
  it.each(table)('%j in batches of %i', (uids, size, expected) => {
    expect(uidBatches(uids, size)).toEqual(expected);
  });
  it('rejects a non-positive batch size', () => {
    expect(() => uidBatches([1], 0)).toThrow(RangeError);
  });
});

describe('resyncSince', () => {
  const connectedAt = new Date('2026-03-10T15:00:00Z');
  const dayBefore = new Date('2026-03-09T15:00:00Z');
  const resync = (reason: SyncPlan['reason']): SyncPlan => ({ kind: 'full-resync', fromUid: 1, reason });
  const table: Array<[string, SyncPlan, InitialSync, Date | null, Date | null]> = [
    ['UIDVALIDITY change of a "new-only" mailbox: since a day before it was connected', resync('uidvalidity-changed'), 'new-only', connectedAt, dayBefore],
    ['uidNext went backwards, same rule', resync('uidnext-went-backwards'), 'new-only', connectedAt, dayBefore],
    ['"all" mailboxes re-read everything', resync('uidvalidity-changed'), 'all', connectedAt, null],
    ['connection date unknown: everything', resync('uidvalidity-changed'), 'new-only', null, null],
    ['first sync is not a resync', resync('no-cursor'), 'new-only', connectedAt, null],
    ['incremental syncs never filter by date', { kind: 'incremental', fromUid: 10, reason: 'new-messages' }, 'new-only', connectedAt, null],
  ];
  it.each(table)('%s', (_name, plan, initial, at, expected) => {
    expect(resyncSince(plan, initial, at)).toEqual(expected);
  });
});

describe('sizeBoundedGroups', () => {
  const sizes: Record<number, number> = { 1: 4, 2: 4, 3: 4, 4: 20, 5: 1, 6: 9 };
  const table: Array<[number[], number, number[][]]> = [
    [[], 10, []],
    [[1, 2], 10, [[1, 2]]],
    [[1, 2, 3], 10, [[1, 2], [3]]], // 12 > 10
    [[1, 4, 5], 10, [[1], [4], [5]]], // an oversized message travels alone
    [[5, 6], 10, [[5, 6]]], // exactly at the limit
    [[1, 2, 3, 5, 6], 100, [[1, 2, 3, 5, 6]]],
  ];
  it.each(table)('%j within %i bytes', (uids, max, expected) => {
    expect(sizeBoundedGroups(uids, (u) => sizes[u] ?? 0, max)).toEqual(expected);
  });
});
