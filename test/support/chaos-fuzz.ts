/**
 * A small seeded generator of hostile HTTP inputs for the fuzz suite: a seed reproduces a run exactly.
 * Values cover wrong types, huge and deeply nested structures, odd unicode (lone surrogates, NUL, RTL
 * overrides, zero-width and combining marks), SQL and header injection attempts.
 */
import { connect } from 'node:net';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to spread inputs; the same seed gives the same run. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '\u202eevil.example',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301\u0301\u0301\u0301',
  '𝕬𝖇𝖈 😀 👩‍👩‍👧‍👦',
  'مرحبا بالعالم',
  '\u0001\u0002\u001f\u007f',
  '\r\nX-Injected: yes\r\n\r\n',
  "'; drop table accounts; --",
  "' or '1'='1",
  '1; select pg_sleep(5)',
  '$1',
  '%00',
  '%E0%A4%A',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${process.env}',
  '\\u0000',
  'NaN',
  '-0',
  '1e309',
  'acct_',
  'acct_' + 'a'.repeat(65),
  'ws_x',
  'rel_abc',
  'ed@blog.example',
  'not-an-email@',
  '2026-13-45T99:99:99Z',
  'https://' + 'a'.repeat(300) + '.example',
  '💩'.repeat(5_000),
  'A'.repeat(120_000),
];

export const ODD_NUMBERS: readonly number[] = [0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MIN_VALUE, 0.1 + 0.2, 100.001];

export function oddString(r: Rng): string {
  if (r() < 0.7) return pick(r, ODD_STRINGS);
  // a random mix of code units, surrogates included
  const n = 1 + int(r, 40);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, r() < 0.5 ? 0x80 : 0x10000));
  return s;
}

export function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Deep nesting as JSON text (JSON.stringify itself would overflow the stack). */
export function nestedText(depth: number, asArray: boolean): string {
  return asArray ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Any JSON-ish value, leaning towards the awkward. */
export function oddValue(r: Rng, depth = 0): unknown {
  const k = int(r, depth > 2 ? 7 : 10);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, ODD_NUMBERS);
    case 3:
    case 4:
    case 5:
      return oddString(r);
    case 6:
      return int(r, 1000) - 500;
    case 7:
      return Array.from({ length: int(r, 4) }, () => oddValue(r, depth + 1));
    case 8:
      return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [oddString(r).slice(0, 40), oddValue(r, depth + 1)]));
    default:
      return nested(pick(r, [50, 200, 800]), oddString(r), r() < 0.5);
  }
}

/** Syntactically broken or surprising JSON texts. */
export const BROKEN_JSON: readonly string[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '[1,2,',
  'null',
  'true',
  '42',
  '"just a string"',
  '',
  '\ufeff{"a":1}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"a":1}{"b":2}',
  '{"a":"' + '\\'.repeat(3) + '"}',
  '{"a":1e999999}',
  '{"a":' + '['.repeat(20_000) + ']'.repeat(20_000) + '}',
  '[' + '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000) + ']',
];

export const CONTENT_TYPES: readonly string[] = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/vnd.api+json',
  '*/*',
  'application/json\u0000',
  '',
];

/**
 * One raw HTTP/1.1 exchange over a socket, for what fetch refuses to send (CR/LF in header values,
 * oversized headers, lying Content-Length). Returns the status code, or 0 when the server closed the
 * connection without answering.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    let buf = '';
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(status);
    };
    sock.setTimeout(timeoutMs, () => finish(-1));
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf);
      if (m) finish(Number(m[1]));
    });
    sock.on('error', () => finish(0));
    sock.on('close', () => finish(0));
    // write, not end: a half-closed connection may rightly be dropped before the answer
    sock.on('connect', () => sock.write(request));
  });
}

/** Percent-encodes any string, lone surrogates included (they go out as U+FFFD's bytes). */
export function enc(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
