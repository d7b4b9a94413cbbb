/**
 * One sync pass over the inbox on an open connection: lock the folder (read-only: ingest never changes
 * flags, so nothing is marked \Seen for the humans who read this mailbox), read its status, plan, then
 * fetch, parse and commit batch by batch. The lock is released in `finally` whatever happens.
 */
import type { ImapFlow } from 'imapflow';
import { AppError } from '../../../errors.ts';
import type { PollerEvent } from '../poller-events.ts';
import type { MailboxSyncStore, PollerLogger } from '../ports.ts';
import { advanceCursor, planSync, resyncSince, type FolderStatus, type InitialSync, type SyncPlan } from '../sync-plan.ts';
import type { MailboxConfig, MailboxCursor } from '../types.ts';
import { commitWhileFetchingNext, fetchParsedBatches, searchUidsFrom, type ParseFn } from './fetch-parsed.ts';

export interface InboxSyncDeps {
  mailbox: MailboxConfig;
  store: MailboxSyncStore;
  holderId: string;
  initialSync: InitialSync;
  batchSize: number;
  largeMessageBytes: number;
  parse: ParseFn;
  logger: PollerLogger;
  emit: (event: PollerEvent) => void;
  /** Checked after each committed batch: false (lease lost, stop requested) ends the pass early. */
  keepGoing: () => boolean;
}

async function readStatus(client: ImapFlow, folder: string): Promise<FolderStatus> {
  const selected = client.mailbox;
  if (!selected) throw new AppError('UPSTREAM', `IMAP folder ${folder} is not selected`, { retryable: true });
  // STATUS refreshes uidNext, which the selected view does not track as mail arrives.
  const st = await client.status(folder, { uidNext: true, uidValidity: true, messages: true, highestModseq: true });
  if (st && st.uidValidity !== undefined && st.uidValidity !== selected.uidValidity) {
    // The UIDs we would SEARCH and FETCH belong to the selected (old) view: reconnect and plan again.
    throw new AppError('UPSTREAM', `UIDVALIDITY of ${folder} changed while it was open`, { retryable: true });
  }
  const modseq = (st ? st.highestModseq : undefined) ?? selected.highestModseq;
  return {
    uidValidity: Number(selected.uidValidity),
    uidNext: (st ? st.uidNext : undefined) ?? selected.uidNext ?? null,
    highestModseq: modseq === undefined ? null : modseq.toString(),
    exists: (st ? st.messages : undefined) ?? selected.exists,
  };
}

async function commit(deps: InboxSyncDeps, items: Parameters<MailboxSyncStore['commitBatch']>[1], cursor: MailboxCursor): Promise<void> {
  await deps.store.commitBatch(deps.mailbox.id, items, cursor, { holderId: deps.holderId });
  deps.emit({ type: 'batch-committed', count: items.length, cursor });
}

/** Fetches everything the plan asks for; returns how many messages were committed. */
async function fetchAndCommit(client: ImapFlow, deps: InboxSyncDeps, plan: SyncPlan, status: FolderStatus, cursor: MailboxCursor | null): Promise<number> {
  const uids = await searchUidsFrom(client, plan.fromUid, resyncSince(plan, deps.initialSync, deps.mailbox.connectedAt));
  // A full resync starts the cursor over: the old lastUid means nothing under the new UIDVALIDITY.
  let base: MailboxCursor | null = plan.kind === 'full-resync' ? null : cursor;
  if (uids.length === 0) {
    // UIDs below uidNext were handed out and are gone (expunged, or an empty folder after a UIDVALIDITY
    // change): move the cursor to uidNext - 1 so the next pass does not search the same empty range.
    // Safe: mail arriving after our STATUS gets a UID >= uidNext.
    if (status.uidNext === null) return 0;
    const next = advanceCursor(base, status, status.uidNext - 1);
    if (!cursor || next.uidValidity !== cursor.uidValidity || next.lastUid !== cursor.lastUid) await commit(deps, [], next);
    return 0;
  }
  let fetched = 0;
  const batches = fetchParsedBatches(client, uids, {
    batchSize: deps.batchSize,
    largeMessageBytes: deps.largeMessageBytes,
    parse: deps.parse,
    onParseWarnings: (uid, warnings) => deps.logger.warn({ mailboxId: deps.mailbox.id, uid, warnings }, 'message only partly parsed'),
  });
  // The next batch is fetched and parsed while this one commits; the cursor moves with each commit only.
  await commitWhileFetchingNext(batches, async (batch) => {
    const next = advanceCursor(base, status, batch.lastUid);
    await commit(deps, batch.items, next);
    base = next;
    fetched += batch.items.length;
    // Graceful stop: the batch in flight is committed, the one read ahead is dropped and fetched next pass.
    return deps.keepGoing();
  });
  return fetched;
}

export async function syncInbox(client: ImapFlow, deps: InboxSyncDeps): Promise<void> {
  const folder = deps.mailbox.folders.inbox;
  const lock = await client.getMailboxLock(folder, { readOnly: true, description: 'ingest sync' });
  try {
    const status = await readStatus(client, folder);
    const cursor = await deps.store.loadCursor(deps.mailbox.id);
    const plan = planSync(cursor, status, deps.initialSync);
    deps.emit({ type: 'sync-planned', plan, status });
    let fetched = 0;
    if (plan.kind === 'baseline') {
      await commit(deps, [], { uidValidity: status.uidValidity, lastUid: plan.fromUid - 1, highestModseq: status.highestModseq });
    } else if (plan.kind !== 'none') {
      fetched = await fetchAndCommit(client, deps, plan, status, cursor);
      deps.logger.info({ mailboxId: deps.mailbox.id, plan, fetched }, 'imap sync done');
    }
    deps.emit({ type: 'synced', plan, fetched });
  } finally {
    lock.release();
  }
}
