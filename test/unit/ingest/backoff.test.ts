import { describe, it, expect } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../src/ingest/imap/backoff.ts';

const policy: BackoffPolicy = { baseMs: 100, maxMs: 1_000, factor: 2 };

describe('backoffDelay', () => {
  const table: Array<[number, number, number]> = [
    // attempt, random, expected
    [1, 0, 50],
    [1, 0.999999, 100],
    [1, 0.5, 75],
    [2, 0, 100],
    [2, 1, 200],
    [3, 0.5, 300],
    [4, 1, 800],
    [5, 0, 500], // capped at 1000: [500, 1000]
    [5, 1, 1_000],
    [50, 0.5, 750],
    [1e9, 1, 1_000], // huge attempt counts stay finite and capped
    [0, 1, 100], // attempt < 1 is treated as 1
    [2, -3, 100], // out-of-range random is clamped
    [2, 7, 200],
  ];
  it.each(table)('attempt %d, random %d → %d ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, random, policy)).toBe(expected);
  });

  it('grows monotonically until the cap, for a fixed draw', () => {
    const delays = Array.from({ length: 20 }, (_, i) => backoffDelay(i + 1, 0.3, policy));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(policy.maxMs);
  });

  it('has sane defaults: first retry about a second, never above five minutes', () => {
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(100, 1)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});
