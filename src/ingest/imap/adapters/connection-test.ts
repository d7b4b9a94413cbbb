/**
 * Checks mailbox credentials before a mailbox is saved (POST /v1/mailboxes): log in over IMAP (and check
 * the inbox folder exists), and connect + authenticate over SMTP. Resolves when they work; otherwise
 * throws one AppError whose message names what failed (DNS, refused, TLS, login, timeout) and whose
 * `field` points at the setting to fix (see connection-failure.ts).
 */
import { createTransport } from 'nodemailer';
import { AppError, isAppError } from '../../../errors.ts';
import type { Resolver } from '../../../net/pinned-host.ts';
import { pinMailServer, systemResolver, type MailTarget } from '../../../net/mail-target.ts';
import { UNREACHABLE_KINDS, classifyConnectionFailure, connectionFailureError, errorFacts, type MailProtocol } from '../connection-failure.ts';
import type { MailServerConfig } from '../types.ts';
import { closeImapClient, createImapClient } from './imap-client.ts';

export interface ConnectionTestOptions {
  /** Per phase (connect, greeting) and overall budget; the whole test never takes much longer. */
  timeoutMs?: number;
  /**
   * ALLOW_PRIVATE_HOSTS: let the host resolve to loopback, private, link-local or unique-local
   * addresses (tests, and installs whose mail server is on the local network). Off by default.
   */
  allowPrivateHosts?: boolean;
  /** How host names are resolved (the system resolver by default; tests inject one that rebinds). */
  resolve?: Resolver;
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

/**
 * Resolves the host once and refuses it when it is, or resolves to, an address inside our own
 * networks: every address is checked (a name with one public and one private address is refused),
 * IPv4 and IPv6, IPv4 written inside IPv6 included. The connection then goes to the checked address,
 * never to the name, so a name whose DNS answer changes after the check (rebinding) cannot reach a
 * private address (src/net/mail-target.ts). The message does not say which address, so the test
 * cannot be used to read internal DNS either. A name that does not resolve is reported as the DNS
 * failure it is.
 */
async function pinnedTarget(protocol: MailProtocol, cfg: MailServerConfig, timeoutMs: number, opts: ConnectionTestOptions): Promise<MailTarget<MailServerConfig>> {
  const resolve = opts.resolve ?? systemResolver;
  try {
    return await pinMailServer(protocol, cfg, { allowPrivateHosts: opts.allowPrivateHosts ?? false, resolve: (host) => withDeadline(resolve(host), timeoutMs, () => {}) });
  } catch (e) {
    throw await toError(protocol, cfg, e, timeoutMs, Date.now());
  }
}

/**
 * Turns a failure into its AppError. "Nothing useful answered" failures (refused, filtered, silent)
 * share one message and are reported only once `timeoutMs` has passed since `startedAt`: a refused
 * port answers in milliseconds and a filtered one at the deadline, and without the wait the time of
 * the answer would tell them apart.
 */
async function toError(protocol: MailProtocol, cfg: MailServerConfig, e: unknown, timeoutMs: number, startedAt: number): Promise<AppError> {
  if (isAppError(e)) return e;
  if (UNREACHABLE_KINDS.has(classifyConnectionFailure(errorFacts(e)))) {
    const wait = startedAt + timeoutMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return connectionFailureError(protocol, { host: cfg.host, port: cfg.port, secure: cfg.secure, user: cfg.user }, e, timeoutMs);
}

export async function testImapConnection(cfg: MailServerConfig, opts: ImapConnectionTestOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = await pinnedTarget('IMAP', cfg, timeoutMs, opts);
  const startedAt = Date.now();
  const client = createImapClient(target.server, { connectTimeoutMs: timeoutMs, servername: target.servername });
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
    throw await toError('IMAP', cfg, e, timeoutMs, startedAt);
  } finally {
    await closeImapClient(client, 1_000);
  }
}

export async function testSmtpConnection(cfg: MailServerConfig, opts: ConnectionTestOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = await pinnedTarget('SMTP', cfg, timeoutMs, opts);
  const startedAt = Date.now();
  const transport = createTransport({
    host: target.server.host,
    ...(target.servername ? { servername: target.servername } : {}),
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
    throw await toError('SMTP', cfg, e, timeoutMs, startedAt);
  } finally {
    transport.close();
  }
}
