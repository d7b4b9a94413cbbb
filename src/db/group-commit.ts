/**
 * Group commit: concurrent callers' work is gathered for a few milliseconds and committed in one
 * transaction, so a burst of webhooks costs one fsync instead of one each. Every caller still gets
 * its own result only after the commit is durable. If the shared transaction fails, each item is
 * retried alone, so one bad item cannot fail its neighbours.
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

  private async commit(batch: Pending<T, R>[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.withRetry(() =>
          this.db.transaction((tx) => this.work(tx, batch.map((p) => p.item))),
        );
        batch.forEach((p, i) => p.resolve(results[i]!));
        return;
      } catch {
        // fall through: retry one by one so only the failing item fails
      }
    }
    for (const p of batch) {
      try {
        const [result] = await this.withRetry(() => this.db.transaction((tx) => this.work(tx, [p.item])));
        p.resolve(result!);
      } catch (e) {
        p.reject(e);
      }
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
