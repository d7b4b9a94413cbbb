/**
 * Runs a pipeline step's handler over batches of jobs. The whole batch is tried in one transaction
 * (measured: batches handled in one transaction drain several times faster than one job each); if
 * that fails, the batch is split in halves until the failing job is alone, so one bad job cannot hold
 * back the rest nor turn the batch into one transaction per job. Each job
 * is then settled on its own: retryable errors retry with the queue's backoff, anything else goes
 * straight to the dead-letter queue. Handlers must be idempotent (pg-boss delivers at least once).
 */
import type { Job, JobResult } from 'pg-boss';
import type { Db, Queryable } from '../db/types.ts';
import { isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { enqueueWith, type Boss } from './boss.ts';
import { deferEnqueues, runBeforeCommit, takeDeferred } from './deferred-enqueue.ts';

export interface JobMeta {
  id: string;
  retryCount: number;
}

/**
 * `prepare` does the slow outside work (an HTTP call) with no transaction open — on the embedded
 * database a transaction blocks every other statement; `apply` writes the outcome in one.
 */
export interface StepHandler<T, P = undefined, B = undefined, L = undefined> {
  /**
   * Reads the whole batch needs before its `prepare` calls, in a few queries (`= any($1)`) instead of
   * some per job; no transaction open. Its result is every `prepare`'s third argument (absent when a caller prepares a job alone). If it fails,
   * every job of the batch fails with its error (and is retried).
   */
  preload?: (jobs: ReadonlyArray<{ data: T; job: JobMeta }>) => Promise<B>;
  prepare?: (data: T, job: JobMeta, batch?: B) => Promise<P>;
  /** How many of a batch's `prepare` calls run at once (1 unless given: one after another). */
  prepareConcurrency?: number;
  /**
   * The partner row a job's `apply` will lock (its account id). A batch applies its jobs in this
   * order, so the batches of different steps take their locks in one global order and never
   * deadlock each other.
   */
  lockKey?: (data: T, prepared: P) => string | null;
  /**
   * May return what to do once its transaction has committed (a log line of the message's story):
   * never run for a transaction that rolled back, so a log never tells of a step that did not happen.
   */
  apply: (tx: Queryable, data: T, prepared: P, job: JobMeta, loaded?: L) => Promise<void | AfterCommit>;
  /**
   * Reads (and locks) what the `apply` calls of a part of the batch need, in its transaction, before
   * the first of them: a few set-based queries instead of some per job. Run again with the part when
   * the transaction is retried or the batch is split. Its result is every `apply`'s fifth argument (absent when a caller applies a job alone).
   */
  load?: (tx: Queryable, items: ReadonlyArray<{ data: T; prepared: P; job: JobMeta }>) => Promise<L>;
}

export type AfterCommit = () => void;

export interface StepOptions {
  batchSize?: number;
  pollingIntervalSeconds?: number;
  localConcurrency?: number;
}

export interface StepDeps {
  db: Db;
  boss: Boss;
  log: Logger;
  metrics?: Metrics;
}

/**
 * How long a batch waits, in all, for its database to come back before its jobs are failed (and
 * retried later); below the heartbeat (30 s by default), so the jobs stay this worker's meanwhile.
 */
const OUTAGE_WAIT_MS = 20_000;

function settleError(e: unknown): JobResult['status'] {
  return isAppError(e) && !e.retryable ? 'deadletter' : 'failed';
}

/** The pg-boss worker settings of a step (the benchmark's no-op chain uses the same). */
export function stepWorkOptions(opts: StepOptions = {}) {
  return {
    batchSize: opts.batchSize ?? 50,
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    // a queued job wakes the worker at once (QUEUE_DEFAULTS.notify); polling stays as frequent, for
    // jobs that become due later (a retry's backoff) and as the floor when LISTEN is unavailable
    notifyPollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    localConcurrency: opts.localConcurrency ?? 1,
    // A full batch means more is waiting: fetch again at once instead of after the polling interval.
    burstWhenBatchFull: true,
    perJobResults: true,
  } as const;
}

export async function registerStep<T extends object, P = undefined, B = undefined, L = undefined>(deps: StepDeps, queue: string, handler: StepHandler<T, P, B, L>, opts: StepOptions = {}): Promise<string> {
  const step = queue.split('.').pop() ?? queue;
  const enqueue = enqueueWith(deps.boss);
  return deps.boss.work<T>(
    queue,
    stepWorkOptions(opts),
    async (jobs: Job<T>[]): Promise<JobResult[]> => {
      const started = process.hrtime.bigint();
      // a batch's time is shared by its jobs; a job handled alone is timed alone
      const observe = (outcome: string, n: number, since: bigint = started) => {
        const seconds = Number(process.hrtime.bigint() - since) / 1e9;
        for (let i = 0; i < n; i++) deps.metrics?.stepSeconds.observe({ step, outcome }, seconds / Math.max(1, n));
      };
      const prepared = new Map<string, P>();
      const failedEarly = new Map<string, unknown>();
      let batch: B | undefined;
      if (handler.preload) {
        try {
          batch = await handler.preload(jobs.map((job) => ({ data: job.data, job })));
        } catch (e) {
          for (const job of jobs) failedEarly.set(job.id, e);
        }
      }
      if (handler.prepare && failedEarly.size < jobs.length) {
        const prepare = handler.prepare;
        let next = 0;
        const lane = async () => {
          for (let job = jobs[next++]; job; job = jobs[next++]) {
            if (failedEarly.has(job.id)) continue;
            try {
              prepared.set(job.id, await prepare(job.data, job, batch as B));
            } catch (e) {
              failedEarly.set(job.id, e);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(jobs.length, Math.max(1, handler.prepareConcurrency ?? 1)) }, lane));
      }
      const ready = jobs.filter((j) => !failedEarly.has(j.id));
      if (handler.lockKey) {
        const key = (j: Job<T>) => handler.lockKey!(j.data, prepared.get(j.id) as P) ?? '';
        ready.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      }
      const apply = (tx: Queryable, job: Job<T>, loaded: L) => handler.apply(tx, job.data, prepared.get(job.id) as P, job, loaded);
      const load = async (tx: Queryable, part: Job<T>[]): Promise<L> =>
        (handler.load ? await handler.load(tx, part.map((job) => ({ data: job.data, prepared: prepared.get(job.id) as P, job }))) : undefined) as L;
      const results = new Map<string, JobResult>();
      const settle = (job: Job<T>, e: unknown, since: bigint) => {
        const status = settleError(e);
        deps.log.warn({ err: e, queue, jobId: job.id, data: job.data, retryCount: job.retryCount, status }, 'step failed');
        results.set(job.id, { id: job.id, status, output: { error: e instanceof Error ? e.message : String(e) } });
        observe(status, 1, since);
      };
      for (const job of jobs) if (failedEarly.has(job.id)) settle(job, failedEarly.get(job.id), started);
      /**
       * Applies a part of the batch in one transaction; if it fails, splits it in halves until the bad
       * job is alone, so one bad job costs about 2·log2(n) extra transactions instead of n, and the
       * others still commit in large groups. Only an unavailable database fails a whole part at once.
       */
      // one budget for the whole batch, however many outages it meets
      let outageBudgetEnds = 0;
      const databaseBack = async (): Promise<boolean> => {
        outageBudgetEnds ||= Date.now() + OUTAGE_WAIT_MS;
        while (Date.now() < outageBudgetEnds) {
          try {
            await deps.db.query('select 1');
            return true;
          } catch {
            await new Promise((r) => setTimeout(r, 250));
          }
        }
        return false;
      };
      const applyPart = async (part: Job<T>[]): Promise<void> => {
        const partStarted = process.hrtime.bigint();
        try {
          // a deadlock with another writer is retried once as a whole part before it is split
          let afterCommit: AfterCommit[] = [];
          for (let attempt = 1; ; attempt++) {
            try {
              afterCommit = [];
              await deps.db.transaction(async (tx) => {
                // the next jobs of the whole part go in one insert per queue, before the commit
                deferEnqueues(tx);
                const loaded = await load(tx, part);
                for (const job of part) {
                  const after = await apply(tx, job, loaded);
                  if (after) afterCommit.push(after);
                }
                await runBeforeCommit(tx);
                for (const [queue, payloads] of takeDeferred(tx)) await enqueue(tx, queue, payloads);
              });
              break;
            } catch (e) {
              if (attempt >= 2 || part.length === 1 || !(isAppError(e) && e.retryable && /deadlock|serializ/i.test(e.message))) throw e;
              await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
            }
          }
          for (const after of afterCommit) {
            try {
              after();
            } catch (e) {
              deps.log.warn({ err: e, queue }, 'after-commit hook failed');
            }
          }
          for (const job of part) results.set(job.id, { id: job.id, status: 'completed' });
          observe('ok', part.length, partStarted);
        } catch (e) {
          const dbGone = isAppError(e) && e.code === 'UNAVAILABLE' && !/deadlock|serializ/i.test(e.message);
          // The database went away mid-batch (a restart, a failover): wait for it and apply the part again
          // while the jobs are still ours, instead of leaving them claimed until their heartbeat lapses.
          if (dbGone && (await databaseBack())) return applyPart(part);
          if (part.length === 1 || dbGone) {
            for (const job of part) settle(job, e, partStarted);
            return;
          }
          deps.log.debug({ err: e, queue, jobs: part.length }, 'batch failed; splitting it to find the failing job');
          const mid = Math.ceil(part.length / 2);
          await applyPart(part.slice(0, mid));
          await applyPart(part.slice(mid));
        }
      };
      if (ready.length) await applyPart(ready);
      return jobs.map((j) => results.get(j.id)!);
    },
  );
}
