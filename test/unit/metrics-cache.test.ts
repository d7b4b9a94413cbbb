import { describe, expect, it } from 'vitest';
import { cachedRefresh } from '../../src/metrics-cache.ts';

function counter(fail: () => boolean = () => false) {
  let calls = 0;
  let release: () => void = () => {};
  let gate: Promise<void> | null = null;
  return {
    get calls() {
      return calls;
    },
    hold() {
      gate = new Promise<void>((r) => (release = r));
    },
    release: () => release(),
    refresh: async () => {
      calls++;
      if (gate) await gate;
      if (fail()) throw new Error('database down');
    },
  };
}

describe('cachedRefresh: database gauges refreshed at most once per interval', () => {
  it.each([
    // scrape times (ms) → how many refreshes hit the database, with a 5 s maximum age
    { scrapes: [0], refreshes: 1 },
    { scrapes: [0, 1, 2, 4_999], refreshes: 1 },
    { scrapes: [0, 5_000], refreshes: 2 },
    { scrapes: [0, 1_000, 6_000, 6_500, 11_000], refreshes: 3 },
  ])('scrapes at $scrapes → $refreshes refreshes', async ({ scrapes, refreshes }) => {
    let now = 0;
    const c = counter();
    const collect = cachedRefresh(c.refresh, { maxAgeMs: 5_000, now: () => now });
    for (const at of scrapes) {
      now = at;
      await collect();
    }
    expect(c.calls).toBe(refreshes);
  });

  it('concurrent scrapes share one refresh', async () => {
    const c = counter();
    c.hold();
    const collect = cachedRefresh(c.refresh, { maxAgeMs: 5_000, now: () => 0 });
    const all = Promise.all(Array.from({ length: 20 }, () => collect()));
    c.release();
    await all;
    expect(c.calls).toBe(1);
  });

  it('a failed refresh is reported and not cached: the next scrape tries again', async () => {
    let failing = true;
    const c = counter(() => failing);
    const collect = cachedRefresh(c.refresh, { maxAgeMs: 5_000, now: () => 0 });
    await expect(collect()).rejects.toThrow('database down');
    failing = false;
    await collect();
    await collect();
    expect(c.calls).toBe(2);
  });
});
