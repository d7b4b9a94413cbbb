/**
 * Benchmark 4 — pg-boss no-op throughput: insert N jobs, then drain them with a no-op worker
 * (batchSize 50, continuous fetching while batches come back full); and the end-to-end pipeline,
 * measured against a no-op chain of as many queues as a message passes through, run in the same run
 * with the service's own worker and pg-boss settings (src/jobs/run-step.ts stepWorkOptions,
 * src/jobs/boss.ts pgBossOptions).
 */
import { performance } from 'node:perf_hooks';
import { PgBoss } from 'pg-boss';
import { pgBossOptions } from '../src/jobs/boss.ts';
import { QUEUES, queueDefaults } from '../src/jobs/queues.ts';
import { STEP_OPTIONS } from '../src/jobs/step-options.ts';
import { stepWorkOptions } from '../src/jobs/run-step.ts';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { createTenant, startService, type Tenant } from './lib/service-process.ts';
import { PayloadFactory } from './lib/payload.ts';
import { round, sleep, summarize } from './lib/stats.ts';
import { runPipelineFloor, type FloorResult } from './pipeline-floor.ts';
import { runPipelineScaleOut, type ScaleOutResult } from './pipeline-scale-out.ts';

export interface PgBossNoopResult {
  jobs: number;
  batchSize: number;
  insertPerSec: number;
  drainPerSec: number;
  drainSeconds: number;
}

export const NOOP_QUEUE = 'bench.noop';

export async function runPgBossNoop(o: { quick: boolean; log?: (m: string) => void }): Promise<PgBossNoopResult> {
  const jobs = o.quick ? 5_000 : 20_000;
  const batchSize = 50;
  const db = await createBenchDb('pgboss');
  const boss = new PgBoss({ connectionString: db.url, max: 4, application_name: 'lb-bench-pgboss' });
  boss.on('error', () => {});
  try {
    await boss.start();
    await boss.createQueue(NOOP_QUEUE);
    const t0 = performance.now();
    for (let i = 0; i < jobs; i += 1000) {
      await boss.insert(NOOP_QUEUE, Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ data: { inboundId: `in_${i + k}` } })));
    }
    const insertSec = (performance.now() - t0) / 1000;
    o.log?.(`pgboss: ${jobs} jobs inserted in ${round(insertSec, 1)}s; draining (batchSize ${batchSize})`);
    let done = 0;
    let finished: () => void = () => {};
    const all = new Promise<void>((r) => (finished = r));
    const t1 = performance.now();
    await boss.work<{ inboundId: string }>(NOOP_QUEUE, { batchSize, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (batch) => {
      done += batch.length;
      if (done >= jobs) finished();
    });
    await Promise.race([all, sleep(120_000)]);
    const drainSeconds = (performance.now() - t1) / 1000;
    return { jobs, batchSize, insertPerSec: round(jobs / insertSec), drainPerSec: round(done / drainSeconds), drainSeconds: round(drainSeconds, 1) };
  } finally {
    await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
    await dropBenchDb(db);
  }
}

export interface ChainResult {
  steps: number;
  messages: number;
  messagesPerSec: number;
  seconds: number;
}

/**
 * The baseline of the end-to-end pipeline: `steps` queues whose handlers only pass each job on to the
 * next queue (one multi-row insert per batch), with the service's worker settings per queue (batch
 * size, burst while batches come back full, local concurrency) and its pg-boss settings. N jobs are
 * queued on the first queue; timed until the last queue has seen all of them.
 */
export async function runNoopChain(o: { quick: boolean; steps: readonly { batchSize?: number; localConcurrency?: number }[]; log?: (m: string) => void }): Promise<ChainResult> {
  const messages = o.quick ? 500 : 2_000;
  const db = await createBenchDb('chain');
  const boss = new PgBoss({ ...pgBossOptions(db.url), application_name: 'lb-bench-chain' });
  boss.on('error', () => {});
  try {
    await boss.start();
    const names = o.steps.map((_, i) => `bench.chain.${i + 1}`);
    for (const name of names) await boss.createQueue(name, queueDefaults());
    for (let i = 0; i < messages; i += 1000) {
      await boss.insert(names[0]!, Array.from({ length: Math.min(1000, messages - i) }, (_, k) => ({ data: { inboundId: `in_${i + k}` } })));
    }
    let done = 0;
    let finished: () => void = () => {};
    const all = new Promise<void>((r) => (finished = r));
    const t0 = performance.now();
    for (const [i, name] of names.entries()) {
      const next = names[i + 1];
      await boss.work<{ inboundId: string }>(name, stepWorkOptions(o.steps[i]), async (batch) => {
        if (next) await boss.insert(next, batch.map((j) => ({ data: j.data })));
        else if ((done += batch.length) >= messages) finished();
        return batch.map((j) => ({ id: j.id, status: 'completed' as const }));
      });
    }
    await Promise.race([all, sleep(240_000)]);
    const seconds = (performance.now() - t0) / 1000;
    o.log?.(`pipeline: no-op chain of ${names.length} queues moved ${done} messages in ${round(seconds, 1)} s`);
    return { steps: names.length, messages, messagesPerSec: round(done / seconds), seconds: round(seconds, 1) };
  } finally {
    await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => {});
    await dropBenchDb(db);
  }
}

/**
 * The pipeline's queues a reply passes through in this benchmark (no INSTANTLY_API_KEY, rules
 * classifier): ingest.webhook → pipeline.classify → pipeline.gates → approvals.notify (a reply that
 * waits for approval; one with no reply due ends at the gates), with the service's worker settings.
 */
/** Every queue a reply of the pipeline benchmark may pass through (drained when none has a job waiting or running). */
export const PIPELINE_QUEUES = [QUEUES.ingestWebhook, QUEUES.classify, QUEUES.gates, QUEUES.approvalsNotify, QUEUES.respond];

export const PIPELINE_STEPS = [QUEUES.ingestWebhook, QUEUES.classify, QUEUES.gates, QUEUES.approvalsNotify].map((q) => STEP_OPTIONS[q] ?? {});

/** Waits until n messages have a decision and no pipeline job is waiting or running; returns the seconds since t0 and how many were decided. */
export async function waitDrained(client: { query: <R>(sql: string, params?: unknown[]) => Promise<{ rows: R[] }> }, n: number, t0: number, limitMs = 300_000): Promise<{ done: number; seconds: number }> {
  const count = async (sql: string, params: unknown[] = []) => Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
  const decided = () => count('select count(*) as n from inbound_messages where decision is not null');
  const pending = () => count(`select count(*) as n from pgboss.job where name = any($1) and state in ('created', 'retry', 'active')`, [PIPELINE_QUEUES]);
  while (((await decided()) < n || (await pending()) > 0) && performance.now() - t0 < limitMs) await sleep(100);
  return { done: await decided(), seconds: (performance.now() - t0) / 1000 };
}

/**
 * N realistic replies acknowledged by the api role alone (a separate process, stopped afterwards), so
 * the pipeline's backlog is waiting: 20 connections posting Instantly `reply_received` webhooks.
 */
export async function acknowledgeReplies(dbUrl: string, n: number): Promise<{ tenant: Tenant; factory: PayloadFactory }> {
  const api = await startService(dbUrl, { ROLE: 'api' });
  try {
    const tenant = await createTenant(api.url, 1);
    const factory = new PayloadFactory();
    const path = `${api.url}/v1/webhooks/instantly/${tenant.workspaceIds[0]}`;
    let next = 0;
    const post = async () => {
      while (next < n) {
        next++;
        const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': tenant.webhookSecrets[0]! }, body: factory.next() });
        await r.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 20 }, post));
    return { tenant, factory };
  } finally {
    await api.stop();
  }
}

export interface PipelineResult {
  messages: number;
  messagesPerSec: number;
  seconds: number;
  chain: ChainResult;
  ratioVsChain: number;
  ratioVsNoop: number;
  /** jobs per message, per queue, counted after the run */
  jobsPerMessage: Record<string, number>;
  /** webhook acknowledged → decision stored, one reply at a time to the idle service */
  idle: { samples: number; p50Ms: number; maxMs: number };
  /** the same replies' rows written again through the same chain, multi-row (bench/pipeline-floor.ts) */
  floor: FloorResult;
  /** the same backlog drained by one worker process, then by two (bench/pipeline-scale-out.ts) */
  scaleOut: ScaleOutResult;
}

/**
 * End-to-end pipeline: N realistic replies are acknowledged by the api role alone (so the backlog is
 * waiting), then one process with every role drains them through ingest → classify (rules) → gates
 * → approval or no reply; timed until every message has a decision and every pipeline job is settled.
 * Reported as messages per second and as a ratio to the no-op chain of the same run. Then, on the
 * same (now idle) service, replies are posted one at a time and the time from the acknowledgement to
 * the stored decision is taken.
 */
export async function runPipelineEndToEnd(o: { quick: boolean; noop: PgBossNoopResult | null; log?: (m: string) => void }): Promise<PipelineResult> {
  const chain = await runNoopChain({ quick: o.quick, steps: PIPELINE_STEPS, ...(o.log ? { log: o.log } : {}) });
  const n = chain.messages;
  const db = await createBenchDb('e2e');
  try {
    const { tenant, factory } = await acknowledgeReplies(db.url, n);
    o.log?.(`pipeline: ${n} replies acknowledged; draining with every role in one process`);
    const client = await connect(db.url);
    const svc = await startService(db.url);
    const t0 = performance.now();
    let result: Omit<PipelineResult, 'floor' | 'scaleOut'>;
    try {
      const { done, seconds } = await waitDrained(client, n, t0);
      const messagesPerSec = round(done / seconds);
      const { rows: perQueue } = await client.query<{ name: string; n: string }>(
        `select name, count(*) as n from pgboss.job where name = any($1) group by name order by name`,
        [PIPELINE_QUEUES],
      );
      const jobsPerMessage = Object.fromEntries(perQueue.map((r) => [r.name, round(Number(r.n) / n, 2)]));
      o.log?.(`pipeline: ${done} decided in ${round(seconds, 1)} s (${messagesPerSec}/s); jobs per message ${JSON.stringify(jobsPerMessage)}; now one at a time on the idle service`);

      // idle latency: one reply at a time, acknowledged → decision stored
      const samples: number[] = [];
      const path = `${svc.url}/v1/webhooks/instantly/${tenant.workspaceIds[0]}`;
      for (let i = 0; i < (o.quick ? 8 : 20); i++) {
        const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': tenant.webhookSecrets[0]! }, body: factory.next() });
        const ack = performance.now();
        const out = (await r.json()) as { deliveryId?: string };
        if (r.status !== 202 || !out.deliveryId) throw new Error(`webhook answered ${r.status}`);
        for (;;) {
          const { rows } = await client.query<{ d: boolean }>('select m.decision is not null as d from webhook_events w join inbound_messages m on m.id = w.inbound_id where w.id = $1', [out.deliveryId]);
          if (rows[0]?.d) break;
          if (performance.now() - ack > 60_000) throw new Error('no decision within a minute on the idle service');
          await sleep(10);
        }
        samples.push(performance.now() - ack);
        await sleep(200);
      }
      const idle = summarize(samples);
      o.log?.(`pipeline: idle webhook → decision p50 ${round(idle.p50)} ms, max ${round(idle.max)} ms`);
      result = {
        messages: n,
        messagesPerSec,
        seconds: round(seconds, 1),
        chain,
        ratioVsChain: round(messagesPerSec / chain.messagesPerSec, 3),
        ratioVsNoop: o.noop ? round(messagesPerSec / o.noop.drainPerSec, 3) : 0,
        jobsPerMessage,
        idle: { samples: samples.length, p50Ms: round(idle.p50), maxMs: round(idle.max) },
      };
    } finally {
      await svc.stop();
      await client.end();
    }
    // the same replies' rows, written again as cheaply as possible, with the service stopped
    const floor = await runPipelineFloor({ dbUrl: db.url, database: db.name, messages: n, steps: PIPELINE_STEPS, chainPerSec: chain.messagesPerSec, ...(o.log ? { log: o.log } : {}) });
    return { ...result, floor, scaleOut: await runPipelineScaleOut({ quick: o.quick, ...(o.log ? { log: o.log } : {}) }) };
  } finally {
    await dropBenchDb(db);
  }
}
