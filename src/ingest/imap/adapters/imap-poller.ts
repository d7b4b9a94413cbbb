/**
 * One poller per mailbox. While it holds the mailbox lease it keeps an IMAP connection open on the inbox
 * (read-only, so it never marks anything \Seen), syncs, then waits in IDLE for new mail with a periodic
 * poll as a safety net. Every batch is committed with the cursor that covers it, so a crash or dropped
 * connection at any point resumes from the last committed batch: nothing lost, nothing twice.
 *
 *   run loop:   acquire lease ─► session ─► (error) backoff ─► session ─► ... ─► stop: logout, release
 *   session:    connect ─► [lock inbox ─► STATUS ─► plan ─► fetch+parse+commit batches ─► unlock] ─► IDLE/poll ─► repeat
 */
import type { ImapFlow } from 'imapflow';
import { AppError, isAppError } from '../../../errors.ts';
import { pinMailServer, type HostPolicy } from '../../../net/mail-target.ts';
import { parseOffThread } from '../../parse/parse-thread.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../backoff.ts';
import { connectionFailureError } from '../connection-failure.ts';
import { LeaseKeeper } from '../lease-keeper.ts';
import { silentLogger, type MailboxLease, type MailboxSyncStore, type PollerLogger } from '../ports.ts';
import type { PollerEvent, PollerState } from '../poller-events.ts';
import type { InitialSync } from '../sync-plan.ts';
import type { MailboxConfig } from '../types.ts';
import { WakeSignal } from '../wake-signal.ts';
import { backfillMailbox, type BackfillOptions, type BackfillResult } from './imap-backfill.ts';
import { closeImapClient, createImapClient } from './imap-client.ts';
import type { ParseFn } from './fetch-parsed.ts';
import { syncInbox } from './inbox-sync.ts';

export interface ImapPollerOptions {
  mailbox: MailboxConfig;
  store: MailboxSyncStore;
  lease: MailboxLease;
  /** Unique per process (and per poller instance), e.g. `${hostname}:${pid}:${randomUUID()}`. */
  holderId: string;
  parse?: ParseFn;
  /** Messages per FETCH and per commit. */
  batchSize?: number;
  /** Above this size a message is streamed into the parser instead of buffered. */
  largeMessageBytes?: number;
  /** Sync even without an IDLE notification this often (IDLE can silently die behind NATs). */
  pollIntervalMs?: number;
  leaseTtlMs?: number;
  /** How often a poller that does not hold the lease checks whether it became free. */
  leaseRetryMs?: number;
  backoff?: BackoffPolicy;
  /** First sync of a mailbox with no cursor: import what is there ('all') or start at new mail ('new-only'). */
  initialSync?: InitialSync;
  connectTimeoutMs?: number;
  /**
   * ALLOW_PRIVATE_HOSTS, and how the IMAP host is resolved: each connection goes to the address the
   * host resolved to when it was checked, never to the name (src/net/mail-target.ts).
   */
  hosts?: HostPolicy;
  /** stop() waits this long for the current batch to commit before cutting the connection. */
  stopTimeoutMs?: number;
  /** Draws in [0, 1) for backoff jitter. */
  random?: () => number;
  logger?: PollerLogger;
  /** Lifecycle events, for metrics and tests. Must not throw. */
  onEvent?: (event: PollerEvent) => void;
}

export type { PollerEvent, PollerState } from '../poller-events.ts';

const DEFAULTS = {
  batchSize: 100,
  largeMessageBytes: 2 * 1024 * 1024,
  pollIntervalMs: 60_000,
  leaseTtlMs: 60_000,
  leaseRetryMs: 15_000,
  initialSync: 'new-only' as InitialSync,
  connectTimeoutMs: 15_000,
  stopTimeoutMs: 10_000,
  hosts: { allowPrivateHosts: false } as HostPolicy,
};

export class ImapPoller {
  private readonly o: ImapPollerOptions & typeof DEFAULTS;
  private readonly log: PollerLogger;
  private readonly parse: ParseFn;
  private readonly wake = new WakeSignal();
  /** Interrupts backoff and lease-retry sleeps; only stop() notifies it. */
  private readonly stopSignal = new WakeSignal();
  private readonly keeper: LeaseKeeper;
  private running: Promise<void> | null = null;
  private stopping = false;
  private leaseHeld = false;
  private client: ImapFlow | null = null;
  private failures = 0;
  private _state: PollerState = 'idle';

  constructor(options: ImapPollerOptions) {
    // Explicitly undefined options fall back to the defaults too (a plain spread would keep the undefined).
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ImapPollerOptions;
    this.o = { ...DEFAULTS, ...given };
    this.log = options.logger ?? silentLogger;
    this.parse = options.parse ?? parseOffThread;
    this.keeper = new LeaseKeeper({
      lease: this.o.lease,
      mailboxId: this.o.mailbox.id,
      holderId: this.o.holderId,
      ttlMs: this.o.leaseTtlMs,
      logger: this.log,
      onLost: () => this.onLeaseLost(),
    });
  }

  get state(): PollerState {
    return this._state;
  }

  get mailboxId(): string {
    return this.o.mailbox.id;
  }

  /** Starts polling in the background. Errors never escape: they are logged, recorded and retried. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.stopSignal.clear();
    this.running = this.run().catch((e: unknown) => {
      this.log.error({ mailboxId: this.mailboxId, err: (e as Error).message }, 'imap poller crashed');
    });
  }

  /** Asks for a sync now (e.g. after the API connected the mailbox). */
  syncNow(): void {
    this.wake.notify();
  }

  /**
   * Graceful shutdown: lets the batch in flight commit, logs out, releases the lease. After
   * `stopTimeoutMs` the connection is cut; an uncommitted batch is simply fetched again next time.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this._state = 'stopping';
    this.wake.notify();
    this.stopSignal.notify();
    const force = setTimeout(() => this.client?.close(), this.o.stopTimeoutMs);
    try {
      await this.running;
    } finally {
      clearTimeout(force);
      this.running = null;
    }
  }

  /** Imports history since a date on a separate connection (CLI `backfill`); safe while the poller runs. */
  backfill(opts: Omit<BackfillOptions, 'parse'>): Promise<BackfillResult> {
    return backfillMailbox(this.o.mailbox, this.o.store, {
      batchSize: this.o.batchSize,
      largeMessageBytes: this.o.largeMessageBytes,
      connectTimeoutMs: this.o.connectTimeoutMs,
      hosts: this.o.hosts,
      ...opts,
      parse: this.parse,
    });
  }

  private emit(event: PollerEvent): void {
    try {
      this.o.onEvent?.(event);
    } catch {
      // an observer must not break the poller
    }
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping) {
        if (!this.leaseHeld && !(await this.acquireLease())) {
          this._state = 'waiting-for-lease';
          await this.stopSignal.wait(this.o.leaseRetryMs);
          continue;
        }
        try {
          await this.session();
        } catch (e) {
          if (this.stopping) break;
          const error = this.toAppError(e);
          this.emit({ type: 'disconnected', error });
          // The store's commit fence answers CONFLICT when another holder took the lease over.
          if (error.code === 'CONFLICT') this.onLeaseLost();
          if (!this.leaseHeld) continue; // lease lost: not a server failure, go back to acquiring
          await this.recordError(error);
          this.failures++;
          const delayMs = backoffDelay(this.failures, (this.o.random ?? Math.random)(), this.o.backoff ?? DEFAULT_BACKOFF);
          this.log.warn({ mailboxId: this.mailboxId, err: error.message, code: error.code, attempt: this.failures, delayMs }, 'imap session failed; reconnecting');
          this.emit({ type: 'reconnect-scheduled', attempt: this.failures, delayMs });
          this._state = 'backing-off';
          await this.stopSignal.wait(delayMs);
        }
      }
    } finally {
      this.keeper.stop();
      if (this.leaseHeld) {
        this.leaseHeld = false;
        await this.o.lease.release(this.mailboxId, this.o.holderId).catch((e: unknown) => {
          this.log.warn({ mailboxId: this.mailboxId, err: (e as Error).message }, 'mailbox lease release failed; it will expire');
        });
      }
      this._state = 'stopped';
      this.emit({ type: 'stopped' });
    }
  }

  private async acquireLease(): Promise<boolean> {
    let got = false;
    try {
      got = await this.o.lease.tryAcquire(this.mailboxId, this.o.holderId, this.o.leaseTtlMs);
    } catch (e) {
      this.log.warn({ mailboxId: this.mailboxId, err: (e as Error).message }, 'mailbox lease acquire failed');
    }
    if (!got) {
      if (this._state !== 'waiting-for-lease') this.emit({ type: 'lease-busy' });
      return false;
    }
    this.leaseHeld = true;
    this.keeper.start();
    this.log.info({ mailboxId: this.mailboxId, holderId: this.o.holderId }, 'mailbox lease acquired');
    this.emit({ type: 'lease-acquired' });
    return true;
  }

  private onLeaseLost(): void {
    if (!this.leaseHeld) return;
    this.leaseHeld = false;
    this.keeper.stop();
    this.emit({ type: 'lease-lost' });
    // Stop touching the mailbox at once; the commit fence rejects anything still in flight.
    this.client?.close();
    this.wake.notify();
  }

  /** One connection's life. Returns when stopping or the lease is lost; throws when the connection fails. */
  private async session(): Promise<void> {
    this._state = 'connecting';
    const target = await pinMailServer('IMAP', this.o.mailbox.imap, this.o.hosts);
    const client = createImapClient(target.server, { connectTimeoutMs: this.o.connectTimeoutMs, servername: target.servername });
    this.client = client;
    let lastError: Error | null = null;
    // imapflow emits 'error' at most once per connection and closes it; without a listener Node would throw.
    client.on('error', (err: Error) => {
      lastError = err;
      this.wake.notify();
    });
    client.on('exists', () => this.wake.notify());
    client.on('close', () => this.wake.notify());
    this.wake.clear();
    try {
      await client.connect();
      this.emit({ type: 'connected' });
      this.log.info({ mailboxId: this.mailboxId }, 'imap connected');
      while (!this.stopping && this.leaseHeld) {
        this._state = 'syncing';
        await syncInbox(client, {
          mailbox: this.o.mailbox,
          store: this.o.store,
          holderId: this.o.holderId,
          initialSync: this.o.initialSync,
          batchSize: this.o.batchSize,
          largeMessageBytes: this.o.largeMessageBytes,
          parse: this.parse,
          logger: this.log,
          emit: (e) => this.emit(e),
          keepGoing: () => this.leaseHeld && !this.stopping,
        });
        this.failures = 0;
        await this.o.store.recordSuccess?.(this.mailboxId).catch(() => undefined);
        if (this.stopping || !this.leaseHeld) break;
        this._state = 'listening';
        // imapflow enters IDLE by itself once the connection is quiet; EXISTS wakes us, or the poll timer.
        await this.wake.wait(this.o.pollIntervalMs);
        if (!client.usable && !this.stopping && this.leaseHeld) {
          throw lastError ?? new AppError('UPSTREAM', 'IMAP server closed the connection', { retryable: true });
        }
      }
    } finally {
      this.client = null;
      await closeImapClient(client);
    }
  }

  private toAppError(e: unknown): AppError {
    if (isAppError(e)) return e;
    const { host, port, secure, user } = this.o.mailbox.imap;
    return connectionFailureError('IMAP', { host, port, secure, user }, e, this.o.connectTimeoutMs);
  }

  private async recordError(error: AppError): Promise<void> {
    try {
      await this.o.store.recordError?.(this.mailboxId, error.message);
    } catch {
      // recording is best effort
    }
  }
}
