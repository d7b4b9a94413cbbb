import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { parseEmail } from '../../src/ingest/parse/parse-email.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { InMemoryLease, InMemorySyncStore, makeMessage, waitUntil } from '../support/imap-fakes.ts';
import { mailboxFor, testPoller } from '../support/imap-setup.ts';

/** Every (uidValidity, uid) handed to the store exactly once: no batch was committed twice. */
function expectEachUidCommittedOnce(store: InMemorySyncStore, mailboxId: string, expected: number): void {
  const counts = store.commitCounts(mailboxId);
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(counts.size).toBe(expected);
}

describe.skipIf(!dovecotAvailable)(`IMAP poller: failures against a real Dovecot${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: ['drop', 'restart', 'uidv', 'history', 'dbfail'].map((user) => ({ user, password: `pw-${user}` })) });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('a connection dropped mid-fetch resumes from the last committed batch: nothing lost, nothing twice', async () => {
    const total = 120;
    const { accepted } = await dovecot.deliverMany('drop', Array.from({ length: total }, (_, i) => makeMessage(`drop-${i + 1}`)));
    expect(accepted).toBe(total);
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'drop', 'pw-drop');
    let parsed = 0;
    let kicked = false;
    const { poller, count } = testPoller({
      mailbox,
      store,
      lease: new InMemoryLease(),
      batchSize: 10,
      // The 25th message is halfway through the third batch: cut the server-side session right there.
      parse: async (source) => {
        parsed++;
        if (parsed === 25 && !kicked) {
          kicked = true;
          await dovecot.dropConnections('drop');
        }
        return parseEmail(source);
      },
    });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === total, 20_000, `all ${total} messages are stored`);
      expect(kicked).toBe(true);
      expect(count('disconnected')).toBeGreaterThanOrEqual(1);
      expect(count('connected')).toBeGreaterThanOrEqual(2);
      expectEachUidCommittedOnce(store, mailbox.id, total);
      expect(store.duplicatesSkipped).toBe(0);
      expect((await store.loadCursor(mailbox.id))?.lastUid).toBe(total);
    } finally {
      await poller.stop();
    }
  });

  it('survives a Dovecot restart: reconnects with backoff and keeps ingesting', async () => {
    for (let i = 1; i <= 3; i++) await dovecot.deliver('restart', makeMessage(`restart-${i}`));
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'restart', 'pw-restart');
    const { poller, count, events } = testPoller({ mailbox, store, lease: new InMemoryLease() });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 3 && poller.state === 'listening', 10_000, 'the first messages are stored');
      await dovecot.restart();
      await waitUntil(() => count('connected') >= 2 && poller.state === 'listening', 15_000, 'the poller reconnects');
      expect(count('disconnected')).toBeGreaterThanOrEqual(1);
      const delays = events.flatMap((e) => (e.type === 'reconnect-scheduled' ? [e.delayMs] : []));
      expect(delays.every((d) => d >= 50 && d <= 1_000)).toBe(true);

      await dovecot.deliver('restart', makeMessage('restart-4'));
      await waitUntil(() => store.messages().length === 4, 10_000, 'mail delivered after the restart arrives');
      expectEachUidCommittedOnce(store, mailbox.id, 4);
      expect(store.errors.length).toBeGreaterThanOrEqual(1); // the outage was recorded for the mailbox's sync state
    } finally {
      await poller.stop();
    }
  });

  it('a UIDVALIDITY change triggers a full resync that stores no duplicates', async () => {
    for (let i = 1; i <= 5; i++) await dovecot.deliver('uidv', makeMessage(`uidv-${i}`));
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'uidv', 'pw-uidv');
    const { poller, events } = testPoller({ mailbox, store, lease: new InMemoryLease(), batchSize: 2 });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 5 && poller.state === 'listening', 10_000, 'the first 5 messages are stored');
      const oldValidity = (await store.loadCursor(mailbox.id))?.uidValidity;
      const newValidity = await dovecot.bumpUidValidity('uidv');
      expect(newValidity).not.toBe(oldValidity);
      await dovecot.deliver('uidv', makeMessage('uidv-6'));
      await dovecot.deliver('uidv', makeMessage('uidv-7'));
      await waitUntil(async () => (await store.loadCursor(mailbox.id))?.uidValidity === newValidity && store.messages().length === 7, 15_000, 'the resync under the new UIDVALIDITY completes');

      expect(events.some((e) => e.type === 'sync-planned' && e.plan.kind === 'full-resync' && e.plan.reason === 'uidvalidity-changed')).toBe(true);
      expect(store.subjects()).toEqual(Array.from({ length: 7 }, (_, i) => `message uidv-${i + 1}`).sort());
      expect(store.duplicatesSkipped).toBe(5); // the resync re-read the first five; the store's dedupe absorbed them
      expect((await store.loadCursor(mailbox.id))?.lastUid).toBe((await dovecot.status('uidv')).uidNext - 1);
    } finally {
      await poller.stop();
    }
  });

  it('a UIDVALIDITY change on a "new-only" mailbox does not import the history from before it was connected', async () => {
    const old = Array.from({ length: 3 }, (_, i) => makeMessage(`history-${i + 1}`));
    expect((await dovecot.deliverMany('history', old, 'INBOX', { internalDate: new Date('2020-01-15T10:00:00Z') })).accepted).toBe(3);
    const store = new InMemorySyncStore();
    const mailbox = { ...mailboxFor(dovecot, 'history', 'pw-history'), connectedAt: new Date() };
    const { poller, events } = testPoller({ mailbox, store, lease: new InMemoryLease(), initialSync: 'new-only' });
    poller.start();
    try {
      await waitUntil(async () => (await store.loadCursor(mailbox.id))?.lastUid === 3, 10_000, 'the baseline is saved');
      await dovecot.deliver('history', makeMessage('new-1'));
      await waitUntil(() => store.messages().length === 1, 10_000, 'new mail is stored');
      const newValidity = await dovecot.bumpUidValidity('history');
      await dovecot.deliver('history', makeMessage('new-2'));
      await waitUntil(async () => (await store.loadCursor(mailbox.id))?.uidValidity === newValidity && store.messages().length === 2, 15_000, 'the resync completes');
      expect(events.some((e) => e.type === 'sync-planned' && e.plan.reason === 'uidvalidity-changed')).toBe(true);
      expect(store.subjects()).toEqual(['message new-1', 'message new-2']);
      expect(store.duplicatesSkipped).toBe(1); // new-1 re-read; the 2020 history never fetched
    } finally {
      await poller.stop();
    }
  });

  it('a failed commit moves nothing: the batch is fetched again after a backoff', async () => {
    for (let i = 1; i <= 9; i++) await dovecot.deliver('dbfail', makeMessage(`dbfail-${i}`));
    const store = new InMemorySyncStore();
    let commits = 0;
    store.beforeCommit = () => {
      commits++;
      if (commits === 2) throw new AppError('UNAVAILABLE', 'database is down');
    };
    const mailbox = mailboxFor(dovecot, 'dbfail', 'pw-dbfail');
    const { poller, count } = testPoller({ mailbox, store, lease: new InMemoryLease(), batchSize: 4 });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 9, 10_000, 'all 9 messages are stored');
      expect(count('reconnect-scheduled')).toBe(1);
      expect(store.errors.map((e) => e.message)).toEqual(['database is down']);
      expectEachUidCommittedOnce(store, mailbox.id, 9);
    } finally {
      await poller.stop();
    }
  });
});
