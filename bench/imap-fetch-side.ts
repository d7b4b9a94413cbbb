/**
 * Diagnostic (benchmark 5): the backfill's fetch-and-parse side against the baseline's fetch then
 * parse, with no database at all. One mailbox of `--n` messages (10,000; the benchmark's), then
 * `--rounds` times, alternately: the baseline (one FETCH 1:* of every source, then mailparser in-line)
 * and the backfill with a commit that stores nothing (`backfillMailbox`: SEARCH, batches of 250, the
 * parser thread). Wall time and process CPU (every thread: main, parser thread) of each.
 *
 * `tsx bench/imap-fetch-side.ts [--n 10000] [--rounds 3] [--only backfill|baseline] [--parse thread|inline|none]`; with
 * `--only backfill` it is what to profile (`node --cpu-prof --import tsx …`; the parser thread writes a
 * profile of its own).
 */
import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import { startDovecot } from '../test/support/dovecot.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { parseOffThread } from '../src/ingest/parse/parse-thread.ts';
import { backfillMailbox } from '../src/ingest/imap/adapters/imap-backfill.ts';
import type { MailboxSyncStore } from '../src/ingest/imap/ports.ts';
import type { ParsedEmail } from '../src/ingest/types.ts';
import { round } from './lib/stats.ts';
import { message } from './imap-backfill.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
};
const n = Number(arg('n') ?? 10_000);
const rounds = Number(arg('rounds') ?? 3);
const only = arg('only');
/** The backfill's parser: the service's (the thread), in-line, or none (a stub: the fetch machinery alone). */
const parseMode = arg('parse') ?? 'thread';
const stub: ParsedEmail = { ...(await parseEmail(Buffer.from(message(0)))) };
const parse = parseMode === 'inline' ? parseEmail : parseMode === 'none' ? async () => stub : undefined;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const dovecot = await startDovecot({ users: [{ user: 'bench', password: 'pw-bench' }] });
try {
  await dovecot.deliverMany('bench', Array.from({ length: n }, (_, i) => message(i)), 'INBOX', { internalDate: new Date('2026-03-02T10:00:00Z') });
  const server = { host: dovecot.host, port: dovecot.port, secure: false, user: 'bench', password: 'pw-bench' };
  const mailbox = { id: 'bench', address: 'outreach@agency.example', imap: server, folders: { inbox: 'INBOX', sent: 'Sent' } };
  let stored = 0;
  const noop = { commitBatch: async (_id: string, items: unknown[]) => void (stored += items.length) } as unknown as MailboxSyncStore;
  await parseOffThread(Buffer.from(message(0)));
  const per10k = (ms: number) => round((ms * 10_000) / n / 1000, 2);
  for (let r = 1; r <= rounds; r++) {
    if (only !== 'backfill') {
      const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'bench', pass: 'pw-bench' }, logger: false });
      await client.connect();
      const t = performance.now();
      const c = cpu();
      const sources: Buffer[] = [];
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      for await (const m of client.fetch('1:*', { source: true, uid: true })) if (m.source) sources.push(m.source);
      lock.release();
      const fetchMs = performance.now() - t;
      const fetchCpu = cpu() - c;
      for (const s of sources) await parseEmail(s);
      const ms = performance.now() - t;
      const used = cpu() - c;
      await client.logout();
      console.log(`round ${r} baseline: ${round(ms / 1000, 2)} s (fetch ${round(fetchMs / 1000, 2)} s), CPU ${per10k(used)} s per 10,000 (fetch ${per10k(fetchCpu)})`);
    }
    if (only !== 'baseline') {
      stored = 0;
      const t = performance.now();
      const c = cpu();
      await backfillMailbox(mailbox, noop, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true }, ...(parse ? { parse } : {}) });
      const ms = performance.now() - t;
      const used = cpu() - c;
      if (stored !== n) throw new Error(`backfill handed ${stored} of ${n} to the commit`);
      console.log(`round ${r} backfill (no commit, parse ${parseMode}): ${round(ms / 1000, 2)} s, CPU ${per10k(used)} s per 10,000`);
    }
  }
} finally {
  await dovecot.stop();
}
