/**
 * Where an IMAP batch commit's time goes (diagnostic for benchmark 5): the benchmark's messages are
 * parsed up front, then committed batch after batch through the PostgreSQL sync store on an
 * instrumented Db, with nothing else running (no IMAP, no parsing), and every statement timed by its
 * SQL shape. `tsx bench/imap-commit-profile.ts [--quick] [--batch 100] [--fk drop|deferred]`
 * (`--fk`: what the foreign key on inbound_messages.workspace_id costs, measured by dropping it or
 * deferring its check to the commit in the bench's own database; the service keeps it as it is).
 */
import { performance } from 'node:perf_hooks';
import { createPgDb } from '../src/db/pg-pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createBoss, enqueueWith, ensureQueues } from '../src/jobs/boss.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { createPgSyncStore } from '../src/ingest/mailboxes/pg-sync-store.ts';
import { insertMailbox } from '../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../src/ingest/mailboxes/secret-box.ts';
import { insertAgency, insertWorkspace } from '../src/crm/db/tenants.ts';
import type { FetchedMessage } from '../src/ingest/imap/types.ts';
import type { ParsedEmail } from '../src/ingest/types.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { round } from './lib/stats.ts';
import { message } from './imap-backfill.ts';
import { instrument } from './webhook-profile.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const batchArg = args.indexOf('--batch');
const batchSize = batchArg >= 0 ? Number(args[batchArg + 1]) : 100;
const n = quick ? 2_000 : 10_000;
const fkArg = args.indexOf('--fk');
const fk = fkArg >= 0 ? args[fkArg + 1] : undefined;

const bench = await createBenchDb('imapprof');
// one connection, so its backend's CPU time (/proc) is the commits' server-side cost
const raw = createPgDb(bench.url, { max: 1 });
const { readFileSync } = await import('node:fs');
/** Time a process has run on a CPU, in ms (/proc schedstat: nanoseconds, not /proc stat's 10 ms ticks). */
const cpuOf = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const { db: timed, stats, tx } = instrument(raw);
/** Time from the store's last statement to the transaction's end: COMMIT (the WAL flush). */
let commitMs = 0;
let backendPid = 0;
const serverCpuBy = new Map<string, number>();
let beginMs = 0;
const db: typeof timed = {
  ...timed,
  async transaction(fn) {
    let end = 0;
    const t = performance.now();
    const r = await timed.transaction(async (q) => {
      beginMs += performance.now() - t;
      const v = await fn({
        async query(sql, params, opts) {
          const c0 = backendPid ? cpuOf(backendPid) : 0;
          try {
            return await q.query(sql, params, opts);
          } finally {
            const key = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
            serverCpuBy.set(key, (serverCpuBy.get(key) ?? 0) + (backendPid ? cpuOf(backendPid) - c0 : 0));
          }
        },
      });
      end = performance.now();
      return v;
    });
    commitMs += performance.now() - end;
    return r;
  },
};
const boss = createBoss(raw, bench.url);
boss.on('error', () => {});
try {
  await migrate(raw);
  if (fk === 'drop') await raw.query('alter table inbound_messages drop constraint inbound_messages_workspace_id_fkey');
  else if (fk === 'deferred') await raw.query('alter table inbound_messages alter constraint inbound_messages_workspace_id_fkey deferrable initially deferred');
  await boss.start();
  await ensureQueues(boss);
  const items: Array<FetchedMessage<ParsedEmail>> = [];
  for (let i = 0; i < n; i++) items.push({ uid: i + 1, internalDate: new Date('2026-03-02T10:00:00Z'), parsed: await parseEmail(Buffer.from(message(i))) });
  const agency = await insertAgency(raw, 'Bench');
  const { workspace } = await insertWorkspace(raw, agency.id, 'Bench client');
  const server = { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' };
  const mb = await insertMailbox(raw, { workspaceId: workspace.id, address: 'outreach@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox('b'.repeat(40)));
  const store = createPgSyncStore({ db, enqueue: enqueueWith(boss), history: true });
  stats.clear();
  const backend = Number((await raw.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
  const server0 = cpuOf(backend);
  backendPid = backend;
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i += batchSize) {
    const batch = items.slice(i, i + batchSize);
    await store.commitBatch(mb.id, batch, { uidValidity: 1, lastUid: batch[batch.length - 1]!.uid, highestModseq: null });
  }
  const sec = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(client0);
  const serverCpu = cpuOf(backend) - server0;
  console.log(`CPU per commit: client ${round((clientCpu.user + clientCpu.system) / 1000 / tx.count, 1)} ms, server backend ${round(serverCpu / tx.count, 1)} ms`);
  const stmtMs = [...stats.values()].reduce((s, a) => s + a.ms, 0);
  console.log(`${n} messages in batches of ${batchSize}: ${round(sec, 2)} s (${round(n / sec)} msgs/s), ${tx.count} transactions, ${round((sec * 1000) / tx.count, 1)} ms each`);
  console.log(`statements ${round(stmtMs / tx.count, 1)} ms per commit; connect+BEGIN ${round(beginMs / tx.count, 1)} ms, COMMIT ${round(commitMs / tx.count, 1)} ms, the rest (JS) ${round((sec * 1000 - stmtMs - beginMs - commitMs) / tx.count, 1)} ms`);
  for (const [k, a] of [...stats.entries()].sort((x, y) => y[1].ms - x[1].ms)) console.log(`${round(a.ms / a.count, 2).toString().padStart(8)} ms x${a.count}  ${k.slice(0, 110)}`);
  for (const [k, ms] of serverCpuBy) console.log(`server CPU ${round(ms / tx.count, 1)} ms per commit: ${k}`);
  // a replayed batch stores nothing twice
  const again = performance.now();
  await store.commitBatch(mb.id, items.slice(0, batchSize), null);
  console.log(`replay of one batch: ${round(performance.now() - again, 1)} ms`);
} finally {
  await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
  await raw.close().catch(() => {});
  await dropBenchDb(bench);
}
