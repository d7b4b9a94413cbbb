/**
 * Which IP addresses a user-supplied host may not point at: loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and unspecified ranges, also when written in one of IPv6's
 * forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`). Pure; table-tested in test/unit/net/private-address.test.ts.
 */
import { isIPv4, isIPv6 } from 'node:net';

type Range = readonly [prefix: readonly number[], bits: number];

const V4_REFUSED: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local (cloud metadata lives here)
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, and 255.255.255.255
];

const V6_REFUSED: readonly Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128], // ::
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128], // ::1
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64], // 100::/64 discard
  [[0xfc], 7], // unique-local fc00::/7
  [[0xfe, 0x80], 10], // link-local fe80::/10
  [[0xfe, 0xc0], 10], // site-local fec0::/10 (deprecated)
  [[0xff], 8], // multicast
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(s: string): number[] {
  return s.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (validated by isIPv6 first; a trailing dotted IPv4 allowed). */
function v6Bytes(s: string): number[] {
  let tail: number[] = [];
  let text = s;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail = v4Bytes(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + '0:0';
  }
  const [head = '', rest] = text.split('::') as [string, string | undefined];
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const all = rest === undefined ? h : [...h, ...Array<number>(8 - h.length - r.length).fill(0), ...r];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

const startsWith = (bytes: readonly number[], prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** True when the address must not be a target: not an IP at all counts as refused. */
export function isPrivateAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(a)) {
    const b = v4Bytes(a);
    return V4_REFUSED.some((r) => inRange(b, r));
  }
  if (!isIPv6(a)) return true;
  const b = v6Bytes(a.toLowerCase());
  if (V6_REFUSED.some((r) => inRange(b, r))) return true;
  const zeros10 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  // IPv4 carried in IPv6: mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16
  if (startsWith(b, [...zeros10, 0xff, 0xff]) || startsWith(b, [...zeros10, 0, 0]) || startsWith(b, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) {
    return isPrivateAddress(b.slice(12).join('.'));
  }
  if (startsWith(b, [0x20, 0x02])) return isPrivateAddress(b.slice(2, 6).join('.'));
  return false;
}
