import { createHash, randomBytes, randomFillSync } from 'node:crypto';

export type IdPrefix = 'ag' | 'ws' | 'key' | 'acct' | 'ct' | 'rel' | 'evt' | 'in' | 'apr' | 'mbx' | 'out' | 'snd' | 'asr' | 'scmp';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/**
 * `prefix_` + 48-bit millisecond time + 80 random bits, base32: ids sort by creation time, which
 * keyset pagination relies on, and never collide across processes.
 */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  const buf = Buffer.alloc(16);
  buf.writeUIntBE(nowMs, 0, 6);
  takeRandom(10).copy(buf, 6);
  return `${prefix}_${encode(buf)}`;
}

/**
 * Random bytes for ids, drawn from the CSPRNG 4 KB at a time: one `randomBytes(10)` per id cost more
 * than the rest of the id (a batch insert of 250 messages makes 250 ids). Each byte is handed out once.
 */
const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;
function takeRandom(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/** A secret that is shown once and stored only as a hash. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets (API keys, session and sign-in tokens) are stored and looked up by this hash, never in clear. */
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
