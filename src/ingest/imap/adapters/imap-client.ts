/**
 * Builds imapflow clients the same way for the poller, the backfill and the connection test, and closes
 * them without ever throwing.
 */
import { ImapFlow } from 'imapflow';
import type { MailServerConfig } from '../types.ts';

export interface ImapClientOptions {
  /** Budget for DNS + TCP + TLS, and again for the server greeting. */
  connectTimeoutMs: number;
  /** Only check that we can log in, then log out (imapflow `verifyOnly`). */
  verifyOnly?: boolean;
  /**
   * How long the connection must be quiet before imapflow enters IDLE on the selected mailbox.
   * Short, because waiting for new mail is all a poller does between syncs.
   */
  autoIdleDelayMs?: number;
  /**
   * The name TLS sends and verifies when `server.host` is an address we resolved and checked ourselves
   * (src/net/pinned-host.ts): the connection goes to that address, the certificate must fit the name.
   */
  servername?: string | undefined;
}

export function createImapClient(server: MailServerConfig, opts: ImapClientOptions): ImapFlow {
  return new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.secure,
    ...(opts.servername ? { servername: opts.servername } : {}),
    auth: { user: server.user, pass: server.password },
    // The poller logs what matters through its own logger; imapflow's per-command logs are noise.
    logger: false,
    connectionTimeout: opts.connectTimeoutMs,
    greetingTimeout: opts.connectTimeoutMs,
    verifyOnly: opts.verifyOnly ?? false,
    autoIdleDelay: opts.autoIdleDelayMs ?? 1_000,
    // Restart IDLE every 25 minutes: RFC 9051 lets servers drop an idle session after 30.
    maxIdleTime: 25 * 60_000,
    // Identify ourselves in the server's logs.
    clientInfo: { name: 'linkbuilding-inbound-agent' },
  });
}

/** LOGOUT politely when the connection still works, then make sure the socket is gone. */
export async function closeImapClient(client: ImapFlow, graceMs = 2_000): Promise<void> {
  if (client.usable) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }
  try {
    client.close();
  } catch {
    // already closed
  }
}
