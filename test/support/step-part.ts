/**
 * What src/jobs/run-step.ts does with a batch, without pg-boss: `preload`, `prepare` each job, sort by
 * `lockKey`, then `load` and `apply` them all in one transaction with the step's deferred writes.
 * Returns the jobs' data in the order they were applied.
 */
import type { Db, Queryable } from '../../src/db/types.ts';
import type { StepHandler } from '../../src/jobs/run-step.ts';
import { deferEnqueues, runBeforeCommit, takeDeferred } from '../../src/jobs/deferred-enqueue.ts';

export async function applyAsOnePart<T, P, B, L>(
  db: Db,
  handler: StepHandler<T, P, B, L>,
  data: readonly T[],
  /** Sees every statement the part's transaction sends, as it is sent. */
  onStatement?: (sql: string, params: readonly unknown[] | undefined) => void,
): Promise<T[]> {
  const metas = data.map((d, i) => ({ data: d, job: { id: `job-${i}`, retryCount: 0 } }));
  const batch = handler.preload ? await handler.preload(metas) : undefined;
  const items: Array<(typeof metas)[number] & { prepared: P }> = [];
  for (const m of metas) items.push({ ...m, prepared: handler.prepare ? await handler.prepare(m.data, m.job, batch) : (undefined as P) });
  const key = (i: (typeof items)[number]) => handler.lockKey?.(i.data, i.prepared) ?? '';
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  await db.transaction(async (inner: Queryable) => {
    const tx: Queryable = onStatement ? { query: (sql, params, opts) => (onStatement(sql, params), inner.query(sql, params, opts)) } : inner;
    deferEnqueues(tx);
    const loaded = handler.load ? await handler.load(tx, items) : undefined;
    for (const i of items) await handler.apply(tx, i.data, i.prepared, i.job, loaded);
    await runBeforeCommit(tx);
    takeDeferred(tx);
  });
  return items.map((i) => i.data);
}

/** The reference: one job at a time, each prepared alone after the one before was applied, in its own transaction. */
export async function applyOneByOne<T, P, B, L>(db: Db, handler: StepHandler<T, P, B, L>, data: readonly T[]): Promise<void> {
  for (const [i, d] of data.entries()) {
    const job = { id: `solo-${i}`, retryCount: 0 };
    const prepared = handler.prepare ? await handler.prepare(d, job) : (undefined as P);
    await db.transaction((tx) => handler.apply(tx, d, prepared, job));
  }
}
