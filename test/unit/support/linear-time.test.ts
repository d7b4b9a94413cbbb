/** The linearity check the hostile-input tests rely on can fail: a quadratic cost does, a linear one does not. */
import { describe, expect, it } from 'vitest';
import { expectLinear } from '../../support/linear-time.ts';

/** Holds the thread for `ms` of wall time: a cost that does not depend on how busy the machine is. */
const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* spin */ }
};

describe('expectLinear', () => {
  const quarter = 'x'.repeat(250);
  const full = 'x'.repeat(1000);
  it('passes a cost that grows with the text', () => {
    expectLinear((t) => busy(t.length / 10), quarter, full, 'linear');
  });
  it('fails a cost that grows with the square of the text', () => {
    expect(() => expectLinear((t) => busy((t.length / 250) ** 2 * 100), quarter, full, 'quadratic')).toThrow(/quadratic: \d+ ms at full size/);
  });
});
