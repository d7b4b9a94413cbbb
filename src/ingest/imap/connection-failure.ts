/**
 * Why a mail-server connection failed, in words a person connecting a mailbox can act on. Pure: reads
 * the properties imapflow, nodemailer and Node's net/tls/dns layers put on their errors and turns them
 * into one AppError. Table-tested in test/unit/ingest/connection-failure.test.ts.
 *
 * Code choice: what the user must fix (unknown host, refused port, TLS mismatch, bad login) is
 * VALIDATION with the field at fault; what may pass by itself (timeouts, resets, flaky DNS) is
 * UPSTREAM and retryable.
 */
import { AppError } from '../../errors.ts';

export type MailProtocol = 'IMAP' | 'SMTP';

export type ConnectionFailureKind = 'dns' | 'dns-temporary' | 'refused' | 'unreachable' | 'tls' | 'auth' | 'timeout' | 'closed' | 'mailbox-missing' | 'other';

/** The parts of an error we look at, gathered from the error and its `cause` chain. */
export interface ErrorFacts {
  codes: string[];
  message: string;
  authenticationFailed: boolean;
  tlsFailed: boolean;
  mailboxMissing: boolean;
  /** SMTP reply code (nodemailer `responseCode`), when the server answered. */
  responseCode: number | null;
}

export interface ServerTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
}

function prop(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

export function errorFacts(err: unknown): ErrorFacts {
  const codes: string[] = [];
  let authenticationFailed = false;
  let tlsFailed = false;
  let mailboxMissing = false;
  let responseCode: number | null = null;
  let message = '';
  const seen = new Set<unknown>();
  // Walk the cause chain (imapflow keeps the socket error in `_err`, Node in `cause`); bounded against cycles.
  for (let e: unknown = err; e !== undefined && e !== null && !seen.has(e) && seen.size < 5; e = prop(e, 'cause') ?? prop(e, '_err')) {
    seen.add(e);
    // nodemailer wraps socket errors as ESOCKET and keeps Node's code in `originalCode`.
    for (const key of ['code', 'originalCode', 'errno', 'syscall']) {
      const v = prop(e, key);
      if (typeof v === 'string' && v) codes.push(v);
    }
    if (prop(e, 'authenticationFailed') === true) authenticationFailed = true;
    if (prop(e, 'tlsFailed') === true) tlsFailed = true;
    if (prop(e, 'mailboxMissing') === true) mailboxMissing = true;
    const rc = prop(e, 'responseCode');
    if (typeof rc === 'number' && responseCode === null) responseCode = rc;
    const m = prop(e, 'message');
    if (!message && typeof m === 'string') message = m;
  }
  if (!message) message = typeof err === 'string' ? err : 'unknown error';
  return { codes, message, authenticationFailed, tlsFailed, mailboxMissing, responseCode };
}

const TLS_MESSAGE = /\b(ssl|tls|certificate|self[- ]signed|wrong version number|handshake|alert)\b/i;

export function classifyConnectionFailure(f: ErrorFacts): ConnectionFailureKind {
  const has = (...codes: string[]) => codes.some((c) => f.codes.includes(c));
  if (f.authenticationFailed || has('EAUTH', 'ENOAUTH') || f.responseCode === 535 || f.responseCode === 534) return 'auth';
  if (f.mailboxMissing) return 'mailbox-missing';
  if (has('ENOTFOUND', 'ENODATA', 'ENONAME')) return 'dns';
  if (has('EAI_AGAIN', 'EDNS')) return /ENOTFOUND|not found/i.test(f.message) ? 'dns' : 'dns-temporary';
  if (has('ECONNREFUSED')) return 'refused';
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN')) return 'unreachable';
  if (f.tlsFailed || has('ETLS', 'ClosedAfterConnectTLS', 'UPGRADE_TIMEOUT') || f.codes.some((c) => /^ERR_(SSL|TLS)_|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(c))) {
    return 'tls';
  }
  // Before the TLS wording check: imapflow's greeting timeout says "Maybe should use TLS?", which is a
  // hint (kept in our message), not a TLS failure.
  if (has('CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ETIMEOUT', 'ETIMEDOUT')) return 'timeout';
  if (TLS_MESSAGE.test(f.message)) return 'tls';
  if (/timed? ?out/i.test(f.message)) return 'timeout';
  if (has('ECONNRESET', 'EPIPE', 'ECONNECTION', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText') || /unexpected close|connection closed/i.test(f.message)) return 'closed';
  return 'other';
}

function defaultPorts(protocol: MailProtocol): string {
  return protocol === 'IMAP' ? '993 with TLS or 143 without' : '465 with TLS or 587 with STARTTLS';
}

/**
 * Failures where nothing useful answered: refused (closed port), unreachable, no answer in time
 * (filtered port, or a port that accepts but never greets), closed at once, anything unrecognised.
 * They get one message, one field and one status, and the connection test reports them only once its
 * connect deadline has passed (src/ingest/imap/adapters/connection-test.ts), so the answer does not
 * tell a closed port from a filtered or an open one.
 */
export const UNREACHABLE_KINDS: ReadonlySet<ConnectionFailureKind> = new Set(['refused', 'unreachable', 'timeout', 'closed', 'other']);

function tlsHintOf(protocol: MailProtocol, secure: boolean): string {
  return secure
    ? `"secure" is on, so TLS is expected from the first byte; port ${protocol === 'IMAP' ? '143' : '587'} usually wants it off`
    : `"secure" is off; a TLS-only port such as ${protocol === 'IMAP' ? '993' : '465'} wants it on`;
}

function unreachableError(protocol: MailProtocol, target: ServerTarget, err: unknown, timeoutMs: number): AppError {
  return new AppError(
    'VALIDATION',
    `${protocol} server ${target.host}:${target.port} did not answer within ${Math.round(timeoutMs / 1000)} s, or refused the connection. ` +
      `Check the host and the port (usually ${defaultPorts(protocol)}); if they are right, check the TLS setting: ${tlsHintOf(protocol, target.secure)}.`,
    { field: `${protocol.toLowerCase()}.port`, retryable: false, cause: err },
  );
}

/** The AppError for a failed connection; `field` is prefixed with the protocol's config key (imap./smtp.). */
export function connectionFailureError(protocol: MailProtocol, target: ServerTarget, err: unknown, timeoutMs: number): AppError {
  const facts = errorFacts(err);
  const kind = classifyConnectionFailure(facts);
  const key = protocol.toLowerCase();
  const where = `${target.host}:${target.port}`;
  const tlsHint = tlsHintOf(protocol, target.secure);
  const opts = (field: string | undefined, retryable: boolean) => ({ field: field === undefined ? undefined : `${key}.${field}`, retryable, cause: err });
  switch (kind) {
    case 'dns':
      return new AppError('VALIDATION', `${protocol} server "${target.host}" could not be found (DNS lookup failed): check the host name.`, opts('host', false));
    case 'dns-temporary':
      return new AppError('UPSTREAM', `${protocol} server "${target.host}" could not be resolved right now (temporary DNS failure); try again.`, opts('host', true));
    case 'refused':
    case 'unreachable':
    case 'timeout':
    case 'closed':
    case 'other':
      return unreachableError(protocol, target, err, timeoutMs);
    case 'tls':
      return new AppError('VALIDATION', `${protocol} TLS handshake with ${where} failed (${facts.message}). Check the TLS setting: ${tlsHint}.`, opts('secure', false));
    case 'auth':
      return new AppError('VALIDATION', `${protocol} login as "${target.user}" at ${where} was rejected: check the user name and password (some providers need an app password).`, opts('password', false));
    case 'mailbox-missing':
      return new AppError('VALIDATION', `${protocol} folder does not exist on ${where} (${facts.message}): check the folder names.`, opts('folders', false));
  }
}
