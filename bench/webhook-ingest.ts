/**
 * Benchmark 1 — webhook ingest. Acknowledged (= durably committed) Instantly webhooks per second
 * through the real service, against two baselines measured in the same run on the same database
 * server with the same ~5 KB bodies:
 *   - raw: 8 pg clients, one autocommit INSERT of the JSON payload per row into a plain table;
 *   - bare express: an express process answering after one such INSERT (the framework's share).
 * Then p50/p99 acknowledgement latency at a fixed request rate (coordinated-omission corrected).
 */
import { performance } from 'node:perf_hooks';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { PayloadFactory, DEFAULT_PAYLOAD } from './lib/payload.ts';
import { createTenant, startProcess, startService } from './lib/service-process.ts';
import { ratio, round, sleep, summarize } from './lib/stats.ts';
import { cpuWindow, type CpuWindow } from './lib/cpu.ts';
import { sampleActivity, type ActivityProfile } from './lib/pg-sampler.ts';
import type pg from 'pg';

async function dbStats(c: pg.Client, database: string): Promise<{ commits: number; rollbacks: number; deadlocks: number }> {
  // pg_stat_database is refreshed at transaction end; force a fresh snapshot
  await c.query('select pg_stat_clear_snapshot()');
  const r = await c.query<{ c: string; r: string; d: string }>(
    'select xact_commit as c, xact_rollback as r, deadlocks as d from pg_stat_database where datname = $1',
    [database],
  );
  return { commits: Number(r.rows[0]?.c ?? 0), rollbacks: Number(r.rows[0]?.r ?? 0), deadlocks: Number(r.rows[0]?.d ?? 0) };
}

export interface WebhookBenchOptions {
  quick: boolean;
  connections?: number;
  fixedRate?: number;
  /** Also run the ack-only design probe (default true). */
  probe?: boolean;
  log?: (msg: string) => void;
}

export interface WebhookBenchResult {
  payloadBytes: number;
  leads: number;
  domains: number;
  connections: number;
  durationSec: number;
  raw: { clients: number; rowsPerSec: number; p50: number; p99: number };
  bareExpress: { reqPerSec: number; p50: number; p99: number; non2xx: number; cpu: ReturnType<CpuWindow['stop']> | null };
  service: {
    ackPerSec: number;
    p50: number;
    p99: number;
    non2xx: number;
    errors: number;
    perSecond: number[];
    /** Database commits per second during the run (group commit: fewer than acks). */
    commitsPerSec: number;
    /** Transactions rolled back and deadlocks detected by PostgreSQL during the run. */
    rollbacks: number;
    deadlocks: number;
    cpu: ReturnType<CpuWindow['stop']> | null;
    activity: ActivityProfile;
  };
  fixedRate: { targetRate: number; achievedPerSec: number; p50: number; p99: number; non2xx: number; durationSec: number };
  ratioVsRaw: number;
  ratioVsBareExpress: number;
  /**
   * Design probe (bench/servers/ack-only-server.ts, not the service): the same route if the request
   * only stores the delivery and its job, and matching moves into the job. Null with --no-probe.
   */
  ackOnlyProbe: { ackPerSec: number; p50: number; p99: number; ratioVsRaw: number; fixedRateP50: number; fixedRateP99: number; fixedRateAchieved: number } | null;
  durability: { acknowledged: number; stored: number; classifyJobs: number };
}

const RAW_CLIENTS = 8;

async function rawInsertBaseline(url: string, factory: PayloadFactory, durationSec: number): Promise<WebhookBenchResult['raw']> {
  const clients = await Promise.all(Array.from({ length: RAW_CLIENTS }, () => connect(url)));
  const latencies: number[] = [];
  let rows = 0;
  try {
    const run = async (until: number, record: boolean): Promise<void> => {
      await Promise.all(
        clients.map(async (c) => {
          while (performance.now() < until) {
            const body = factory.next();
            const t = performance.now();
            await c.query('insert into bench_raw_insert (payload) values ($1)', [body]);
            if (record) {
              latencies.push(performance.now() - t);
              rows++;
            }
          }
        }),
      );
    };
    await run(performance.now() + Math.min(2_000, durationSec * 250), false);
    const t0 = performance.now();
    await run(t0 + durationSec * 1000, true);
    const elapsed = (performance.now() - t0) / 1000;
    const s = summarize(latencies);
    return { clients: RAW_CLIENTS, rowsPerSec: round(rows / elapsed), p50: round(s.p50, 2), p99: round(s.p99, 2) };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function runWebhookBench(o: WebhookBenchOptions): Promise<WebhookBenchResult> {
  const log = o.log ?? (() => {});
  const connections = o.connections ?? 50;
  const fixedRate = o.fixedRate ?? 1000;
  const dur = o.quick ? 5 : 12;
  const warm = o.quick ? 1 : 3;
  const fixedDur = o.quick ? 5 : 10;
  const factory = new PayloadFactory(DEFAULT_PAYLOAD);
  const payloadBytes = Buffer.byteLength(factory.next());

  const db = await createBenchDb('webhook');
  try {
    const admin = await connect(db.url);
    await admin.query(`create table bench_raw_insert (id bigserial primary key, payload jsonb not null, received_at timestamptz not null default now());
                       create table bench_bare_insert (id bigserial primary key, payload jsonb not null, received_at timestamptz not null default now());`);

    log(`webhook: raw ${RAW_CLIENTS}-client INSERT baseline, ${dur}s`);
    const raw = await rawInsertBaseline(db.url, factory, dur);

    log(`webhook: bare express + INSERT baseline, ${connections} connections, ${dur}s`);
    const bare = await startProcess('bench/servers/bare-insert-server.ts', { DATABASE_URL: db.url }, '/healthz');
    let bareRes: LoadResult;
    let bareCpu: ReturnType<CpuWindow['stop']> | null = null;
    try {
      const load = { url: bare.url, path: '/v1/webhooks/instantly/ws_bench', method: 'POST' as const, connections, body: () => factory.next() };
      await runLoad({ ...load, durationSec: warm });
      const cpu = cpuWindow({ server: bare.pid, benchmark: process.pid });
      bareRes = await runLoad({ ...load, durationSec: dur });
      bareCpu = cpu.stop();
    } finally {
      await bare.stop();
    }

    log(`webhook: service, ${connections} connections, ${dur}s`);
    // the api role alone: what an acknowledgement costs, with no worker draining the jobs on the same 2 cores
    const svc = await startService(db.url, { ROLE: 'api' });
    let acknowledged = 0;
    let activity: ActivityProfile = { samples: 0, meanBackends: {} };
    let serviceCpu: ReturnType<CpuWindow['stop']> | null = null;
    let commits = 0;
    let rollbacks = 0;
    let deadlocks = 0;
    let serviceRes: LoadResult;
    let fixedRes: LoadResult;
    try {
      const tenant = await createTenant(svc.url, 1);
      const path = `/v1/webhooks/instantly/${tenant.workspaceIds[0]}`;
      const headers = { 'x-webhook-secret': tenant.webhookSecrets[0]! };
      const load = { url: svc.url, path, method: 'POST' as const, headers, body: () => factory.next() };
      // First contact with every lead creates its account, contact and relationship: do it before measuring.
      const first = await runLoad({ ...load, connections: 10, amount: factory.leads.length });
      const warmRes = await runLoad({ ...load, connections, durationSec: warm });
      const stats0 = await dbStats(admin, db.name);
      const cpu = cpuWindow({ service: svc.pid, benchmark: process.pid });
      const sampler = await sampleActivity(db.url, db.name);
      serviceRes = await runLoad({ ...load, connections, durationSec: dur });
      activity = await sampler.stop();
      serviceCpu = cpu.stop();
      await sleep(600); // let backends report their counters
      const stats1 = await dbStats(admin, db.name);
      commits = stats1.commits - stats0.commits;
      rollbacks = stats1.rollbacks - stats0.rollbacks;
      deadlocks = stats1.deadlocks - stats0.deadlocks;
      await sleep(500);
      log(`webhook: service at a fixed ${fixedRate} req/s, ${fixedDur}s`);
      fixedRes = await runLoad({ ...load, connections, durationSec: fixedDur, overallRate: fixedRate });
      acknowledged = first.ok + warmRes.ok + serviceRes.ok + fixedRes.ok;
    } finally {
      await svc.stop();
    }
    const probe: WebhookBenchResult['ackOnlyProbe'] = null; // the service now acknowledges after storing only the delivery and its job
    // the service's deliveries only (the probe's have no InboundMessage and a different job payload)
    const stored = Number((await admin.query<{ n: string }>('select count(*) as n from webhook_events')).rows[0]?.n ?? 0);
    const jobs = Number((await admin.query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'ingest.webhook'`)).rows[0]?.n ?? 0);
    await admin.end();

    return {
      payloadBytes,
      leads: DEFAULT_PAYLOAD.leads,
      domains: DEFAULT_PAYLOAD.domains,
      connections,
      durationSec: dur,
      raw,
      bareExpress: { reqPerSec: round(bareRes.okPerSec), p50: bareRes.p50, p99: bareRes.p99, non2xx: bareRes.non2xx, cpu: bareCpu },
      service: {
        ackPerSec: round(serviceRes.okPerSec),
        p50: serviceRes.p50,
        p99: serviceRes.p99,
        non2xx: serviceRes.non2xx,
        errors: serviceRes.errors,
        perSecond: serviceRes.perSecond,
        commitsPerSec: round(commits / serviceRes.durationSec),
        rollbacks,
        deadlocks,
        cpu: serviceCpu,
        activity,
      },
      fixedRate: {
        targetRate: fixedRate,
        achievedPerSec: round(fixedRes.okPerSec),
        p50: fixedRes.p50,
        p99: fixedRes.p99,
        non2xx: fixedRes.non2xx,
        durationSec: fixedDur,
      },
      ratioVsRaw: ratio(serviceRes.okPerSec, raw.rowsPerSec),
      ratioVsBareExpress: ratio(serviceRes.okPerSec, bareRes.okPerSec),
      durability: { acknowledged, stored, classifyJobs: jobs },
      ackOnlyProbe: probe,
    };
  } finally {
    await dropBenchDb(db);
  }
}
