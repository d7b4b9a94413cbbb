/**
 * Group commit: concurrent callers' work is gathered for a few milliseconds and committed in one
 * transaction, so a burst of webhooks costs one fsync instead of one each. Every caller still gets
 * its own result only after the commit is durable. If the shared transaction fails, the batch is
 * split in halves until the bad item is alone, so one bad item fails alone without its neighbours,
 * and without everyone's items falling back to one transaction each. Routes validate every item before
 * it is submitted (NUL characters, nesting, date ranges), so a split is the exception.
 *
 * One batch commits at a time: concurrency comes from batching, and two batches touching the same
 * partners (or carrying the same redelivered webhook) can never deadlock each other. A deadlock or
 * serialization failure against other writers (pipeline workers) is retried a few times.
 */
import { isAppError } from '../errors.ts';
import type { Db, Queryable } from './types.ts';

const RETRIES = 3;

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Longest a caller waits for others to join its batch. */
  maxWaitMs: number;
  maxBatch: number;
}

export class GroupCommitter<T, R> {
  private queue: Pending<T, R>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  /** How many times a failed batch was split to isolate a bad item (for tests and the benchmark). */
  splits = 0;

  constructor(
    private readonly db: Db,
    /** Handles a whole batch in the given transaction, one result per item, in order. */
    private readonly work: (tx: Queryable, items: T[]) => Promise<R[]>,
    private readonly opts: GroupCommitOptions = { maxWaitMs: 2, maxBatch: 200 },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.opts.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.opts.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) return; // the running batch flushes again when it ends
    const batch = this.queue.splice(0, this.opts.maxBatch);
    if (!batch.length) return;
    this.running++;
    void this.commit(batch).finally(() => {
      this.running--;
      if (this.queue.length) this.flush();
    });
  }

  private async withRetry<X>(fn: () => Promise<X>): Promise<X> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const transient = isAppError(e) && e.retryable && /deadlock|serializ|could not serialize/i.test(e.message);
        if (!transient || attempt >= RETRIES) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
      }
    }
  }

  /**
   * Commits a batch; if its transaction fails on a bad item, splits it in halves and commits each,
   * so k bad items among n cost about 2·k·log2(n) extra transactions instead of n, and everyone
   * else's items still commit in large batches. An error that is not about an item (the database
   * unavailable, a deadlock that outlived its retries) fails the whole part at once: splitting would
   * only add load to a database that is already struggling.
   */
  private async commit(part: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.withRetry(() => this.db.transaction((tx) => this.work(tx, part.map((p) => p.item))));
      part.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      if (part.length === 1 || (isAppError(e) && e.retryable)) {
        for (const p of part) p.reject(e);
        return;
      }
      this.splits++;
      const mid = Math.ceil(part.length / 2);
      await this.commit(part.slice(0, mid));
      await this.commit(part.slice(mid));
    }
  }

  /** Resolves once nothing is waiting or committing (for shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length || this.running || this.timer) {
      if (this.timer && !this.running) this.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
