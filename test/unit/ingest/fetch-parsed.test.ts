/**
 * fetchParsedBatches (src/ingest/imap/adapters/fetch-parsed.ts) against a scripted IMAP client: the
 * next FETCH runs while the batch before it is parsed, sources held stay within two FETCH groups, and
 * a failed FETCH still yields the batch parsed before it.
 */
import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { fetchParsedBatches, type ParsedBatch } from '../../../src/ingest/imap/adapters/fetch-parsed.ts';
import { parseEmail } from '../../../src/ingest/parse/parse-email.ts';
import type { ParsedEmail } from '../../../src/ingest/types.ts';

const MB = 1024 * 1024;

/** A client whose FETCHes log themselves; `size` is what RFC822.SIZE reports for every message. */
function scriptedClient(log: string[], size: number, failOn?: string): ImapFlow {
  return {
    async *fetch(uids: number[], query: { source?: boolean }) {
      const what = `${query.source ? 'source' : 'size'} ${uids.join(',')}`;
      log.push(what);
      for (const uid of uids) {
        await new Promise((r) => setImmediate(r));
        if (what === failOn) throw new Error('connection dropped');
        if (query.source) yield { uid, source: Buffer.from(`Subject: m${uid}\r\n\r\nhi\r\n`), internalDate: new Date('2026-03-02T10:00:00Z') };
        else yield { uid, size, internalDate: new Date('2026-03-02T10:00:00Z') };
      }
    },
  } as unknown as ImapFlow;
}

/** A parser that answers only when released. */
function heldParser() {
  const held: Array<() => void> = [];
  const parse = async (source: Buffer | NodeJS.ReadableStream): Promise<ParsedEmail> => {
    await new Promise<void>((r) => held.push(r));
    return parseEmail(source as Buffer);
  };
  return { parse, held, release: () => held.splice(0).forEach((r) => r()) };
}

const turns = async (n = 50) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('fetchParsedBatches', () => {
  it('fetches the next batch while the one before it is still being parsed, and yields batches in UID order', async () => {
    const log: string[] = [];
    const p = heldParser();
    const gen = fetchParsedBatches(scriptedClient(log, 100), [4, 2, 3, 1], { batchSize: 2, largeMessageBytes: MB, parse: p.parse });
    const first = gen.next();
    await turns();
    // nothing parsed yet, and batch 2 is already fetched
    expect(log).toEqual(['size 1,2', 'source 1,2', 'size 3,4', 'source 3,4']);
    expect(p.held).toHaveLength(4);
    p.release();
    const b1 = await first;
    expect(b1.done).toBe(false);
    expect((b1.value as ParsedBatch).lastUid).toBe(2);
    expect((b1.value as ParsedBatch).items.map((i) => [i.uid, i.parsed.subject])).toEqual([[1, 'm1'], [2, 'm2']]);
    const b2 = await gen.next();
    expect((b2.value as ParsedBatch).items.map((i) => i.uid)).toEqual([3, 4]);
    expect((await gen.next()).done).toBe(true);
  });

  it('holds the sources of at most two FETCH groups: a group is fetched once the group two before it is parsed', async () => {
    const log: string[] = [];
    const p = heldParser();
    // 9 MB each: one message a group (16 MB a FETCH at most)
    const gen = fetchParsedBatches(scriptedClient(log, 16 * MB - 32 * 1024), [1, 2, 3, 4], { batchSize: 10, largeMessageBytes: 20 * MB, parse: p.parse });
    const first = gen.next();
    await turns();
    expect(log).toEqual(['size 1,2,3,4', 'source 1', 'source 2']);
    p.held.shift()!(); // message 1 parsed
    await turns();
    expect(log).toEqual(['size 1,2,3,4', 'source 1', 'source 2', 'source 3']);
    p.release();
    await turns();
    p.release();
    const b = await first;
    expect((b.value as ParsedBatch).items.map((i) => i.uid)).toEqual([1, 2, 3, 4]);
  });

  it('a FETCH that fails still yields the batch parsed before it, then throws', async () => {
    const log: string[] = [];
    const gen = fetchParsedBatches(scriptedClient(log, 100, 'source 3,4'), [1, 2, 3, 4], { batchSize: 2, largeMessageBytes: MB, parse: parseEmail });
    const b1 = await gen.next();
    expect((b1.value as ParsedBatch).items.map((i) => i.uid)).toEqual([1, 2]);
    await expect(gen.next()).rejects.toThrow('connection dropped');
  });

  it('asks no FETCH of sizes for UIDs known small, still routes the others by size, and dates every message', async () => {
    const log: string[] = [];
    const gen = fetchParsedBatches(scriptedClient(log, 16 * MB - 32 * 1024), [1, 2, 3, 4], {
      batchSize: 10,
      largeMessageBytes: 20 * MB,
      parse: parseEmail,
      knownSmall: { uids: new Set([1, 2, 4]), bytes: 64 * 1024 },
    });
    const b = await gen.next();
    // only 3 needs its size; 1, 2 and 4 count 64 KB each against the 16 MB bound of a FETCH
    expect(log).toEqual(['size 3', 'source 1,2', 'source 3', 'source 4']);
    expect((b.value as ParsedBatch).items.map((i) => [i.uid, i.internalDate?.toISOString()])).toEqual([1, 2, 3, 4].map((u) => [u, '2026-03-02T10:00:00.000Z']));
    expect((await gen.next()).done).toBe(true);
  });

  it('ignores UIDs known small when that bound is above largeMessageBytes', async () => {
    const log: string[] = [];
    const gen = fetchParsedBatches(scriptedClient(log, 100), [1, 2], { batchSize: 10, largeMessageBytes: 1000, parse: parseEmail, knownSmall: { uids: new Set([1, 2]), bytes: 64 * 1024 } });
    await gen.next();
    expect(log).toEqual(['size 1,2', 'source 1,2']);
  });
});
