/**
 * The pipeline's write floor (part of benchmark 4, issue 13): the rows the end-to-end pipeline left
 * behind for its N replies, written again as cheaply as this data model allows, through the same
 * chain of 4 pg-boss queues as the no-op chain (the service's worker and pg-boss settings). Each
 * handler writes what its step writes for its whole batch in ONE transaction, one multi-row
 * statement per table (copies of the real rows by `insert … select … where id = any($1)`, updates
 * joined to the originals), and passes the batch on in one multi-row `boss.insert` inside that
 * transaction, as the service's steps do:
 *
 *   1. ingest   the inbound message (its ~5 KB bodies and its sender's match; classification,
 *               decision, draft and status as a freshly stored message has them), its EMAIL_RECEIVED event
 *               (with content), the webhook delivery marked processed, and the projection updates:
 *               the batch's relationships, accounts and workspace account facts, each row once
 *   2. classify the message's classification and status, MESSAGE_CLASSIFIED / RATE_NEGOTIATED (and
 *               any other event of the message that is neither ingest's nor the gates'), the price
 *               assertions (account_assertions)
 *   3. gates    decision, draft and status; GATES_EVALUATED / REPLY_DRAFTED / APPROVAL_REQUESTED and
 *               the approvals
 *   4. notify   the approvals' `notified` record (src/respond/approvals/db/approvals.ts recordNotifiedMany)
 *
 * Column lists come from information_schema, so the copies follow the schema. The webhook deliveries
 * are copied before the clock starts: the api acknowledged them before the end-to-end run's clock
 * started too. No reads or decisions: the handlers know which rows to copy from a plan made
 * beforehand. What the real pipeline does besides (its reads, locks, partner creation on a first
 * reply, replays) is what this floor leaves out; the projection updates here rewrite each partner row
 * of a batch, where the pipeline writes one only when it changes.
 *
 * Just before the floor, the same N jobs pass through 4 no-op queues on this database, with the CPU
 * read the same way: on a machine shared with other work the throughput ratio swings with the load,
 * the CPU a message costs (PostgreSQL's backends of this database and this process) much less.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { pgBossOptions } from '../src/jobs/boss.ts';
import { queueDefaults } from '../src/jobs/queues.ts';
import { stepWorkOptions, type StepOptions } from '../src/jobs/run-step.ts';
import { cpuWindow } from './lib/cpu.ts';
import { round, sleep } from './lib/stats.ts';

export interface FloorResult {
  messages: number;
  messagesPerSec: number;
  seconds: number;
  /** the same run's no-op chain */
  chainPerSec: number;
  ratioVsChain: number;
  /** rows written per message, by table ("… updated" for updates) */
  rowsPerMessage: Record<string, number>;
  /** wall time of those statements per message, by table (on a loaded machine: waits included) */
  statementMsPerMessage: Record<string, number>;
  /** our statements per message (copies, updates, job inserts; not begin/commit, not pg-boss's own) */
  statementsPerMessage: number;
  transactions: number;
  /** CPU in cores (1.0 = one core busy) over the timed window: this database's backends, the bench process, the machine's busy share */
  cpu: { postgresCores: number; benchCores: number; machineBusy: number; loadavg1: number; backends: number; backendsUntracked: number };
  /** CPU milliseconds per message over the window: this database's backends (pg-boss's work included), the bench process */
  cpuMsPerMessage: { postgres: number; bench: number };
  /** the no-op chain run again on this database just before the floor, for the CPU the queues alone cost here */
  noopHere: { messagesPerSec: number; cpuMsPerMessage: { postgres: number; bench: number } };
}

/** Appended to every copied key, so the copies satisfy the unique indexes next to their originals. */
const SFX = '~floor';
const ING = ['EMAIL_RECEIVED', 'AUTO_REPLY_RECEIVED', 'BOUNCED'];
const GATES = ['GATES_EVALUATED', 'REPLY_DRAFTED', 'APPROVAL_REQUESTED'];
const sfx = (col: string): string => `s.${col} || '${SFX}'`;
/** An id in the event's metadata pointing at a copied row now points at its copy (left out when absent). */
const remap = (m: string, key: string): string => `jsonb_set(${m}, '{${key}}', coalesce(to_jsonb((s.metadata->>'${key}') || '${SFX}'), 'null'), false)`;

/**
 * `insert into T (cols) select … from T s where s.id = any($1)`: every column of the table, copied
 * as it is unless `overrides` gives an expression over the source row `s` (or `null`: left to the
 * column's default). An override naming a column the table lacks is an error, so a renamed column
 * shows here.
 */
async function copyStatement(c: pg.PoolClient | pg.Pool, table: string, overrides: Record<string, string | null>, key = 'id', keyType = 'text'): Promise<string> {
  const { rows } = await c.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  );
  const cols = rows.map((r) => r.column_name);
  for (const k of Object.keys(overrides)) if (!cols.includes(k)) throw new Error(`pipeline floor: ${table} has no column ${k}`);
  const kept = cols.filter((col) => overrides[col] !== null);
  const q = (col: string): string => `"${col}"`;
  return `insert into ${table} (${kept.map(q).join(', ')}) select ${kept.map((col) => overrides[col] ?? `s.${q(col)}`).join(', ')} from ${table} s where s.${key} = any($1::${keyType}[])`;
}

interface Plan {
  relationship: string | null;
  account: string | null;
  workspace: string;
  webhookCopies: string[];
  events: { ingest: string[]; classify: string[]; gates: string[] };
  assertions: string[];
  approvals: string[];
}

const group = <T>(rows: readonly T[], key: (r: T) => string, value: (r: T) => string): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), value(r)]);
  return m;
};
const distinct = (xs: Iterable<string | null>): string[] => [...new Set([...xs].filter((x): x is string => x !== null))].sort();

/** What each reply's copies are made from: the real rows of N decided replies, found before the clock starts. */
async function planOf(c: pg.Pool, n: number): Promise<Map<string, Plan>> {
  const { rows: msgs } = await c.query<{ id: string; relationship_id: string | null; account_id: string | null; workspace_id: string }>(
    `select id, relationship_id, account_id, workspace_id from inbound_messages where decision is not null order by id limit $1`,
    [n],
  );
  const ids = msgs.map((m) => m.id);
  const events = (await c.query<{ id: string; type: string; inbound: string }>(`select id, type, metadata->>'inboundId' as inbound from events where metadata->>'inboundId' = any($1::text[])`, [ids])).rows;
  const assertions = (await c.query<{ id: string; inbound: string }>(`select id, split_part(idempotency_key, ':', 1) as inbound from account_assertions where split_part(idempotency_key, ':', 1) = any($1::text[])`, [ids])).rows;
  const approvals = (await c.query<{ id: string; inbound: string }>(`select id, inbound_id as inbound from approvals where inbound_id = any($1::text[])`, [ids])).rows;
  const byStep = (step: (t: string) => boolean) => group(events.filter((e) => step(e.type)), (e) => e.inbound, (e) => e.id);
  const ingest = byStep((t) => ING.includes(t));
  const gates = byStep((t) => GATES.includes(t));
  const classify = byStep((t) => !ING.includes(t) && !GATES.includes(t));
  const asr = group(assertions, (a) => a.inbound, (a) => a.id);
  const apr = group(approvals, (a) => a.inbound, (a) => a.id);
  return new Map(
    msgs.map((m) => [
      m.id,
      {
        relationship: m.relationship_id,
        account: m.account_id,
        workspace: m.workspace_id,
        webhookCopies: [],
        events: { ingest: ingest.get(m.id) ?? [], classify: classify.get(m.id) ?? [], gates: gates.get(m.id) ?? [] },
        assertions: asr.get(m.id) ?? [],
        approvals: apr.get(m.id) ?? [],
      },
    ]),
  );
}

/** Copies of the replies' webhook deliveries, unprocessed and unlinked, as the api stored them (before the clock). */
async function copyWebhooks(c: pg.Pool, plan: Map<string, Plan>): Promise<void> {
  const insert = await copyStatement(c, 'webhook_events', { id: null, idempotency_key: sfx('idempotency_key'), inbound_id: null, processed_at: null, received_at: null }, 'inbound_id');
  const { rows } = await c.query<{ id: string; inbound: string }>(
    `with copied as (${insert} returning id, workspace_id, idempotency_key)
     select c.id::text as id, w.inbound_id as inbound from copied c join webhook_events w on w.workspace_id = c.workspace_id and w.idempotency_key || '${SFX}' = c.idempotency_key`,
    [[...plan.keys()]],
  );
  for (const r of rows) plan.get(r.inbound)?.webhookCopies.push(r.id);
}

/** The four steps' statements: each takes the batch's plans and writes on the transaction's connection; returns how many statements it ran. */
async function stepWriters(c: pg.Pool, tally: Record<string, number>, ms: Record<string, number>): Promise<Writer[]> {
  const inbound = await copyStatement(c, 'inbound_messages', {
    id: sfx('id'),
    dedupe_key: sfx('dedupe_key'),
    classification: null,
    decision: null,
    draft: null,
    status: null,
    created_at: null,
    updated_at: null,
  });
  const events = await copyStatement(c, 'events', {
    id: sfx('id'),
    idempotency_key: sfx('idempotency_key'),
    metadata: remap(remap('s.metadata', 'inboundId'), 'approvalId'),
    created_at: null,
  });
  const assertions = await copyStatement(c, 'account_assertions', { id: sfx('id'), idempotency_key: sfx('idempotency_key'), created_at: null });
  const approvals = await copyStatement(c, 'approvals', { id: sfx('id'), inbound_id: sfx('inbound_id'), notified: null, created_at: null, updated_at: null });
  const updateCopies = (table: string, set: string): string =>
    `update ${table} c set ${set}, updated_at = now() from ${table} s where s.id = any($1::text[]) and c.id = s.id || '${SFX}'`;
  /** one statement (only when it has rows to write), its rows tallied under `label` */
  const run = async (tx: pg.PoolClient, label: string, sql: string, params: unknown[]): Promise<number> => {
    if (Array.isArray(params[0]) && !params[0].length) return 0;
    const t0 = performance.now();
    const r = await tx.query(sql, params);
    ms[label] = (ms[label] ?? 0) + performance.now() - t0;
    tally[label] = (tally[label] ?? 0) + (r.rowCount ?? 0);
    return 1;
  };
  const all = (batch: Plan[], f: (p: Plan) => string[]): string[] => batch.flatMap(f).sort();
  return [
    // ingest
    async (tx, batch, ids) => {
      let n = await run(tx, 'inbound_messages', inbound, [ids]);
      n += await run(tx, 'events', events, [all(batch, (p) => p.events.ingest)]);
      const hooks = batch.flatMap((p, i) => p.webhookCopies.map((w) => [w, `${ids[i]}${SFX}`] as const)).sort((a, b) => Number(a[0]) - Number(b[0]));
      n += await run(tx, 'webhook_events updated', `update webhook_events w set processed_at = now(), inbound_id = v.inbound from unnest($1::bigint[], $2::text[]) as v(id, inbound) where w.id = v.id`, [hooks.map((h) => h[0]), hooks.map((h) => h[1])]);
      // the projections of the batch's partners, each row once (one ingest batch in flight: no lock-order question)
      n += await run(tx, 'relationships updated', `update relationships set updated_at = now() where id = any($1::text[])`, [distinct(batch.map((p) => p.relationship))]);
      n += await run(tx, 'accounts updated', `update accounts set updated_at = now() where id = any($1::text[])`, [distinct(batch.map((p) => p.account))]);
      const facts = distinct(batch.map((p) => (p.account ? `${p.workspace} ${p.account}` : null))).map((k) => k.split(' '));
      n += await run(tx, 'workspace_account_facts updated', `update workspace_account_facts f set updated_at = now() from unnest($1::text[], $2::text[]) as v(ws, account) where f.workspace_id = v.ws and f.account_id = v.account`, [
        facts.map((f) => f[0]),
        facts.map((f) => f[1]),
      ]);
      return n;
    },
    // classify
    async (tx, batch, ids) =>
      (await run(tx, 'inbound_messages updated', updateCopies('inbound_messages', `classification = s.classification, status = 'CLASSIFIED'`), [ids])) +
      (await run(tx, 'events', events, [all(batch, (p) => p.events.classify)])) +
      (await run(tx, 'account_assertions', assertions, [all(batch, (p) => p.assertions)])),
    // gates
    async (tx, batch, ids) =>
      (await run(tx, 'inbound_messages updated', updateCopies('inbound_messages', 'decision = s.decision, draft = s.draft, status = s.status'), [ids])) +
      (await run(tx, 'events', events, [all(batch, (p) => p.events.gates)])) +
      (await run(tx, 'approvals', approvals, [all(batch, (p) => p.approvals)])),
    // notify
    async (tx, batch) => run(tx, 'approvals updated', updateCopies('approvals', 'notified = s.notified'), [all(batch, (p) => p.approvals)]),
  ];
}

type Writer = (tx: pg.PoolClient, batch: Plan[], ids: string[]) => Promise<number>;

interface ChainRun {
  done: number;
  seconds: number;
  statements: number;
  transactions: number;
  cpu: FloorResult['cpu'];
  cpuMsPerMessage: FloorResult['cpuMsPerMessage'];
}

/**
 * N jobs through `steps.length` queues created with the service's settings, timed like the no-op
 * chain (from the workers' start until the last queue has seen all N), with the CPU of this
 * database's backends and of this process over that window. With `writers`, each handler writes its
 * step's rows and passes the batch on in one transaction; without, it only passes it on (the no-op
 * chain's handler, here for the CPU it costs on this database).
 */
async function timedChain(o: { boss: PgBoss; pool: pg.Pool; database: string; prefix: string; ids: string[]; steps: readonly StepOptions[]; plan: Map<string, Plan>; writers?: Writer[]; log?: (m: string) => void }): Promise<ChainRun> {
  const { boss, pool, ids } = o;
  const n = ids.length;
  const names = o.steps.map((_, i) => `${o.prefix}.${i + 1}`);
  for (const name of names) await boss.createQueue(name, queueDefaults());
  for (let i = 0; i < n; i += 1000) await boss.insert(names[0]!, ids.slice(i, i + 1000).map((inboundId) => ({ data: { inboundId } })));

  // every connection open before the clock, so the CPU window sees each backend from its start
  await Promise.all(Array.from({ length: 10 }, () => pool.query('select pg_sleep(0.05)')));
  await Promise.all(Array.from({ length: 4 }, () => boss.getQueue(names[0]!)));
  const backendPids = async (): Promise<number[]> =>
    (await pool.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [o.database])).rows.map((r) => r.pid);
  const pids0 = await backendPids();
  const cpu = cpuWindow({ bench: process.pid, ...Object.fromEntries(pids0.map((p) => [`pg${p}`, p])) });

  let done = 0;
  let statements = 0;
  let transactions = 0;
  let failure: unknown = null;
  let finished: () => void = () => {};
  const all = new Promise<void>((r) => (finished = r));
  const t0 = performance.now();
  for (const [i, name] of names.entries()) {
    const next = names[i + 1];
    const write = o.writers?.[i];
    await boss.work<{ inboundId: string }>(name, stepWorkOptions(o.steps[i]), async (jobs) => {
      if (!write) {
        if (next) await boss.insert(next, jobs.map((j) => ({ data: j.data })));
      } else {
        const batchIds = jobs.map((j) => j.data.inboundId).sort();
        const tx = await pool.connect();
        try {
          await tx.query('begin');
          const written = await write(tx, batchIds.map((id) => o.plan.get(id)!), batchIds);
          statements += written;
          if (next) {
            await boss.insert(next, jobs.map((j) => ({ data: j.data })), { db: { executeSql: async (text, values) => tx.query(text, values ?? []) } });
            statements++;
          }
          await tx.query('commit');
          transactions++;
        } catch (err) {
          await tx.query('rollback').catch(() => {});
          failure ??= err;
          o.log?.(`pipeline floor: ${name} failed: ${String(err)}`);
          finished();
          throw err;
        } finally {
          tx.release();
        }
      }
      if (!next && (done += jobs.length) >= n) finished();
      return jobs.map((j) => ({ id: j.id, status: 'completed' as const }));
    });
  }
  await Promise.race([all, sleep(240_000)]);
  const seconds = (performance.now() - t0) / 1000;
  const usage = cpu.stop();
  for (const name of names) await boss.offWork(name);
  if (failure) throw failure;
  const pids1 = await backendPids();
  const postgresCores = round(Object.entries(usage.processCores).reduce((s, [k, v]) => (k.startsWith('pg') ? s + v : s), 0), 2);
  const benchCores = usage.processCores['bench'] ?? 0;
  const msPerMessage = (cores: number): number => round((cores * seconds * 1000) / Math.max(1, done), 2);
  return {
    done,
    seconds,
    statements,
    transactions,
    cpu: { postgresCores, benchCores, machineBusy: usage.machineBusy, loadavg1: usage.loadavg1, backends: pids0.length, backendsUntracked: pids1.filter((p) => !pids0.includes(p)).length },
    cpuMsPerMessage: { postgres: msPerMessage(postgresCores), bench: msPerMessage(benchCores) },
  };
}

/**
 * Runs the floor on the end-to-end run's database (its service stopped, its rows in place): N of its
 * decided replies are copied through 4 queues, timed like the no-op chain. Before it, the same N jobs
 * pass through 4 no-op queues on this database, for the CPU the chain alone costs here.
 */
export async function runPipelineFloor(o: { dbUrl: string; database: string; messages: number; steps: readonly StepOptions[]; chainPerSec: number; log?: (m: string) => void }): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: o.dbUrl, max: 10, application_name: 'lb-bench-floor', idleTimeoutMillis: 600_000 });
  // pool.end() does not wait for its connections to close: one still closing when the database is dropped reports the drop
  pool.on('error', () => {});
  const boss = new PgBoss({ ...pgBossOptions(o.dbUrl), application_name: 'lb-bench-floor-queue' });
  boss.on('error', () => {});
  try {
    const plan = await planOf(pool, o.messages);
    const n = plan.size;
    await copyWebhooks(pool, plan);
    const tally: Record<string, number> = {};
    const ms: Record<string, number> = {};
    const writers = await stepWriters(pool, tally, ms);
    await boss.start();
    const common = { boss, pool, database: o.database, ids: [...plan.keys()], steps: o.steps, plan, ...(o.log ? { log: o.log } : {}) };
    const noop = await timedChain({ ...common, prefix: 'bench.floornoop' });
    const run = await timedChain({ ...common, prefix: 'bench.floor', writers });
    const { done, seconds } = run;
    if (done >= n && ((tally['inbound_messages'] ?? 0) !== n || (tally['inbound_messages updated'] ?? 0) !== 2 * n)) throw new Error(`pipeline floor: ${JSON.stringify(tally)} for ${n} replies`);
    const rowsPerMessage = Object.fromEntries(Object.entries(tally).map(([k, v]) => [k, round(v / n, 2)]));
    const statementMsPerMessage = Object.fromEntries(Object.entries(ms).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / n, 3)]));
    const messagesPerSec = round(done / seconds);
    o.log?.(
      `pipeline floor: ${done} replies' rows written again in ${round(seconds, 1)} s (${messagesPerSec}/s, ${round(messagesPerSec / o.chainPerSec, 3)} of the no-op chain); ` +
        `CPU ms a message: postgres ${run.cpuMsPerMessage.postgres}, bench ${run.cpuMsPerMessage.bench} (no-op chain on this database: ${noop.cpuMsPerMessage.postgres}, ${noop.cpuMsPerMessage.bench}; ${round(noop.done / noop.seconds)} msgs/s); ` +
        `machine busy ${run.cpu.machineBusy}; ${run.statements} statements in ${run.transactions} transactions; rows/msg ${JSON.stringify(rowsPerMessage)}; statement ms/msg ${JSON.stringify(statementMsPerMessage)}`,
    );
    return {
      messages: done,
      messagesPerSec,
      seconds: round(seconds, 1),
      chainPerSec: o.chainPerSec,
      ratioVsChain: round(messagesPerSec / o.chainPerSec, 3),
      rowsPerMessage,
      statementMsPerMessage,
      statementsPerMessage: round(run.statements / Math.max(1, done), 2),
      transactions: run.transactions,
      cpu: run.cpu,
      cpuMsPerMessage: run.cpuMsPerMessage,
      noopHere: { messagesPerSec: round(noop.done / noop.seconds), cpuMsPerMessage: noop.cpuMsPerMessage },
    };
  } finally {
    await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
    await pool.end();
  }
}
