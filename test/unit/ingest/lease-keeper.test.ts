import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseKeeper } from '../../../src/ingest/imap/lease-keeper.ts';
import { silentLogger, type MailboxLease } from '../../../src/ingest/imap/ports.ts';

function scriptedLease(answers: Array<boolean | Error>): MailboxLease & { renewals: number } {
  const lease = {
    renewals: 0,
    tryAcquire: async () => true,
    renew: async () => {
      const a = answers[Math.min(lease.renewals, answers.length - 1)];
      lease.renewals++;
      if (a instanceof Error) throw a;
      return a ?? true;
    },
    release: async () => {},
  };
  return lease;
}

describe('LeaseKeeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const keeper = (lease: MailboxLease, onLost: () => void) =>
    new LeaseKeeper({ lease, mailboxId: 'mbx_1', holderId: 'h', ttlMs: 3_000, onLost, logger: silentLogger, now: () => Date.now() });

  it('renews every third of the TTL while the store agrees', async () => {
    const lease = scriptedLease([true]);
    const onLost = vi.fn();
    const k = keeper(lease, onLost);
    k.start();
    await vi.advanceTimersByTimeAsync(10_000);
    k.stop();
    expect(lease.renewals).toBe(10);
    expect(onLost).not.toHaveBeenCalled();
  });

  it('reports the lease lost as soon as the store says another holder has it, once', async () => {
    const lease = scriptedLease([true, false]);
    const onLost = vi.fn();
    keeper(lease, onLost).start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(lease.renewals).toBe(2); // no renewals after the loss
  });

  it('tolerates failed renewals until a whole TTL has passed without one', async () => {
    const lease = scriptedLease([new Error('db down')]);
    const onLost = vi.fn();
    keeper(lease, onLost).start();
    await vi.advanceTimersByTimeAsync(2_000); // two failures, 2 s since the last success
    expect(onLost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000); // 3 s = TTL: it may have expired and been taken
    expect(onLost).toHaveBeenCalledTimes(1);
  });
});
