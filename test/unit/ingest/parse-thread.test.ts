/**
 * The parser on a thread of its own: the same ParsedEmail as in-line, whole or streamed; the event loop
 * keeps turning while a hostile message is read; a thread that dies or hangs fails only its message.
 */
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEmail, RECIPIENT_LIMIT } from '../../../src/ingest/parse/parse-email.ts';
import { startParseThread } from '../../../src/ingest/parse/parse-thread.ts';
import { commitWhileFetchingNext } from '../../../src/ingest/imap/adapters/fetch-parsed.ts';

const HEAD = 'From: Editor <editor@blog.example>\r\nTo: outreach@agency.example\r\nSubject: Re: guest post\r\nMessage-ID: <m1@blog.example>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n';

const samples: Record<string, string> = {
  plain: `${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\nSounds great, our rate is $250.\r\n`,
  multipart: `${HEAD}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n`,
  broken: `${HEAD}Content-Type: multipart/mixed; boundary=never\r\n\r\nno parts at all\r\n`,
};

/** A To: header listing 40,000 addresses: ~1 s of mailparser on one core, in one go. */
const hostile = Buffer.from(HEAD.replace('To: outreach@agency.example', `To: ${Array.from({ length: 40_000 }, (_, i) => `u${i}@d.example`).join(', ')}`) + 'Content-Type: text/plain\r\n\r\nhi\r\n');

describe('parser thread', () => {
  const thread = startParseThread();
  afterAll(() => thread.close());

  it('answers like the in-line parser, for buffers and for streams', async () => {
    for (const raw of Object.values(samples)) {
      const inline = await parseEmail(Buffer.from(raw));
      expect(await thread.parse(Buffer.from(raw))).toEqual(inline);
      // a stream in small chunks, as a large message arrives from IMAP
      const chunks = Buffer.from(raw).toString('latin1').match(/[\s\S]{1,17}/g)!.map((c) => Buffer.from(c, 'latin1'));
      expect(await thread.parse(Readable.from(chunks))).toEqual(inline);
    }
  });

  it('keeps the event loop free while a hostile message is parsed', async () => {
    await thread.parse(Buffer.from(samples['plain']!)); // the thread is up
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const parsed = await thread.parse(hostile);
    clearInterval(timer);
    expect(parsed.to).toHaveLength(RECIPIENT_LIMIT);
    expect(parsed.parseWarnings).toContain(`to: 40000 addresses, the first ${RECIPIENT_LIMIT} kept`);
    // in-line, not one tick could happen until the parse ended
    expect(ticks).toBeGreaterThan(10);
  });

  it('streams a large message through a small window without holding it whole', async () => {
    const small = startParseThread({ windowBytes: 64 * 1024 });
    try {
      const body = 'a line of a long reply\r\n'.repeat(200_000); // ~4.8 MB
      const raw = Buffer.from(`${HEAD}Content-Type: text/plain\r\n\r\n${body}`);
      let maxPaused = 0;
      const src = Readable.from((function* () {
        for (let i = 0; i < raw.length; i += 16 * 1024) yield raw.subarray(i, i + 16 * 1024);
      })());
      src.on('pause', () => maxPaused++);
      const parsed = await small.parse(src);
      expect(parsed.rawSize).toBe(raw.length);
      expect(parsed).toEqual(await parseEmail(raw));
      expect(maxPaused).toBeGreaterThan(0); // the window held the source back at least once
    } finally {
      await small.close();
    }
  });

  it('a hung parse ends its thread and fails alone; the buffers queued behind it are parsed on a new thread', async () => {
    const impatient = startParseThread({ timeoutMs: 1 });
    try {
      const results = await Promise.allSettled([impatient.parse(hostile), impatient.parse(Buffer.from(samples['plain']!))]);
      expect(results[0]!.status).toBe('rejected');
      // the second one either made it on the first thread, or was re-sent to a new one; it may time out
      // on the new thread too (1 ms), but it never resolves to something else than the in-line answer
      if (results[1]!.status === 'fulfilled') expect(results[1]!.value).toEqual(await parseEmail(Buffer.from(samples['plain']!)));
    } finally {
      await impatient.close();
    }
  });
});

describe('commitWhileFetchingNext', () => {
  /** Batches 1..n; records when each is produced and committed. */
  function recorder(n: number, failAt?: { fetch?: number; commit?: number }) {
    const log: string[] = [];
    let open = 0;
    async function* gen() {
      open++;
      try {
        for (let i = 1; i <= n; i++) {
          log.push(`fetch ${i}`);
          await new Promise((r) => setImmediate(r));
          if (failAt?.fetch === i) throw new Error(`fetch ${i} failed`);
          log.push(`fetched ${i}`);
          yield i;
        }
      } finally {
        open--;
      }
    }
    const commit = async (i: number) => {
      log.push(`commit ${i}`);
      await new Promise((r) => setImmediate(r));
      if (failAt?.commit === i) throw new Error(`commit ${i} failed`);
      log.push(`committed ${i}`);
      return true;
    };
    return { log, gen, commit, open: () => open };
  }

  it('fetches the next batch while the current one commits, and commits in order', async () => {
    const r = recorder(3);
    await commitWhileFetchingNext(r.gen(), r.commit);
    expect(r.log.filter((l) => l.startsWith('committed'))).toEqual(['committed 1', 'committed 2', 'committed 3']);
    // batch 2 was being fetched before batch 1 finished committing
    expect(r.log.indexOf('fetch 2')).toBeLessThan(r.log.indexOf('committed 1'));
    expect(r.open()).toBe(0);
  });

  it('stops when commit says so, with the read-ahead finished and the generator closed', async () => {
    const r = recorder(5);
    await commitWhileFetchingNext(r.gen(), async (i) => (await r.commit(i)) && i < 2);
    expect(r.log.filter((l) => l.startsWith('committed'))).toEqual(['committed 1', 'committed 2']);
    expect(r.log.at(-1)).not.toMatch(/^fetch \d$/); // nothing left half-way
    expect(r.open()).toBe(0);
  });

  it('a failed commit propagates after the read-ahead settles; later batches are never committed', async () => {
    const r = recorder(5, { commit: 2 });
    await expect(commitWhileFetchingNext(r.gen(), r.commit)).rejects.toThrow('commit 2 failed');
    expect(r.log).not.toContain('commit 3');
    expect(r.log).toContain('fetched 3');
    expect(r.open()).toBe(0);
  });

  it('a failed fetch propagates after the batch before it committed', async () => {
    const r = recorder(5, { fetch: 2 });
    await expect(commitWhileFetchingNext(r.gen(), r.commit)).rejects.toThrow('fetch 2 failed');
    expect(r.log).toContain('committed 1');
    expect(r.log).not.toContain('commit 2');
    expect(r.open()).toBe(0);
  });
  it('with two commits in flight, a batch starts committing before the one before it has committed, and every batch commits once', async () => {
    const r = recorder(6);
    await commitWhileFetchingNext(r.gen(), r.commit, { commitsInFlight: 2 });
    expect(r.log.filter((l) => l.startsWith('committed')).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `committed ${i}`));
    expect(r.log.filter((l) => l.startsWith('commit ')).length).toBe(6);
    expect(r.log.indexOf('commit 2')).toBeLessThan(r.log.indexOf('committed 1'));
    expect(r.open()).toBe(0);
  });

  it('with two commits in flight, never more than two commit at once', async () => {
    const r = recorder(8);
    let running = 0;
    let most = 0;
    await commitWhileFetchingNext(
      r.gen(),
      async (i) => {
        running++;
        most = Math.max(most, running);
        try {
          return await r.commit(i);
        } finally {
          running--;
        }
      },
      { commitsInFlight: 2 },
    );
    expect(most).toBe(2);
    expect(r.log.filter((l) => l.startsWith('committed')).length).toBe(8);
  });

  it('with two commits in flight, a failed commit propagates after the other commit settled, and no batch starts after it', async () => {
    const r = recorder(6, { commit: 2 });
    await expect(commitWhileFetchingNext(r.gen(), r.commit, { commitsInFlight: 2 })).rejects.toThrow('commit 2 failed');
    const started = r.log.filter((l) => l.startsWith('commit ')).map((l) => l.slice('commit '.length));
    expect(started).toContain('3');
    // every other commit that started had finished before the error came back
    for (const i of started.filter((x) => x !== '2')) expect(r.log).toContain(`committed ${i}`);
    expect(r.log).not.toContain('commit 4');
    expect(r.open()).toBe(0);
  });
});
