import { describe, expect, it } from 'vitest';
import { pinHost, type ResolvedAddress, type Resolver } from '../../../src/net/pinned-host.ts';

/** A resolver that gives its answers in turn (a rebinding name) and counts the lookups. */
function rebinding(...answers: Array<readonly ResolvedAddress[] | Error>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (host: string) => {
    calls.push(host);
    const a = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (a instanceof Error) throw a;
    return a;
  };
  return Object.assign(fn, { calls });
}
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe('pinHost: resolve once, check every address, connect to the checked one', () => {
  it.each([
    ['a public name → its address, TLS names the host', 'mail.example.com', [[v4('93.184.216.34')]], false, { ok: true, address: '93.184.216.34', servername: 'mail.example.com' }],
    ['IPv4 preferred among public answers', 'mail.example.com', [[v6('2606:2800:220:1::1'), v4('93.184.216.34')]], false, { ok: true, address: '93.184.216.34', servername: 'mail.example.com' }],
    ['only IPv6 → the IPv6 address', 'mail.example.com', [[v6('2606:2800:220:1::1')]], false, { ok: true, address: '2606:2800:220:1::1', servername: 'mail.example.com' }],
    ['one private answer among public ones → refused', 'mail.example.com', [[v4('93.184.216.34'), v4('10.0.0.5')]], false, { ok: false, reason: 'private' }],
    ['loopback → refused', 'evil.example', [[v4('127.0.0.1')]], false, { ok: false, reason: 'private' }],
    ['IPv4-mapped loopback → refused', 'evil.example', [[v6('::ffff:127.0.0.1')]], false, { ok: false, reason: 'private' }],
    ['cloud metadata → refused', 'evil.example', [[v4('169.254.169.254')]], false, { ok: false, reason: 'private' }],
    ['private allowed (ALLOW_PRIVATE_HOSTS) → still pinned', 'mail.lan', [[v4('192.168.1.10')]], true, { ok: true, address: '192.168.1.10', servername: 'mail.lan' }],
    ['an IP literal → itself, no lookup, no SNI name', '93.184.216.34', [[v4('127.0.0.1')]], false, { ok: true, address: '93.184.216.34', servername: undefined }],
    ['a private IP literal → refused', '[::1]', [[v4('93.184.216.34')]], false, { ok: false, reason: 'private' }],
  ] as const)('%s', async (_what, host, answers, allowPrivateHosts, expected) => {
    const resolve = rebinding(...answers);
    expect(await pinHost(host, resolve, { allowPrivateHosts })).toEqual(expected);
    expect(resolve.calls.length).toBeLessThanOrEqual(1);
  });

  it('a rebinding name (public when checked, loopback afterwards) is resolved once and pinned to the public answer', async () => {
    const resolve = rebinding([v4('93.184.216.34')], [v4('127.0.0.1')]);
    const pinned = await pinHost('rebind.example', resolve, { allowPrivateHosts: false });
    expect(pinned).toEqual({ ok: true, address: '93.184.216.34', servername: 'rebind.example' });
    expect(resolve.calls).toEqual(['rebind.example']);
    // the second answer would have been refused: had the connection resolved again it would have reached it
    expect(await pinHost('rebind.example', resolve, { allowPrivateHosts: false })).toEqual({ ok: false, reason: 'private' });
  });

  it('a name that does not resolve, or resolves to nothing, gives nothing to connect to', async () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' });
    expect(await pinHost('x.invalid', rebinding(err), { allowPrivateHosts: false })).toEqual({ ok: false, reason: 'unresolved', error: err });
    const empty = await pinHost('x.invalid', rebinding([]), { allowPrivateHosts: false });
    expect(empty).toMatchObject({ ok: false, reason: 'unresolved', error: { code: 'ENOTFOUND' } });
  });
});
