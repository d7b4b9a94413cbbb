/**
 * Fetches messages by UID in batches and parses them. Shared by the poller and the backfill.
 *
 * Memory: small messages come in FETCHes of at most FETCH_GROUP_BYTES as buffers, and at most two such
 * groups are held at once (one parsing, the next arriving); a message above `largeMessageBytes` is
 * downloaded as a stream straight into the parser, so a 25 MB message is never held whole.
 * A parser failure never escapes: the message is kept with what could be read (see fallback-parsed.ts).
 */
import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import { AppError } from '../../../errors.ts';
import type { ParsedEmail } from '../../types.ts';
import { fallbackParsed } from '../fallback-parsed.ts';
import { sizeBoundedGroups, uidBatches } from '../sync-plan.ts';
import type { FetchedMessage } from '../types.ts';

/** Most bytes of message sources one FETCH asks for (messages above largeMessageBytes are streamed instead). */
const FETCH_GROUP_BYTES = 16 * 1024 * 1024;

export type ParseFn = (source: Buffer | Readable) => Promise<ParsedEmail>;

export interface FetchParsedOptions {
  batchSize: number;
  largeMessageBytes: number;
  parse: ParseFn;
  /** Called for each message the parser could only partly read (for logs and metrics). */
  onParseWarnings?: (uid: number, warnings: string[]) => void;
  /**
   * UIDs known to be at most `bytes` each (not found by a `SEARCH LARGER`, see the backfill): no FETCH of sizes
   * is asked for them, and each counts as `bytes` against a FETCH's byte bound. Ignored when `bytes`
   * is above `largeMessageBytes`.
   */
  knownSmall?: { uids: ReadonlySet<number>; bytes: number };
}

export interface ParsedBatch {
  items: Array<FetchedMessage<ParsedEmail>>;
  /** Highest UID the batch covered, also when some of its messages vanished before the FETCH. */
  lastUid: number;
}

async function parseBuffer(raw: Buffer, parse: ParseFn): Promise<ParsedEmail> {
  try {
    return await parse(raw);
  } catch (e) {
    return fallbackParsed(raw, e);
  }
}

async function parseLarge(client: ImapFlow, uid: number, parse: ParseFn): Promise<ParsedEmail | null> {
  const dl = await client.download(String(uid), undefined, { uid: true });
  if (!('content' in dl) || !dl.content) return null;
  const content = dl.content;
  try {
    return await parse(content);
  } catch (e) {
    // The stream may be half-read; drain it so the connection is usable, then keep the raw bytes' hash.
    content.resume();
    const again = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    return again && again.source ? fallbackParsed(again.source, e) : null;
  }
}

/**
 * The parses of the last two source groups fetched: the next group is fetched while the last one is
 * parsed, so the parser thread has a group to work on while the connection brings the next.
 */
interface Gate {
  last: Promise<unknown> | null;
  beforeLast: Promise<unknown> | null;
}

/**
 * Runs a batch's FETCH commands and returns, once they are done, its parsed messages to come. Sources
 * held at once: at most two groups of FETCH_GROUP_BYTES, the one parsing and the one arriving (before
 * a group is fetched, the group before it has been parsed).
 */
async function fetchBatch(client: ImapFlow, uids: number[], opts: FetchParsedOptions, gate: Gate): Promise<{ items: Promise<Array<FetchedMessage<ParsedEmail>>> }> {
  const sizes = new Map<number, number>();
  const dates = new Map<number, Date>();
  const setDate = (uid: number, date: Date | string | undefined) => {
    const d = date === undefined ? null : new Date(date);
    if (d && !Number.isNaN(d.getTime())) dates.set(uid, d);
  };
  const known = opts.knownSmall && opts.knownSmall.bytes <= opts.largeMessageBytes ? opts.knownSmall : null;
  const unknown = known ? uids.filter((u) => !known.uids.has(u)) : uids;
  if (known) for (const u of uids) if (known.uids.has(u)) sizes.set(u, known.bytes);
  if (unknown.length > 0) {
    for await (const m of client.fetch(unknown, { uid: true, size: true, internalDate: true }, { uid: true })) {
      sizes.set(m.uid, m.size ?? 0);
      setDate(m.uid, m.internalDate);
    }
  }
  const internalDate = (uid: number) => dates.get(uid) ?? null;
  const small = uids.filter((u) => (sizes.get(u) ?? Infinity) <= opts.largeMessageBytes);
  const large = uids.filter((u) => sizes.has(u) && (sizes.get(u) ?? 0) > opts.largeMessageBytes);

  const groups: Array<Promise<Array<FetchedMessage<ParsedEmail>>>> = [];
  // imapflow reads a FETCH response as fast as the socket delivers it, so bound each FETCH by bytes too.
  for (const group of sizeBoundedGroups(small, (u) => sizes.get(u) ?? 0, FETCH_GROUP_BYTES)) {
    await gate.beforeLast;
    // No other IMAP command may run inside this loop. Parsing starts as each source arrives (on the
    // parser thread, see parse/parse-thread.ts); the group's parses are awaited before the group after
    // next is fetched.
    const parsing: Array<Promise<FetchedMessage<ParsedEmail>>> = [];
    // INTERNALDATE here too: a message known small had no FETCH of sizes and dates
    for await (const m of client.fetch(group, { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (!m.source) continue;
      const { uid } = m;
      setDate(uid, m.internalDate);
      parsing.push(parseBuffer(m.source, opts.parse).then((parsed) => ({ uid, internalDate: internalDate(uid), parsed })));
    }
    const parsed = Promise.all(parsing);
    groups.push(parsed);
    gate.beforeLast = gate.last;
    gate.last = parsed;
  }
  const out: Array<FetchedMessage<ParsedEmail>> = [];
  for (const uid of large) {
    const parsed = await parseLarge(client, uid, opts.parse);
    if (parsed) out.push({ uid, internalDate: internalDate(uid), parsed });
  }
  // wrapped: an async function returning the promise itself would wait for it
  const items = Promise.all(groups).then((parsedGroups) => {
    for (const g of parsedGroups) out.push(...g);
    out.sort((a, b) => a.uid - b.uid);
    for (const item of out) if (item.parsed.parseWarnings.length > 0) opts.onParseWarnings?.(item.uid, item.parsed.parseWarnings);
    return out;
  });
  return { items };
}

/**
 * Yields one parsed batch per `batchSize` UIDs, in ascending UID order. The caller holds the mailbox
 * lock. The next batch's FETCH runs while the batch before it is still being parsed, and a batch is
 * yielded once it is parsed; whenever the generator waits at a yield, no IMAP command is running.
 * A failed FETCH still yields the batch parsed before it, then throws.
 */
export async function* fetchParsedBatches(client: ImapFlow, uids: readonly number[], opts: FetchParsedOptions): AsyncGenerator<ParsedBatch> {
  const gate: Gate = { last: null, beforeLast: null };
  type Fetched = { lastUid: number; items: Promise<Array<FetchedMessage<ParsedEmail>>> };
  let current: Fetched | null = null;
  for (const batch of uidBatches(uids, opts.batchSize)) {
    const lastUid = batch[batch.length - 1];
    if (lastUid === undefined) continue;
    let next: Fetched;
    try {
      next = { lastUid, ...(await fetchBatch(client, batch, opts, gate)) };
    } catch (e) {
      if (current) yield { items: await current.items, lastUid: current.lastUid };
      throw e;
    }
    if (current) yield { items: await current.items, lastUid: current.lastUid };
    current = next;
  }
  if (current) yield { items: await current.items, lastUid: current.lastUid };
}

export interface CommitOverlap {
  /**
   * Batches committing at once (default 1). Above 1 a later batch may commit before an earlier one:
   * only for callers that commit no cursor (the backfill), whose store deduplicates.
   */
  commitsInFlight?: number;
}

/**
 * Hands each batch to `commit` while the next batch is already being fetched and parsed, so the IMAP
 * connection and the parser work during the database commit instead of waiting for it. At most one
 * batch is read ahead; `commit` returning false stops. With one commit in flight (the default, and
 * what the poller uses) commits are one at a time and in UID order, so a cursor committed with a batch
 * still covers only committed messages: a crash loses the batch read ahead, which the next pass fetches
 * again. With `commitsInFlight` above 1, up to that many batches commit at once (each in its own
 * transaction) while the next one is read.
 *
 * On every exit (done, stopped, a fetch or commit error) the commits in flight and the read-ahead are
 * awaited and the generator closed before returning, so no IMAP command is left running when the
 * caller releases the mailbox lock. The first commit error is the one thrown.
 */
export async function commitWhileFetchingNext<T>(batches: AsyncGenerator<T>, commit: (batch: T) => Promise<boolean>, opts: CommitOverlap = {}): Promise<void> {
  const most = Math.max(1, Math.floor(opts.commitsInFlight ?? 1));
  const inFlight = new Set<Promise<void>>();
  // set by the commits as they settle (an object, so the checks below read it afresh)
  const state: { stopped: boolean; failure: { error: unknown } | null } = { stopped: false, failure: null };
  const start = (batch: T) => {
    const settled: Promise<void> = commit(batch).then(
      (keepGoing) => {
        if (!keepGoing) state.stopped = true;
      },
      (error: unknown) => {
        state.failure ??= { error };
      },
    );
    const tracked = settled.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const throwIfFailed = () => {
    if (state.failure) throw state.failure.error;
  };
  let ahead = batches.next();
  // Observed below; until then a rejection must not count as unhandled.
  ahead.catch(() => undefined);
  try {
    for (;;) {
      while (inFlight.size >= most) await Promise.race(inFlight);
      throwIfFailed();
      if (state.stopped) return;
      const r = await ahead;
      if (r.done) break;
      ahead = batches.next();
      ahead.catch(() => undefined);
      start(r.value);
    }
    await Promise.all(inFlight);
    throwIfFailed();
  } finally {
    // the tracked commits never reject
    await Promise.all(inFlight);
    await ahead.catch(() => undefined);
    await batches.return(undefined).catch(() => undefined);
  }
}

/**
 * UIDs at or above `fromUid` (and arrived since `since`, when given). `UID SEARCH n:*` also matches the
 * highest UID when it is below n, hence the filter.
 */
export async function searchUidsFrom(client: ImapFlow, fromUid: number, since: Date | null = null): Promise<number[]> {
  const found = await client.search(since ? { uid: `${fromUid}:*`, since } : { uid: `${fromUid}:*` }, { uid: true });
  if (found === false || found === undefined) throw new AppError('UPSTREAM', `IMAP UID SEARCH ${fromUid}:* failed`, { retryable: true });
  return found.filter((u) => u >= fromUid);
}
