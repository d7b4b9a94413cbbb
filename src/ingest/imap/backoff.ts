/**
 * Reconnect delay: capped exponential backoff with "equal jitter" — half the delay is fixed so a
 * reconnect never fires instantly, the other half random so a fleet of pollers that lost the same
 * server does not reconnect in lockstep. Pure: the random draw is passed in.
 */
export interface BackoffPolicy {
  /** Delay cap for attempt 1, in ms. */
  baseMs: number;
  /** No delay ever exceeds this, in ms. */
  maxMs: number;
  /** Growth per attempt (2 doubles). */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, factor: 2 };

/**
 * @param attempt 1 for the first retry after a failure, 2 for the next, ...
 * @param random a draw from [0, 1)
 * @returns the delay in whole milliseconds, within [cap/2, cap] where cap = min(maxMs, baseMs * factor^(attempt-1))
 */
export function backoffDelay(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt));
  const r = Math.min(Math.max(random, 0), 1);
  // Cap the exponent before exponentiating so a huge attempt count cannot overflow to Infinity.
  const growth = Math.min(n - 1, 64);
  const cap = Math.min(policy.maxMs, policy.baseMs * policy.factor ** growth);
  const half = cap / 2;
  return Math.round(half + r * half);
}
