import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string comparison. timingSafeEqual throws on different lengths, so lengths are
 * compared first; that leaks only the length, which for hex digests and fixed-size tokens is public.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
