/**
 * IMAP backfill of 10,000 messages (2,000 with --quick) from a real Dovecot into the service's
 * PostgreSQL store, against two baselines measured in the same run on the same messages: a raw
 * imapflow fetch of every message's source, and a mailparser parse of every message. Target (issue 3):
 * backfill ≥ 80 % of fetch + parse done one after the other.
 */
import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import { startDovecot } from '../test/support/dovecot.ts';
import { createPgDb } from '../src/db/pg-pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createBoss, enqueueWith, ensureQueues } from '../src/jobs/boss.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { parseOffThread } from '../src/ingest/parse/parse-thread.ts';
import { BACKFILL_BATCH_SIZE, BACKFILL_COMMITS_IN_FLIGHT, backfillMailbox } from '../src/ingest/imap/adapters/imap-backfill.ts';
import { createPgSyncStore } from '../src/ingest/mailboxes/pg-sync-store.ts';
import { insertMailbox } from '../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../src/ingest/mailboxes/secret-box.ts';
import { insertAgency, insertWorkspace } from '../src/crm/db/tenants.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { round } from './lib/stats.ts';
import { hostileMessages, runImapHealthz, type ImapHealthzResult } from './imap-healthz.ts';

export interface ImapBackfillResult {
  messages: number;
  avgBytes: number;
  fetchPerSec: number;
  parsePerSec: number;
  fetchThenParsePerSec: number;
  backfillPerSec: number;
  ratio: number;
  /** Seconds the backfill spent inside commitBatch (overlapping the next batch's fetch and parse). */
  commitSec: number;
  backfillSec: number;
  batchSize: number;
  commitsInFlight: number;
  /** /healthz while hostile ~1 MB messages are backfilled, parsed in-line and on the parser thread. */
  healthz: ImapHealthzResult;
}

export function message(i: number): string {
  const body = Array.from({ length: 40 }, (_, k) => `Line ${k} of reply ${i}: thanks for reaching out about the guest post, we are happy to discuss rates and topics.`).join('\r\n');
  return [
    `From: Editor ${i} <editor${i}@blog-${i % 200}.example>`,
    'To: outreach@agency.example',
    `Subject: Re: Guest post idea ${i}`,
    `Message-ID: <bench-${i}@blog-${i % 200}.example>`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

export async function runImapBackfill(o: { quick: boolean; log?: (m: string) => void }): Promise<ImapBackfillResult> {
  const n = o.quick ? 2_000 : 10_000;
  const dovecot = await startDovecot({ users: [{ user: 'bench', password: 'pw-bench' }, { user: 'hostile', password: 'pw-hostile' }] });
  const bench = await createBenchDb('imap');
  const db = createPgDb(bench.url, { max: 4 });
  const boss = createBoss(db, bench.url);
  boss.on('error', () => {});
  try {
    const raws = Array.from({ length: n }, (_, i) => message(i));
    const avgBytes = Math.round(raws.reduce((a, r) => a + r.length, 0) / n);
    o.log?.(`imap: delivering ${n} messages (~${avgBytes} bytes) to Dovecot`);
    await dovecot.deliverMany('bench', raws, 'INBOX', { internalDate: new Date('2026-03-02T10:00:00Z') });

    // baseline 1: fetch every source over IMAP
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'bench', pass: 'pw-bench' }, logger: false });
    await client.connect();
    const sources: Buffer[] = [];
    const t0 = performance.now();
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    try {
      for await (const m of client.fetch('1:*', { source: true, uid: true })) if (m.source) sources.push(m.source);
    } finally {
      lock.release();
    }
    const fetchSec = (performance.now() - t0) / 1000;
    await client.logout();

    // baseline 2: parse every message
    const t1 = performance.now();
    for (const s of sources) await parseEmail(s);
    const parseSec = (performance.now() - t1) / 1000;

    // the backfill: fetch, parse, match, store with events and jobs, in batches
    await migrate(db);
    await boss.start();
    await ensureQueues(boss);
    const box = createSecretBox('b'.repeat(40));
    const agency = await insertAgency(db, 'Bench');
    /** A mailbox on Dovecot user `user`, in a workspace of its own. */
    const mailboxOf = async (user: string, client: string) => {
      const { workspace } = await insertWorkspace(db, agency.id, client);
      const server = { host: dovecot.host, port: dovecot.port, secure: false, user, password: `pw-${user}` };
      const mb = await insertMailbox(db, { workspaceId: workspace.id, address: 'outreach@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, box);
      return { id: mb.id, address: mb.address, imap: server, folders: mb.folders };
    };
    const mb = await mailboxOf('bench', 'Bench client');
    const pgStore = createPgSyncStore({ db, enqueue: enqueueWith(boss), history: true });
    let commitMs = 0;
    const store: typeof pgStore = {
      ...pgStore,
      async commitBatch(...args) {
        const t = performance.now();
        try {
          await pgStore.commitBatch(...args);
        } finally {
          commitMs += performance.now() - t;
        }
      },
    };
    o.log?.(`imap: fetched ${sources.length} in ${round(fetchSec, 1)}s, parsed in ${round(parseSec, 1)}s; backfilling`);
    // The parser thread starts once per process (~1 s, more under load): started here, outside the timing.
    await parseOffThread(Buffer.from(raws[0]!));
    const t2 = performance.now();
    const result = await backfillMailbox(mb, store, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true } });
    const backfillSec = (performance.now() - t2) / 1000;
    const stored = Number((await db.query<{ n: number }>('select count(*)::int as n from inbound_messages')).rows[0]?.n ?? 0);
    if (stored !== n) throw new Error(`backfill stored ${stored} of ${n} (done ${result.done})`);

    o.log?.(`imap: backfilled in ${round(backfillSec, 1)}s, ${round(commitMs / 1000, 1)}s of it inside commitBatch`);
    const hostile = hostileMessages(o.quick ? 2 : 5);
    const delivered = await dovecot.deliverMany('hostile', hostile, 'INBOX', { internalDate: new Date('2026-03-02T10:00:00Z') });
    if (delivered.rejected.length) throw new Error(`Dovecot refused hostile messages: ${JSON.stringify(delivered.rejected.slice(0, 3))}`);
    const healthz = await runImapHealthz({
      mailboxes: [await mailboxOf('hostile', 'Hostile, in-line'), await mailboxOf('hostile', 'Hostile, thread')],
      store: pgStore,
      messages: hostile.length,
      avgBytes: Math.round(hostile.reduce((a, r) => a + r.length, 0) / hostile.length),
    });
    o.log?.(`imap: /healthz worst ${healthz.inline.maxMs} ms (event loop blocked up to ${healthz.inline.loopMaxMs} ms) with hostile mail parsed in-line, ${healthz.thread.maxMs} ms (${healthz.thread.loopMaxMs} ms) on the parser thread`);
    const fetchThenParsePerSec = n / (fetchSec + parseSec);
    const backfillPerSec = n / backfillSec;
    return {
      messages: n,
      avgBytes,
      fetchPerSec: round(n / fetchSec),
      parsePerSec: round(n / parseSec),
      fetchThenParsePerSec: round(fetchThenParsePerSec),
      backfillPerSec: round(backfillPerSec),
      ratio: round(backfillPerSec / fetchThenParsePerSec, 3),
      commitSec: round(commitMs / 1000, 2),
      backfillSec: round(backfillSec, 2),
      batchSize: BACKFILL_BATCH_SIZE,
      commitsInFlight: BACKFILL_COMMITS_IN_FLIGHT,
      healthz,
    };
  } finally {
    await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
    await db.close().catch(() => {});
    await dropBenchDb(bench);
    await dovecot.stop();
  }
}
