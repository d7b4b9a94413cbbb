/**
 * Imports a folder's history since a date (CLI: `backfill <mailboxId> --since <date>`), on its own
 * connection and without the lease: it never moves the poller's cursor (commitBatch with a null cursor)
 * and the store's dedupe absorbs any overlap with the poller, so it is safe to run alongside it and to
 * re-run after a failure. Without a cursor the order of its commits does not matter: up to
 * `commitsInFlight` batches commit at once.
 *
 * IMAP SINCE compares the server's internal (arrival) date, by day, in the server's time zone.
 */
import { AppError, isAppError } from '../../../errors.ts';
import { pinMailServer, type HostPolicy } from '../../../net/mail-target.ts';
import { parseOffThread } from '../../parse/parse-thread.ts';
import { connectionFailureError } from '../connection-failure.ts';
import type { MailboxSyncStore } from '../ports.ts';
import type { MailboxConfig } from '../types.ts';
import { closeImapClient, createImapClient } from './imap-client.ts';
import { commitWhileFetchingNext, fetchParsedBatches, type ParseFn } from './fetch-parsed.ts';

/**
 * Messages per batch and batches committing at once. The backfill moves no cursor and the store
 * deduplicates (in dedupe-key order, so overlapping batches cannot deadlock), so two batches commit
 * side by side, each on its own connection, while the next is fetched and parsed. Batches of 250
 * spend ~15 % less CPU per message on the commit than batches of 100 (the per-batch statements: job
 * priority, job insert, BEGIN/COMMIT); 500 saved nothing more (`tsx bench/imap-commit-profile.ts
 * --batch N`, docs/benchmarks.md section 5).
 */
export const BACKFILL_BATCH_SIZE = 250;
/**
 * Messages at most this size (found by one `SEARCH LARGER` for the whole backfill) need no FETCH of
 * sizes: a batch of 250 of them is at most 16 MB, one FETCH group.
 */
const KNOWN_SMALL_BYTES = 64 * 1024;
export const BACKFILL_COMMITS_IN_FLIGHT = 2;

export interface BackfillProgress {
  /** Messages matching SINCE in the folder. */
  total: number;
  /** Messages fetched and committed so far (duplicates the store skipped included). */
  done: number;
}

export interface BackfillOptions {
  since: Date;
  /** Defaults to the mailbox's inbox folder. */
  folder?: string;
  onProgress?: (progress: BackfillProgress) => void;
  /** Abort between batches; what was committed stays committed. */
  signal?: AbortSignal;
  batchSize?: number;
  /** Batches committing at once (the backfill moves no cursor, and the store deduplicates). */
  commitsInFlight?: number;
  largeMessageBytes?: number;
  connectTimeoutMs?: number;
  /** ALLOW_PRIVATE_HOSTS (off when not given), and the resolver: see src/net/mail-target.ts. */
  hosts?: HostPolicy;
  parse?: ParseFn;
}

export interface BackfillResult extends BackfillProgress {
  aborted: boolean;
}

export async function backfillMailbox(mailbox: MailboxConfig, store: MailboxSyncStore, opts: BackfillOptions): Promise<BackfillResult> {
  if (Number.isNaN(opts.since.getTime())) throw new AppError('VALIDATION', 'backfill: --since is not a valid date', { field: 'since' });
  const folder = opts.folder ?? mailbox.folders.inbox;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const target = await pinMailServer('IMAP', mailbox.imap, opts.hosts ?? { allowPrivateHosts: false }).catch((e: unknown) => {
    const { host, port, secure, user } = mailbox.imap;
    throw isAppError(e) ? e : connectionFailureError('IMAP', { host, port, secure, user }, e, connectTimeoutMs);
  });
  const client = createImapClient(target.server, { connectTimeoutMs, servername: target.servername });
  client.on('error', () => {
    // the pending command rejects with the same error; this listener only keeps Node from throwing
  });
  try {
    await client.connect();
    const lock = await client.getMailboxLock(folder, { readOnly: true, description: 'backfill' });
    try {
      const found = await client.search({ since: opts.since }, { uid: true });
      if (found === false || found === undefined) throw new AppError('UPSTREAM', `IMAP SEARCH SINCE failed in ${folder}`, { retryable: true });
      // The few above KNOWN_SMALL_BYTES get a FETCH of sizes per batch (to the stream path, FETCHes
      // bounded by bytes); the rest are known small without one (RFC822.SIZE never changes).
      const larger = await client.search({ since: opts.since, larger: KNOWN_SMALL_BYTES }, { uid: true });
      if (larger === false || larger === undefined) throw new AppError('UPSTREAM', `IMAP SEARCH LARGER failed in ${folder}`, { retryable: true });
      const notSmall = new Set(larger);
      const knownSmall = new Set(found.filter((u) => !notSmall.has(u)));
      const progress: BackfillProgress = { total: found.length, done: 0 };
      opts.onProgress?.({ ...progress });
      const batches = fetchParsedBatches(client, found, {
        batchSize: opts.batchSize ?? BACKFILL_BATCH_SIZE,
        largeMessageBytes: opts.largeMessageBytes ?? 2 * 1024 * 1024,
        parse: opts.parse ?? parseOffThread,
        knownSmall: { uids: knownSmall, bytes: KNOWN_SMALL_BYTES },
      });
      let aborted = false;
      // The next batch is fetched and parsed while this one commits.
      await commitWhileFetchingNext(batches, async (batch) => {
        await store.commitBatch(mailbox.id, batch.items, null);
        progress.done += batch.items.length;
        opts.onProgress?.({ ...progress });
        aborted = opts.signal?.aborted === true;
        return !aborted;
      }, { commitsInFlight: opts.commitsInFlight ?? BACKFILL_COMMITS_IN_FLIGHT });
      return { ...progress, aborted };
    } finally {
      lock.release();
    }
  } catch (e) {
    if (isAppError(e)) throw e;
    const { host, port, secure, user } = mailbox.imap;
    throw connectionFailureError('IMAP', { host, port, secure, user }, e, connectTimeoutMs);
  } finally {
    await closeImapClient(client);
  }
}
