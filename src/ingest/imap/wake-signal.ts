/**
 * A wake-up flag a loop can sleep on: `wait(ms)` resolves after `ms` or as soon as `notify()` is called,
 * whichever comes first. A notify that arrives while nobody waits is remembered, so a "new mail" event
 * during a sync makes the next wait return at once instead of being lost.
 */
export type WakeReason = 'notified' | 'timeout';

export class WakeSignal {
  private pending = false;
  private waiter: ((reason: WakeReason) => void) | null = null;

  notify(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w('notified');
    } else {
      this.pending = true;
    }
  }

  /** Forgets a remembered notify (e.g. one from a connection that is gone). */
  clear(): void {
    this.pending = false;
  }

  wait(ms: number): Promise<WakeReason> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('notified');
    }
    return new Promise<WakeReason>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve('timeout');
      }, ms);
      this.waiter = (reason) => {
        clearTimeout(timer);
        resolve(reason);
      };
    });
  }
}
