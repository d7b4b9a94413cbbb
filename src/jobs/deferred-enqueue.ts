/**
 * Jobs a step's batch enqueues, gathered per transaction and inserted once per queue before the batch
 * commits (src/jobs/run-step.ts): a batch of 50 messages is one priority query and one multi-row
 * insert per next queue instead of 50 of each. Still "the next job commits with the step's writes".
 */
import type { Queryable } from '../db/types.ts';

type Pending = Map<string, Array<Record<string, unknown>>>;
const pendingByTx = new WeakMap<Queryable, Pending>();

const flushesByTx = new WeakMap<Queryable, Array<() => Promise<void>>>();

/**
 * From now until `takeDeferred`, enqueues in this transaction are gathered instead of inserted, and
 * writes handed to `beforeCommit` wait for `runBeforeCommit`.
 */
export function deferEnqueues(tx: Queryable): void {
  pendingByTx.set(tx, new Map());
  flushesByTx.set(tx, []);
}

/**
 * A write a batch gathers (rows for one multi-row statement) to run once, just before the batch's
 * transaction commits; false if this transaction does not defer (the caller writes now).
 */
export function beforeCommit(tx: Queryable, flush: () => Promise<void>): boolean {
  const list = flushesByTx.get(tx);
  if (!list) return false;
  list.push(flush);
  return true;
}

/**
 * A write of many rows in one statement: each item handed over in a step's batch transaction joins the
 * others of that transaction, and `flush` writes them all just before the commit (`beforeCommit`);
 * outside such a transaction an item is written at once, alone.
 */
export interface Gatherer<T> {
  (tx: Queryable, item: T): Promise<void>;
  /** Several items at once: outside a step's batch (or in its before-commit writes) they are written together, in one flush. */
  all(tx: Queryable, items: readonly T[]): Promise<void>;
  /** Writes what this transaction gathered so far, now (a step about to read what they would change). */
  flushNow(tx: Queryable): Promise<void>;
}

export function gatherBeforeCommit<T>(flush: (tx: Queryable, items: T[]) => Promise<void>): Gatherer<T> {
  const byTx = new WeakMap<Queryable, T[]>();
  const all = async (tx: Queryable, items: readonly T[]) => {
    if (!items.length) return;
    const gathered = byTx.get(tx);
    if (gathered) {
      gathered.push(...items);
      return;
    }
    const list = [...items];
    const deferred = beforeCommit(tx, async () => {
      byTx.delete(tx);
      if (list.length) await flush(tx, list);
    });
    if (deferred) byTx.set(tx, list);
    else await flush(tx, list);
  };
  const add = (tx: Queryable, item: T) => all(tx, [item]);
  const flushNow = async (tx: Queryable) => {
    const list = byTx.get(tx);
    if (list?.length) await flush(tx, list.splice(0));
  };
  return Object.assign(add, { all, flushNow });
}

/** Runs the gathered writes, in the order they were handed over; the transaction writes directly again. */
export async function runBeforeCommit(tx: Queryable): Promise<void> {
  const list = flushesByTx.get(tx) ?? [];
  flushesByTx.delete(tx);
  for (const flush of list) await flush();
}

/** Gathers the jobs if this transaction defers its enqueues; false if they must be inserted now. */
export function deferred(tx: Queryable, queue: string, payloads: ReadonlyArray<Record<string, unknown>>): boolean {
  const pending = pendingByTx.get(tx);
  if (!pending) return false;
  const list = pending.get(queue) ?? [];
  list.push(...payloads);
  pending.set(queue, list);
  return true;
}

/** The gathered jobs, by queue in first-use order; the transaction enqueues directly again. */
export function takeDeferred(tx: Queryable): Array<[string, Array<Record<string, unknown>>]> {
  const pending = pendingByTx.get(tx);
  pendingByTx.delete(tx);
  return pending ? [...pending.entries()] : [];
}
