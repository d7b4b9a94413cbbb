import { describe, expect, it, vi } from 'vitest';
import { WakeSignal } from '../../../src/ingest/imap/wake-signal.ts';

describe('WakeSignal', () => {
  it('times out when nobody notifies', async () => {
    vi.useFakeTimers();
    try {
      const s = new WakeSignal();
      const p = s.wait(1_000);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(p).resolves.toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  it('wakes a waiter at once', async () => {
    const s = new WakeSignal();
    const p = s.wait(60_000);
    s.notify();
    await expect(p).resolves.toBe('notified');
  });

  it('remembers a notify that came while nobody waited (new mail during a sync), once', async () => {
    vi.useFakeTimers();
    try {
      const s = new WakeSignal();
      s.notify();
      s.notify();
      await expect(s.wait(60_000)).resolves.toBe('notified');
      const second = s.wait(10);
      await vi.advanceTimersByTimeAsync(10);
      await expect(second).resolves.toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  it('clear() forgets a remembered notify', async () => {
    vi.useFakeTimers();
    try {
      const s = new WakeSignal();
      s.notify();
      s.clear();
      const p = s.wait(10);
      await vi.advanceTimersByTimeAsync(10);
      await expect(p).resolves.toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });
});
