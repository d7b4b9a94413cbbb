/**
 * Benchmark 4 — pg-boss no-op throughput: insert N jobs, then drain them with a no-op worker
 * (batchSize 50, continuous fetching while batches come back full). The baseline the end-to-end
 * pipeline benchmark is measured against once the classify/gates/respond workers exist.
 */
import { performance } from 'node:perf_hooks';
import { PgBoss } from 'pg-boss';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
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
 * HOOK — end-to-end pipeline benchmark (not yet measured). Once the classify, gates and respond
 * workers exist, implement this: ingest N webhooks (rules classifier, no ANTHROPIC_API_KEY, a fake
 * Instantly/SMTP on loopback), start the workers, and time until every message has reached a final
 * status; report messages/s and the ratio to `runPgBossNoop().drainPerSec` measured in the same run.
 * bench/run.ts already calls it and prints "not yet measured" while it returns null.
 */
export async function runPipelineEndToEnd(_o: { quick: boolean; noop: PgBossNoopResult | null; log?: (m: string) => void }): Promise<{ messagesPerSec: number; ratioVsNoop: number } | null> {
  return null;
}
