/**
 * Keeps one running poller per connected mailbox in this process: `reconcile(list)` starts pollers for
 * new mailboxes, stops those of deleted ones, and restarts those whose connection settings changed
 * (new password, host, folders). Every process runs one; the mailbox lease decides which process
 * actually connects. Calls are serialised so overlapping reconciles cannot start a poller twice.
 */
import type { MailboxConfig } from './types.ts';

export interface ManagedPoller {
  start(): void;
  stop(): Promise<void>;
}

export interface ReconcileResult {
  started: string[];
  stopped: string[];
  restarted: string[];
}

function fingerprint(m: MailboxConfig): string {
  return JSON.stringify([m.address, m.imap.host, m.imap.port, m.imap.secure, m.imap.user, m.imap.password, m.folders.inbox, m.folders.sent]);
}

export class PollerSupervisor<P extends ManagedPoller> {
  private readonly running = new Map<string, { poller: P; fingerprint: string }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly create: (mailbox: MailboxConfig) => P) {}

  get(mailboxId: string): P | undefined {
    return this.running.get(mailboxId)?.poller;
  }

  ids(): string[] {
    return [...this.running.keys()].sort();
  }

  reconcile(mailboxes: readonly MailboxConfig[]): Promise<ReconcileResult> {
    return this.serialised(async () => {
      const wanted = new Map(mailboxes.map((m) => [m.id, m]));
      const result: ReconcileResult = { started: [], stopped: [], restarted: [] };
      const stops: Array<Promise<void>> = [];
      for (const [id, entry] of this.running) {
        const next = wanted.get(id);
        if (next && fingerprint(next) === entry.fingerprint) continue;
        this.running.delete(id);
        stops.push(entry.poller.stop());
        (next ? result.restarted : result.stopped).push(id);
      }
      // Stop before starting again so the restarted poller does not wait a lease period for its old self.
      await Promise.all(stops);
      for (const [id, m] of wanted) {
        if (this.running.has(id)) continue;
        const poller = this.create(m);
        this.running.set(id, { poller, fingerprint: fingerprint(m) });
        poller.start();
        if (!result.restarted.includes(id)) result.started.push(id);
      }
      return result;
    });
  }

  /** Graceful shutdown of every poller (SIGTERM). */
  stopAll(): Promise<void> {
    return this.serialised(async () => {
      const all = [...this.running.values()].map((e) => e.poller.stop());
      this.running.clear();
      await Promise.all(all);
    });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
