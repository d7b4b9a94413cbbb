/**
 * Benchmark 4, scale-out: the end-to-end pipeline drained by several worker processes sharing one
 * PostgreSQL (ROLE=worker; pg-boss hands each batch to one of them with SKIP LOCKED), against one
 * process with every role on the same backlog size, in the same run. On a machine whose cores are
 * all busy the second process only adds contention; where the single process is held back by its
 * one JavaScript thread (docs/benchmarks.md says which), it adds throughput.
 */
import { performance } from 'node:perf_hooks';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { startService, type ServiceProcess } from './lib/service-process.ts';
import { round } from './lib/stats.ts';
import { acknowledgeReplies, waitDrained } from './pgboss-noop.ts';

export interface DrainResult {
  processes: number;
  messages: number;
  seconds: number;
  messagesPerSec: number;
}

/** N replies acknowledged by the api role alone, then drained by `processes` worker processes started together. */
export async function drainWithWorkers(o: { messages: number; processes: number; log?: (m: string) => void }): Promise<DrainResult> {
  const db = await createBenchDb(`scale${o.processes}`);
  try {
    await acknowledgeReplies(db.url, o.messages);
    const client = await connect(db.url);
    const workers: ServiceProcess[] = [];
    try {
      // started side by side, so no process drains a head start before the others are up
      workers.push(...(await Promise.all(Array.from({ length: o.processes }, () => startService(db.url, { ROLE: 'worker' })))));
      const { done, seconds } = await waitDrained(client, o.messages, performance.now());
      const result = { processes: o.processes, messages: done, seconds: round(seconds, 1), messagesPerSec: round(done / seconds) };
      o.log?.(`pipeline scale-out: ${done} decided by ${o.processes} worker process(es) in ${result.seconds} s (${result.messagesPerSec}/s)`);
      return result;
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await client.end();
    }
  } finally {
    await dropBenchDb(db);
  }
}

export interface ScaleOutResult {
  one: DrainResult;
  two: DrainResult;
  /** two processes' rate over one's */
  speedup: number;
}

/** One worker process, then two, on fresh databases with the same backlog. */
export async function runPipelineScaleOut(o: { quick: boolean; log?: (m: string) => void }): Promise<ScaleOutResult> {
  const messages = o.quick ? 500 : 2_000;
  const one = await drainWithWorkers({ messages, processes: 1, ...(o.log ? { log: o.log } : {}) });
  const two = await drainWithWorkers({ messages, processes: 2, ...(o.log ? { log: o.log } : {}) });
  return { one, two, speedup: round(two.messagesPerSec / Math.max(1, one.messagesPerSec), 2) };
}
