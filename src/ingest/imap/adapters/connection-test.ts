/**
 * Checks mailbox credentials before a mailbox is saved (POST /v1/mailboxes): log in over IMAP (and check
 * the inbox folder exists), and connect + authenticate over SMTP. Resolves when they work; otherwise
 * throws one AppError whose message names what failed (DNS, refused, TLS, login, timeout) and whose
 * `field` points at the setting to fix (see connection-failure.ts).
 */
import { createTransport } from 'nodemailer';
import { AppError, isAppError } from '../../../errors.ts';
import { connectionFailureError, type MailProtocol } from '../connection-failure.ts';
import type { MailServerConfig } from '../types.ts';
import { closeImapClient, createImapClient } from './imap-client.ts';

export interface ConnectionTestOptions {
  /** Per phase (connect, greeting) and overall budget; the whole test never takes much longer. */
  timeoutMs?: number;
}

export interface ImapConnectionTestOptions extends ConnectionTestOptions {
  /** When set, the folder must exist (e.g. the configured inbox). */
  folder?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Runs `work` with a hard deadline; on expiry calls `abort` and rejects with a timeout-shaped error. */
async function withDeadline<T>(work: Promise<T>, ms: number, abort: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function toError(protocol: MailProtocol, cfg: MailServerConfig, e: unknown, timeoutMs: number): AppError {
  if (isAppError(e)) return e;
  return connectionFailureError(protocol, { host: cfg.host, port: cfg.port, secure: cfg.secure, user: cfg.user }, e, timeoutMs);
}

export async function testImapConnection(cfg: MailServerConfig, opts: ImapConnectionTestOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = createImapClient(cfg, { connectTimeoutMs: timeoutMs });
  client.on('error', () => {
    // connect() rejects with the same error; the listener only keeps Node from throwing it again
  });
  const work = async () => {
    await client.connect();
    if (opts.folder !== undefined) {
      const st = await client.status(opts.folder, { messages: true }).catch((e: unknown) => {
        throw Object.assign(new Error(`folder "${opts.folder}" not found`), { mailboxMissing: true, cause: e });
      });
      if (!st) throw Object.assign(new Error(`folder "${opts.folder}" not found`), { mailboxMissing: true });
    }
  };
  try {
    // Leave room for the connect and greeting phases to report their own, more precise, timeouts.
    await withDeadline(work(), timeoutMs * 2 + 1_000, () => client.close());
  } catch (e) {
    throw toError('IMAP', cfg, e, timeoutMs);
  } finally {
    await closeImapClient(client, 1_000);
  }
}

export async function testSmtpConnection(cfg: MailServerConfig, opts: ConnectionTestOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: { user: cfg.user, pass: cfg.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  try {
    await withDeadline(transport.verify(), timeoutMs * 2 + 1_000, () => transport.close());
  } catch (e) {
    throw toError('SMTP', cfg, e, timeoutMs);
  } finally {
    transport.close();
  }
}
