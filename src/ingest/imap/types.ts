/**
 * Shapes of the IMAP side of ingest: the mailbox configuration the poller runs with and the sync cursor
 * it keeps. The database stores these; the poller only ever sees them through ./ports.ts.
 */

/** One server connection (IMAP or SMTP). `password` is already decrypted by the caller. */
export interface MailServerConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (993 / 465). false: plain, upgraded with STARTTLS when offered. */
  secure: boolean;
  user: string;
  password: string;
}

export interface MailboxFolders {
  inbox: string;
  sent: string;
}

export interface MailboxConfig {
  id: string;
  address: string;
  imap: MailServerConfig;
  folders: MailboxFolders;
  /**
   * When the mailbox was connected. With initialSync 'new-only', mail that arrived before it is history
   * (imported only by backfill), also when a UIDVALIDITY change forces a full resync.
   */
  connectedAt?: Date | null;
}

/**
 * Where the poller got to in one folder. Saved in the same transaction as the messages it covers, so
 * "cursor moved" always means "those messages are stored".
 *
 * `uidValidity` is a 32-bit unsigned integer (fits a JS number and a Postgres bigint).
 * `highestModseq` is a 63-bit value, kept as a decimal string so no layer has to round it.
 */
export interface MailboxCursor {
  uidValidity: number;
  lastUid: number;
  highestModseq: string | null;
}

/** One fetched and parsed message, ready for the store. `uid` is under the cursor's uidValidity. */
export interface FetchedMessage<P> {
  uid: number;
  /** When the server received it (IMAP INTERNALDATE): a better `receivedAt` than the sender's Date header. */
  internalDate: Date | null;
  parsed: P;
}
