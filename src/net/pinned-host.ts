/**
 * Resolve once, check every address, connect to the checked one. A user-supplied mail host is
 * resolved a single time; when private targets are refused, every address it resolves to must be
 * public, and the connection then goes to that checked address (TLS still names, and verifies, the
 * host: `servername`). Connecting by name instead would resolve it again, and a name whose answer
 * changes between the check and the connection (DNS rebinding: public when checked, 127.0.0.1 when
 * connected) would reach our own network. The name is pinned also when private targets are allowed
 * (ALLOW_PRIVATE_HOSTS): one behaviour everywhere, and what the tests exercise. Pure: the resolver is
 * an argument.
 */
import { isIP } from 'node:net';
import { isPrivateAddress } from './private-address.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** All the addresses of a name (dns.promises.lookup with `all: true` has this shape). */
export type Resolver = (host: string) => Promise<readonly ResolvedAddress[]>;

export type PinnedHost =
  /** Connect to `address`; `servername` is the name TLS sends and verifies (undefined for an IP literal). */
  | { ok: true; address: string; servername: string | undefined }
  | { ok: false; reason: 'private' }
  /** The name did not resolve: nothing to connect to (connecting by name would resolve it again). */
  | { ok: false; reason: 'unresolved'; error: unknown };

export async function pinHost(host: string, resolve: Resolver, opts: { allowPrivateHosts: boolean }): Promise<PinnedHost> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    return !opts.allowPrivateHosts && isPrivateAddress(bare) ? { ok: false, reason: 'private' } : { ok: true, address: bare, servername: undefined };
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await resolve(bare);
  } catch (error) {
    return { ok: false, reason: 'unresolved', error };
  }
  if (!addresses.length) return { ok: false, reason: 'unresolved', error: Object.assign(new Error(`getaddrinfo ENOTFOUND ${bare}`), { code: 'ENOTFOUND', hostname: bare }) };
  if (!opts.allowPrivateHosts && addresses.some((a) => isPrivateAddress(a.address))) return { ok: false, reason: 'private' };
  // One address is connected to (no second lookup, so no per-family fallback): IPv4 first, since a
  // host without an IPv6 route fails an IPv6 address at once, while IPv4 reaches nearly every mail server.
  const chosen = addresses.find((a) => a.family === 4) ?? addresses[0]!;
  return { ok: true, address: chosen.address, servername: bare };
}
