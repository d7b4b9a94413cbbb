/**
 * Keeps a mailbox lease alive while a poller runs: renews it every third of its TTL and reports it lost
 * when the store says someone else holds it, or when renewals have failed for a whole TTL (the lease has
 * surely expired by then, so we must assume another process may have taken it).
 */
import type { MailboxLease, PollerLogger } from './ports.ts';

export interface LeaseKeeperOptions {
  lease: MailboxLease;
  mailboxId: string;
  holderId: string;
  ttlMs: number;
  onLost: () => void;
  logger: PollerLogger;
  now?: () => number;
}

export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;
  private lastRenewed = 0;
  private renewing = false;
  private readonly now: () => number;

  constructor(private readonly opts: LeaseKeeperOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Call right after a successful tryAcquire. */
  start(): void {
    this.stop();
    this.lastRenewed = this.now();
    const every = Math.max(50, Math.floor(this.opts.ttlMs / 3));
    this.timer = setInterval(() => void this.renew(), every);
    // A lease timer alone must not keep the process alive after everything else stopped.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
    if (this.renewing || !this.timer) return;
    this.renewing = true;
    const { lease, mailboxId, holderId, ttlMs, logger } = this.opts;
    try {
      const ok = await lease.renew(mailboxId, holderId, ttlMs);
      if (ok) {
        this.lastRenewed = this.now();
        return;
      }
      logger.warn({ mailboxId, holderId }, 'mailbox lease taken over by another holder');
      this.lose();
    } catch (e) {
      logger.warn({ mailboxId, holderId, err: (e as Error).message }, 'mailbox lease renewal failed');
      if (this.now() - this.lastRenewed >= ttlMs) this.lose();
    } finally {
      this.renewing = false;
    }
  }

  private lose(): void {
    if (!this.timer) return;
    this.stop();
    this.opts.onLost();
  }
}
