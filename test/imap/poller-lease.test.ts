import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { InMemoryLease, InMemorySyncStore, makeMessage, waitUntil } from '../support/imap-fakes.ts';
import type { MailboxLease } from '../../src/ingest/imap/ports.ts';
import type { PollerEvent } from '../../src/ingest/imap/adapters/imap-poller.ts';
import { mailboxFor, testPoller } from '../support/imap-setup.ts';

/** Counts how many holders are connected to the mailbox at once, from the pollers' own events. */
function overlapTracker(): { observe: (id: string) => (e: PollerEvent) => void; maxConcurrent: () => number } {
  const active = new Set<string>();
  let max = 0;
  return {
    observe: (id) => (e) => {
      if (e.type === 'connected') active.add(id);
      if (e.type === 'disconnected' || e.type === 'stopped' || e.type === 'lease-lost') active.delete(id);
      max = Math.max(max, active.size);
    },
    maxConcurrent: () => max,
  };
}

describe.skipIf(!dovecotAvailable)(`IMAP poller: one poller per mailbox${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: ['shared', 'stall', 'fence'].map((user) => ({ user, password: `pw-${user}` })) });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('two pollers on one mailbox: only the lease holder polls; the other takes over when it stops', async () => {
    const lease = new InMemoryLease();
    const store = new InMemorySyncStore(lease);
    const mailbox = mailboxFor(dovecot, 'shared', 'pw-shared');
    const overlap = overlapTracker();
    const a = testPoller({ mailbox, store, lease, holderId: 'process-a', onEvent: overlap.observe('a') });
    const b = testPoller({ mailbox, store, lease, holderId: 'process-b', onEvent: overlap.observe('b') });
    for (let i = 1; i <= 3; i++) await dovecot.deliver('shared', makeMessage(`shared-${i}`));
    a.poller.start();
    await waitUntil(() => lease.holder(mailbox.id) === 'process-a', 5_000, 'a holds the lease');
    b.poller.start();
    try {
      await waitUntil(() => store.messages().length === 3, 10_000, 'the first messages are stored');
      await dovecot.deliver('shared', makeMessage('shared-4'));
      await waitUntil(() => store.messages().length === 4, 10_000, 'new mail is stored');
      expect(b.count('connected')).toBe(0);
      expect(b.count('lease-busy')).toBe(1);
      expect(b.poller.state).toBe('waiting-for-lease');
      expect(new Set(store.commits.map((c) => c.holderId))).toEqual(new Set(['process-a']));

      await a.poller.stop();
      await waitUntil(() => lease.holder(mailbox.id) === 'process-b' && b.poller.state === 'listening', 5_000, 'b takes over');
      await dovecot.deliver('shared', makeMessage('shared-5'));
      await waitUntil(() => store.messages().length === 5, 10_000, 'mail after the hand-over is stored by b');
      expect(store.commits.at(-1)?.holderId).toBe('process-b');
      expect(overlap.maxConcurrent()).toBe(1);
      expect([...store.commitCounts(mailbox.id).values()].every((n) => n === 1)).toBe(true);
      expect(lease.acquisitions.map((x) => x.holderId)).toEqual(['process-a', 'process-b']);
    } finally {
      await Promise.all([a.poller.stop(), b.poller.stop()]);
    }
  });

  it('a holder that stalled past its lease notices on renewal and the new holder carries on', async () => {
    const lease = new InMemoryLease();
    const store = new InMemorySyncStore(lease);
    const mailbox = mailboxFor(dovecot, 'stall', 'pw-stall');
    // Short TTL so the stalled holder's renewal notices quickly (renewals run every TTL / 3). b's lease is
    // long so that, on a loaded machine, b keeps it once it has it.
    const a = testPoller({ mailbox, store, lease, holderId: 'stalled-a', leaseTtlMs: 600 });
    const b = testPoller({ mailbox, store, lease, holderId: 'fresh-b', leaseTtlMs: 5_000 });
    await dovecot.deliver('stall', makeMessage('stall-1'));
    a.poller.start();
    try {
      await waitUntil(() => store.messages().length === 1 && a.poller.state === 'listening', 10_000, 'a synced');
      b.poller.start();
      expect(b.count('connected')).toBe(0);

      // a stalled past its TTL and b's process took the lease over in that moment. (Expiring alone left
      // a race: when a's renewal came before b's next try, a noticed, took the free lease straight back,
      // and b waited for ever; CI on a loaded machine lost it once.)
      lease.expire(mailbox.id);
      expect(await lease.tryAcquire(mailbox.id, 'fresh-b', 5_000)).toBe(true);
      await waitUntil(() => a.count('lease-lost') === 1, 20_000, 'a notices it lost the lease');
      await waitUntil(() => lease.holder(mailbox.id) === 'fresh-b' && b.poller.state === 'listening', 20_000, 'b holds the lease and listens');
      expect(a.poller.state).toBe('waiting-for-lease');

      for (let i = 2; i <= 4; i++) await dovecot.deliver('stall', makeMessage(`stall-${i}`));
      await waitUntil(() => store.messages().length === 4, 10_000, 'b stores the new mail');
      expect(store.commits.filter((c) => c.uids.length > 0).at(-1)?.holderId).toBe('fresh-b');
      expect([...store.commitCounts(mailbox.id).values()].every((n) => n === 1)).toBe(true);
    } finally {
      await Promise.all([a.poller.stop(), b.poller.stop()]);
    }
  }, 60_000);
  it('a holder that still believes it holds the lease is stopped by the commit fence', async () => {
    const lease = new InMemoryLease();
    const store = new InMemorySyncStore(lease);
    const mailbox = mailboxFor(dovecot, 'fence', 'pw-fence');
    // What a process frozen past its TTL sees when it wakes up: its own renewals still "succeed" (say the
    // renewal answer was lost), while the database already knows someone else holds the lease.
    const deluded: MailboxLease = {
      tryAcquire: (id, holder, ttl) => lease.tryAcquire(id, holder, ttl),
      renew: async () => true,
      release: (id, holder) => lease.release(id, holder),
    };
    const a = testPoller({ mailbox, store, lease: deluded, holderId: 'deluded-a', leaseRetryMs: 60_000 });
    await dovecot.deliver('fence', makeMessage('fence-1'));
    a.poller.start();
    try {
      await waitUntil(() => store.messages().length === 1 && a.poller.state === 'listening', 10_000, 'a synced');
      lease.expire(mailbox.id);
      expect(await lease.tryAcquire(mailbox.id, 'new-holder', 60_000)).toBe(true);

      await dovecot.deliver('fence', makeMessage('fence-2'));
      await waitUntil(() => a.count('lease-lost') === 1, 10_000, 'the fence makes a give up');
      const conflict = a.events.find((e) => e.type === 'disconnected');
      expect(conflict?.type === 'disconnected' && conflict.error.code).toBe('CONFLICT');
      expect(store.messages()).toHaveLength(1); // nothing written by the deluded holder
      expect(a.poller.state).toBe('waiting-for-lease');
      expect(lease.holder(mailbox.id)).toBe('new-holder');
    } finally {
      await a.poller.stop();
    }
  });
});
