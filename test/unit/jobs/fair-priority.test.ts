import { describe, expect, it } from 'vitest';
import { BACKLOG_COUNT_CAP, fairPriority } from '../../../src/jobs/fair-priority.ts';

describe('fairPriority: smaller backlogs first, on a log scale', () => {
  const cases: Array<[number, number]> = [
    [0, 0],
    [1, -1],
    [2, -2],
    [3, -2],
    [4, -3],
    [7, -3],
    [8, -4],
    [100, -7],
    [20_000, -11],
    [BACKLOG_COUNT_CAP, -11],
    [-5, 0],
  ];
  it.each(cases)('backlog %d → priority %d', (backlog, priority) => {
    expect(fairPriority(backlog)).toBe(priority);
  });
  it('never ranks a bigger backlog ahead of a smaller one', () => {
    for (let n = 0; n < 5_000; n++) expect(fairPriority(n + 1)).toBeLessThanOrEqual(fairPriority(n));
  });
});
