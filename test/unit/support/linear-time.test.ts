/** The linearity measure the hostile-input tests rely on: a quadratic cost goes over its limit, a linear one stays under it. */
import { describe, expect, it } from 'vitest';
import { growth } from '../../support/linear-time.ts';

/** Holds the thread for `ms` of wall time: a cost that does not depend on how busy the machine is. */
const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* spin */ }
};

describe('growth', () => {
  const quarter = 'x'.repeat(250);
  const full = 'x'.repeat(1000);
  it('passes a cost that grows with the text', () => {
    const g = growth((t) => busy(t.length / 10), quarter, full, 'linear');
    expect(g.ms, g.report).toBeLessThan(g.limit);
  });
  it('fails a cost that grows with the square of the text', () => {
    const g = growth((t) => busy((t.length / 250) ** 2 * 100), quarter, full, 'quadratic');
    expect(g.ms).toBeGreaterThanOrEqual(g.limit);
    expect(g.report).toMatch(/^quadratic: \d+ ms at full size, \d+ ms at a quarter$/);
  });
});
