/**
 * Where to connect for a user-supplied mail server (a mailbox's IMAP or SMTP host): its host resolved
 * once and checked (src/net/pinned-host.ts), replaced by the checked address, with the name TLS must
 * send and verify. Used by every connection to a mailbox's servers — the connection test, the IMAP
 * poller and backfill, the SMTP reply sender and its copy to Sent — so none of them resolves the name a
 * second time after the check (DNS rebinding), and all refuse private targets unless
 * ALLOW_PRIVATE_HOSTS.
 */
import { lookup } from 'node:dns/promises';
import { AppError } from '../errors.ts';
import { pinHost, type Resolver } from './pinned-host.ts';

export interface HostPolicy {
  /** ALLOW_PRIVATE_HOSTS: a host may be, or resolve to, a loopback, private or link-local address. */
  allowPrivateHosts: boolean;
  /** How names are resolved (the system resolver by default; tests inject one). */
  resolve?: Resolver | undefined;
}

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export interface MailTarget<T> {
  /** The settings with `host` replaced by the checked address. */
  server: T;
  /** The name TLS sends and verifies (undefined when the host was an IP literal). */
  servername: string | undefined;
}

/**
 * Resolves `server.host` once and returns what to connect to. Throws a VALIDATION AppError naming
 * `imap.host` / `smtp.host` when the host is, or resolves to, a private address (the message does not
 * say which address), and the resolver's own error when the name does not resolve (callers classify it
 * as the DNS failure it is).
 */
export async function pinMailServer<T extends { host: string }>(protocol: 'IMAP' | 'SMTP', server: T, policy: HostPolicy): Promise<MailTarget<T>> {
  const pinned = await pinHost(server.host, policy.resolve ?? systemResolver, { allowPrivateHosts: policy.allowPrivateHosts });
  if (pinned.ok) return { server: { ...server, host: pinned.address }, servername: pinned.servername };
  if (pinned.reason === 'unresolved') throw pinned.error;
  throw new AppError('VALIDATION', `${protocol} host "${server.host}" is, or resolves to, a loopback, private or link-local address; mail servers must be on the public internet.`, {
    field: `${protocol.toLowerCase()}.host`,
  });
}
