/**
 * Diagnostic (benchmark 5): the backfill's fetch-and-parse side alone. The same mailbox as the
 * benchmark, then in turn: the raw fetch, the in-line parse, the backfill with a commit that stores
 * nothing, the real backfill, and the real backfill parsing in-line (on the event loop: not what the
 * service does, hostile mail would block it); twice. `tsx bench/imap-fetch-overlap.ts [--quick]`
 */
import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import { startDovecot } from '../test/support/dovecot.ts';
import { createPgDb } from '../src/db/pg-pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createBoss, enqueueWith, ensureQueues } from '../src/jobs/boss.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { parseOffThread } from '../src/ingest/parse/parse-thread.ts';
import { backfillMailbox } from '../src/ingest/imap/adapters/imap-backfill.ts';
import { createPgSyncStore } from '../src/ingest/mailboxes/pg-sync-store.ts';
import { insertMailbox } from '../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../src/ingest/mailboxes/secret-box.ts';
import { insertAgency, insertWorkspace } from '../src/crm/db/tenants.ts';
import type { MailboxSyncStore } from '../src/ingest/imap/ports.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { round } from './lib/stats.ts';
import { message } from './imap-backfill.ts';

const n = process.argv.includes('--quick') ? 2_000 : 10_000;
const dovecot = await startDovecot({ users: [{ user: 'bench', password: 'pw-bench' }] });
const bench = await createBenchDb('imapx');
const db = createPgDb(bench.url, { max: 4 });
const boss = createBoss(db, bench.url);
boss.on('error', () => {});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
try {
  await dovecot.deliverMany('bench', Array.from({ length: n }, (_, i) => message(i)), 'INBOX', { internalDate: new Date('2026-03-02T10:00:00Z') });
  await migrate(db);
  await boss.start();
  await ensureQueues(boss);
  const agency = await insertAgency(db, 'Bench');
  const server = { host: dovecot.host, port: dovecot.port, secure: false, user: 'bench', password: 'pw-bench' };
  await parseOffThread(Buffer.from(message(0)));
  for (let round_ = 0; round_ < 2; round_++) {
    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'bench', pass: 'pw-bench' }, logger: false });
    await client.connect();
    const sources: Buffer[] = [];
    let t = performance.now();
    let c = cpu();
    const lock = await client.getMailboxLock('INBOX', { readOnly: true });
    for await (const m of client.fetch('1:*', { source: true, uid: true })) if (m.source) sources.push(m.source);
    lock.release();
    const fetchS = (performance.now() - t) / 1000;
    const fetchCpu = cpu() - c;
    await client.logout();
    t = performance.now();
    c = cpu();
    for (const s of sources) await parseEmail(s);
    const parseS = (performance.now() - t) / 1000;
    const parseCpu = cpu() - c;
    const { workspace } = await insertWorkspace(db, agency.id, `ws ${round_}`);
    const mb = await insertMailbox(db, { workspaceId: workspace.id, address: 'outreach@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox('b'.repeat(40)));
    const mailbox = { id: mb.id, address: mb.address, imap: server, folders: mb.folders };
    const real = createPgSyncStore({ db, enqueue: enqueueWith(boss), history: true });
    const noop: MailboxSyncStore = { ...real, commitBatch: async () => {} };
    t = performance.now();
    c = cpu();
    await backfillMailbox(mailbox, noop, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true } });
    const noopS = (performance.now() - t) / 1000;
    const noopCpu = cpu() - c;
    t = performance.now();
    c = cpu();
    await backfillMailbox(mailbox, real, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true } });
    const realS = (performance.now() - t) / 1000;
    const realCpu = cpu() - c;
    const { workspace: ws2 } = await insertWorkspace(db, agency.id, `ws ${round_} in-line`);
    const mb2 = await insertMailbox(db, { workspaceId: ws2.id, address: 'outreach@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox('b'.repeat(40)));
    t = performance.now();
    c = cpu();
    await backfillMailbox({ id: mb2.id, address: mb2.address, imap: server, folders: mb2.folders }, real, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true }, parse: parseEmail });
    const inlineS = (performance.now() - t) / 1000;
    const inlineCpu = cpu() - c;
    console.log(`round ${round_ + 1}: real, parsed in-line ${round(inlineS, 2)} s (${round(inlineCpu / 1000, 2)}), ratio ${round((fetchS + parseS) / inlineS, 2)}`);
    console.log(`round ${round_ + 1}: fetch ${round(fetchS, 2)} s (main CPU ${round(fetchCpu / 1000, 2)} s), parse ${round(parseS, 2)} s (${round(parseCpu / 1000, 2)}); backfill with no commit ${round(noopS, 2)} s (process CPU ${round(noopCpu / 1000, 2)} s), real ${round(realS, 2)} s (${round(realCpu / 1000, 2)}); ratio ${round((fetchS + parseS) / realS, 2)}, without the commit ${round((fetchS + parseS) / noopS, 2)}`);
  }
} finally {
  await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
  await db.close().catch(() => {});
  await dropBenchDb(bench);
  await dovecot.stop();
}
