import { describe, expect, it } from 'vitest';
import { watchParent } from '../../src/parent-watch.ts';
import { waitFor } from '../support/wait-for.ts';

describe('watchParent: the service stops when the wrapper that started it is gone', () => {
  it('calls back once when the parent pid changes (reparented)', async () => {
    let ppid = 4242;
    let orphaned = 0;
    const stop = watchParent(() => orphaned++, { intervalMs: 5, ppid: () => ppid });
    await new Promise((r) => setTimeout(r, 30));
    expect(orphaned).toBe(0);
    ppid = 1;
    await waitFor(() => orphaned > 0);
    await new Promise((r) => setTimeout(r, 30));
    expect(orphaned).toBe(1);
    stop();
  });

  it.each([0, 1])('watches nothing when started directly by init or a runtime (parent pid %i)', async (start) => {
    let ppid = start;
    let orphaned = 0;
    const stop = watchParent(() => orphaned++, { intervalMs: 5, ppid: () => ppid });
    ppid = 999;
    await new Promise((r) => setTimeout(r, 30));
    expect(orphaned).toBe(0);
    stop();
  });
});
