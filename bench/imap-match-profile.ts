/**
 * What the ingest.match step costs for a backfilled mailbox (diagnostic for benchmark 5): the
 * benchmark's messages stored as the backfill stores them, then matched the way the worker runs the
 * step (`deferEnqueues`, the jobs' `apply` one after another, the next jobs inserted once per queue
 * before the commit), on one connection so its backend's CPU is the step's server-side cost.
 *
 *   tsx bench/imap-match-profile.ts [--messages 2000] [--shape batch|single]
 *
 * `batch`: the jobs `storeInboundBatch` queues (MATCH_JOB_SIZE messages each), STEP_OPTIONS' batch of
 * jobs per transaction; `single`: one job per message, 100 per transaction (the step before batch jobs).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createPgDb } from '../src/db/pg-pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createBoss, enqueueWith, ensureQueues } from '../src/jobs/boss.ts';
import { deferEnqueues, runBeforeCommit, takeDeferred } from '../src/jobs/deferred-enqueue.ts';
import { QUEUES } from '../src/jobs/queues.ts';
import { STEP_OPTIONS } from '../src/jobs/step-options.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { draftFromParsed } from '../src/ingest/mailboxes/pg-sync-store.ts';
import type { InboundDraft } from '../src/ingest/db/inbound.ts';
import { matchStoredInbound, storeInboundBatch, type MatchJob } from '../src/ingest/ingest-inbound.ts';
import { insertAgency, insertWorkspace } from '../src/crm/db/tenants.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { round } from './lib/stats.ts';
import { message } from './imap-backfill.ts';
import { instrument } from './webhook-profile.ts';

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const n = Number(opt('--messages') ?? 2_000);
const shape = opt('--shape') === 'single' ? 'single' : 'batch';
const cpuOf = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

const bench = await createBenchDb('imapmatch');
const raw = createPgDb(bench.url, { max: 1 });
const boss = createBoss(raw, bench.url);
boss.on('error', () => {});
try {
  await migrate(raw);
  await boss.start();
  await ensureQueues(boss);
  const agency = await insertAgency(raw, 'Bench');
  const { workspace } = await insertWorkspace(raw, agency.id, 'Bench client');
  const drafts: InboundDraft[] = [];
  for (let i = 0; i < n; i++) drafts.push(draftFromParsed(await parseEmail(Buffer.from(message(i))), { workspaceId: workspace.id, mailboxId: 'mb_bench', receivedAt: new Date('2026-03-02T10:00:00Z') }));
  // stored as the backfill stores them, batches of 250; the match jobs kept here instead of queued
  const jobs: MatchJob[] = [];
  const keep = async (_tx: unknown, queue: string, payloads: ReadonlyArray<Record<string, unknown>>) => {
    if (queue === QUEUES.ingestMatch) jobs.push(...(payloads as unknown as MatchJob[]));
  };
  for (let i = 0; i < n; i += 250) await raw.transaction((tx) => storeInboundBatch(tx, drafts.slice(i, i + 250), keep, { history: true }));
  const work = shape === 'batch' ? jobs : jobs.flatMap((j) => (j.inboundIds ?? [j.inboundId]).map((inboundId): MatchJob => ({ inboundId, history: true })));
  const perTx = shape === 'batch' ? (STEP_OPTIONS[QUEUES.ingestMatch]?.batchSize ?? 50) : 100;

  const { db, stats, tx } = instrument(raw);
  const enqueue = enqueueWith(boss);
  const backend = Number((await raw.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
  const server0 = cpuOf(backend);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < work.length; i += perTx) {
    await db.transaction(async (q) => {
      deferEnqueues(q);
      for (const job of work.slice(i, i + perTx)) await matchStoredInbound(q, job, enqueue);
      await runBeforeCommit(q);
      for (const [queue, payloads] of takeDeferred(q)) await enqueue(q, queue, payloads);
    });
  }
  const ms = performance.now() - t0;
  const client = process.cpuUsage(client0);
  const matched = Number((await raw.query<{ n: number }>('select count(*)::int as n from inbound_messages where relationship_id is not null')).rows[0]!.n);
  const statements = [...stats.values()].reduce((s, a) => s + a.count, 0);
  console.log(`${shape}: ${n} messages, ${work.length} jobs, ${perTx} jobs a transaction (${tx.count}); matched ${matched}`);
  console.log(`per message: ${round(ms / n, 2)} ms wall, CPU client ${round((client.user + client.system) / 1000 / n, 3)} ms, backend ${round((cpuOf(backend) - server0) / n, 3)} ms; ${round(statements / n, 2)} statements`);
  for (const [k, a] of [...stats.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 8)) console.log(`${round(a.ms / n, 3).toString().padStart(8)} ms/msg x${a.count}  ${k.slice(0, 100)}`);
} finally {
  await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
  await raw.close().catch(() => {});
  await dropBenchDb(bench);
}
