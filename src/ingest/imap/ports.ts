/**
 * The effects the IMAP poller needs, as small interfaces. The PostgreSQL implementations live with the
 * database code; tests use the in-memory ones in test/support/imap-fakes.ts.
 */
import type { ParsedEmail } from '../types.ts';
import type { FetchedMessage, MailboxCursor } from './types.ts';

export interface MailboxSyncStore {
  /** The cursor saved by the last committed batch, or null if the mailbox never synced. */
  loadCursor(mailboxId: string): Promise<MailboxCursor | null>;

  /**
   * Stores `items` and saves `cursor` in ONE transaction: either both are durable or neither is.
   *
   * - Dedupe is the store's job: a message whose Message-ID (else rawSha256) is already stored (scope is the
   *   store's choice: inbound_messages dedupes per workspace, so a reply Cc'd to two of its mailboxes is
   *   stored once) is skipped silently (a unique index + ON CONFLICT DO NOTHING, so it is race-safe when a
   *   backfill and the poller insert the same message at once). A UIDVALIDITY change makes the poller
   *   re-read the whole folder and relies on this.
   * - `cursor === null` (backfill) stores the messages and leaves the saved cursor as it is.
   * - `fence.holderId`: when given, the store must check in the same transaction that this holder still
   *   holds the mailbox lease (see MailboxLease) and throw AppError('CONFLICT') without writing if not, so a
   *   poller that stalled past its lease cannot move the cursor under the new holder's feet.
   * - `items` may be empty (to save a cursor only, e.g. the first "new-only" sync).
   *
   * Throw AppError (retryable for connection problems); the poller retries the batch after a backoff.
   */
  commitBatch(
    mailboxId: string,
    items: ReadonlyArray<FetchedMessage<ParsedEmail>>,
    cursor: MailboxCursor | null,
    fence?: { holderId: string },
  ): Promise<void>;

  /** Optional: remember the last sync error for `GET /v1/mailboxes` (sync state). Must not throw. */
  recordError?(mailboxId: string, message: string): Promise<void>;

  /** Optional: clear the last sync error once a sync succeeds. Must not throw. */
  recordSuccess?(mailboxId: string): Promise<void>;
}

/**
 * A time-limited, exclusive claim on a mailbox, so one process polls it however many run.
 * Implementations compare and set atomically (e.g. one UPDATE ... WHERE holder = $2 OR expires_at < now()),
 * using the database clock so hosts with skewed clocks agree.
 */
export interface MailboxLease {
  /** Claims the mailbox for `ttlMs` if nobody else holds an unexpired lease (re-acquiring your own is fine). */
  tryAcquire(mailboxId: string, holderId: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease by `ttlMs` from now; false when `holderId` no longer holds it (it expired and was taken). */
  renew(mailboxId: string, holderId: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holderId` holds it; a no-op otherwise. */
  release(mailboxId: string, holderId: string): Promise<void>;
}

/** The logging subset the poller uses; a pino logger fits. */
export interface PollerLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: PollerLogger = { info() {}, warn() {}, error() {} };
