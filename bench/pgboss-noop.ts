/**
 * Benchmark 4 — pg-boss no-op throughput: insert N jobs, then drain them with a no-op worker
 * (batchSize 50, continuous fetching while batches come back full). The baseline the end-to-end
 * pipeline benchmark is measured against once the classify/gates/respond workers exist.
 */
import { performance } from 'node:perf_hooks';
import { PgBoss } from 'pg-boss';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { createTenant, startService } from './lib/service-process.ts';
import { PayloadFactory } from './lib/payload.ts';
import { round, sleep } from './lib/stats.ts';

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

/**
 * End-to-end pipeline: N realistic replies are acknowledged by the api role alone (so the backlog is
 * waiting), then one process with every role drains them through ingest → classify (rules) → gates
 * → approval or no reply; timed until every message has a decision. Reported as messages per second
 * and as a ratio to the pg-boss no-op drain rate of the same run (each message is 3–5 jobs).
 */
export async function runPipelineEndToEnd(o: { quick: boolean; noop: PgBossNoopResult | null; log?: (m: string) => void }): Promise<{ messagesPerSec: number; ratioVsNoop: number } | null> {
  const n = o.quick ? 500 : 2_000;
  const db = await createBenchDb('e2e');
  try {
    const api = await startService(db.url, { ROLE: 'api' });
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
    } finally {
      await api.stop();
    }
    o.log?.(`pipeline: ${n} replies acknowledged; draining with every role in one process`);
    const client = await connect(db.url);
    const svc = await startService(db.url);
    const t0 = performance.now();
    try {
      const decided = async () =>
        Number((await client.query<{ n: string }>(`select count(*) as n from inbound_messages where decision is not null`)).rows[0]?.n ?? 0);
      while ((await decided()) < n && performance.now() - t0 < 240_000) await sleep(250);
      const done = await decided();
      const seconds = (performance.now() - t0) / 1000;
      const messagesPerSec = round(done / seconds);
      return { messagesPerSec, ratioVsNoop: o.noop ? round(messagesPerSec / o.noop.drainPerSec, 3) : 0 };
    } finally {
      await svc.stop();
      await client.end();
    }
  } finally {
    await dropBenchDb(db);
  }
}
