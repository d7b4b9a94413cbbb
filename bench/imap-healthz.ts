/**
 * Issue 10: "/healthz answers within 100 ms while a 1 MB hostile email is processed". Backfills hostile
 * messages of up to ~1 MB (each costs mailparser from tens of milliseconds to a second in one go) from
 * Dovecot through the real PostgreSQL store, twice: parsed in-line on the event loop (as before) and on
 * the parser thread (src/ingest/parse/parse-thread.ts, the poller's and the backfill's default). A
 * `/healthz` served on the same event loop is asked every 10 ms by a separate process, which reports
 * the worst and the 99th percentile answer time of each phase; the longest event-loop block is measured
 * in-process too, since on a loaded machine the prober's own scheduling adds to its figures.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { backfillMailbox } from '../src/ingest/imap/adapters/imap-backfill.ts';
import type { ParseFn } from '../src/ingest/imap/adapters/fetch-parsed.ts';
import type { MailboxSyncStore } from '../src/ingest/imap/ports.ts';
import type { MailboxConfig } from '../src/ingest/imap/types.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { parseOffThread } from '../src/ingest/parse/parse-thread.ts';
import { round } from './lib/stats.ts';

export interface HealthzPhase {
  probes: number;
  maxMs: number;
  p99Ms: number;
  /** Longest the event loop was blocked (monitorEventLoopDelay), free of the prober's own scheduling. */
  loopMaxMs: number;
  backfillSec: number;
}

export interface ImapHealthzResult {
  messages: number;
  avgBytes: number;
  inline: HealthzPhase;
  thread: HealthzPhase;
}

const HEAD = (i: number) => `From: Editor <editor${i}@hostile.example>\r\nSubject: Re: guest post ${i}\r\nMessage-ID: <hostile-${i}@hostile.example>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n`;

/** The shapes that cost mailparser most per byte (measured), each about 1 MB or less. */
export function hostileMessages(copies: number): string[] {
  const shapes: Array<(i: number) => string> = [
    (i) => `${HEAD(i)}To: ${Array.from({ length: 40_000 }, (_, k) => `u${k}@d.example`).join(', ')}\r\nContent-Type: text/plain\r\n\r\nhi\r\n`,
    (i) => `${HEAD(i)}To: outreach@agency.example\r\n${Array.from({ length: 5_000 }, (_, k) => `Content-Type: multipart/mixed; boundary=b${k}\r\n\r\n--b${k}\r\n`).join('')}Content-Type: text/plain\r\n\r\nhi\r\n`,
    (i) => `${HEAD(i)}To: outreach@agency.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n${Array.from({ length: 20_000 }, (_, k) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${k}\r\n`).join('')}--b--\r\n`,
    (i) => `${HEAD(i)}To: outreach@agency.example\r\nContent-Type: text/plain\r\n\r\n${' '.repeat(1024 * 1024)}Sounds great!\r\n`,
  ];
  return Array.from({ length: copies * shapes.length }, (_, i) => shapes[i % shapes.length]!(i));
}

/** Asks `url` every 10 ms from another process until stopped; resolves with the answer times. */
function probe(url: string): { stop: () => Promise<{ n: number; maxMs: number; p99Ms: number }> } {
  const script = `
    const lat = []; let stop = false;
    process.stdin.on('end', () => { stop = true; }); process.stdin.resume();
    (async () => {
      while (!stop) {
        const t = performance.now();
        try { await (await fetch(process.env.PROBE_URL)).text(); } catch {}
        lat.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
      lat.sort((a, b) => a - b);
      process.stdout.write(JSON.stringify({ n: lat.length, maxMs: lat.at(-1) ?? 0, p99Ms: lat[Math.floor(lat.length * 0.99)] ?? 0 }));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { env: { PROBE_URL: url }, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('exit', () => {
          try {
            resolve(JSON.parse(out) as { n: number; maxMs: number; p99Ms: number });
          } catch (e) {
            reject(e as Error);
          }
        });
        child.stdin.end();
      }),
  };
}

/**
 * `mailboxes` are two mailboxes (of two workspaces, so the second phase is not all duplicates) on the
 * Dovecot user that holds the hostile messages.
 */
export async function runImapHealthz(o: { mailboxes: [MailboxConfig, MailboxConfig]; store: MailboxSyncStore; messages: number; avgBytes: number }): Promise<ImapHealthzResult> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  const phase = async (mailbox: MailboxConfig, parse: ParseFn): Promise<HealthzPhase> => {
    const p = probe(url);
    await new Promise((r) => setTimeout(r, 300)); // the prober is up and answered
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t = performance.now();
    await backfillMailbox(mailbox, o.store, { since: new Date('2020-01-01'), parse, batchSize: 10, hosts: { allowPrivateHosts: true } });
    const backfillSec = (performance.now() - t) / 1000;
    loop.disable();
    const r = await p.stop();
    return { probes: r.n, maxMs: round(r.maxMs, 1), p99Ms: round(r.p99Ms, 1), loopMaxMs: round(loop.max / 1e6, 1), backfillSec: round(backfillSec, 1) };
  };
  try {
    await parseOffThread(Buffer.from(HEAD(0))); // the thread is started, as in a running service
    const inline = await phase(o.mailboxes[0], parseEmail);
    const thread = await phase(o.mailboxes[1], parseOffThread);
    return { messages: o.messages, avgBytes: o.avgBytes, inline, thread };
  } finally {
    server.close();
  }
}
