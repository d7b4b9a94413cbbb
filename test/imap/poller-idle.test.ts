import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/ingest/parse/parse-email.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { InMemoryLease, InMemorySyncStore, makeMessage, waitUntil } from '../support/imap-fakes.ts';
import { mailboxFor, testPoller } from '../support/imap-setup.ts';

describe.skipIf(!dovecotAvailable)(`IMAP poller: sync and IDLE against a real Dovecot${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot({
      users: ['idle', 'baseline', 'broken', 'stopper', 'backfill'].map((user) => ({ user, password: `pw-${user}` })),
    });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('imports what is there, then picks up new mail while idle (no periodic poll in between)', async () => {
    for (let i = 1; i <= 3; i++) await dovecot.deliver('idle', makeMessage(`idle-${i}`));
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'idle', 'pw-idle');
    const { poller, events } = testPoller({ mailbox, store, lease: new InMemoryLease(), pollIntervalMs: 10 * 60_000 });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 3, 10_000, 'the 3 existing messages are stored');
      await waitUntil(() => poller.state === 'listening', 5_000, 'the poller listens');
      const syncsBefore = events.filter((e) => e.type === 'synced').length;

      await dovecot.deliver('idle', makeMessage('idle-4'));
      await dovecot.deliver('idle', makeMessage('idle-5'));
      await waitUntil(() => store.messages().length === 5, 10_000, 'the 2 new messages arrive through IDLE');
      expect(events.filter((e) => e.type === 'synced').length).toBeGreaterThan(syncsBefore);
      expect(store.subjects()).toEqual(['message idle-1', 'message idle-2', 'message idle-3', 'message idle-4', 'message idle-5']);
      expect(store.duplicatesSkipped).toBe(0);
      for (const m of store.messages()) expect(Math.abs((m.internalDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      const cursor = await store.loadCursor(mailbox.id);
      expect(cursor?.lastUid).toBe(5);
      expect(cursor?.uidValidity).toBe((await dovecot.status('idle')).uidValidity);
    } finally {
      await poller.stop();
    }
  });

  it('with initialSync "new-only" skips history and takes only new mail', async () => {
    for (let i = 1; i <= 4; i++) await dovecot.deliver('baseline', makeMessage(`old-${i}`));
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'baseline', 'pw-baseline');
    const { poller, events } = testPoller({ mailbox, store, lease: new InMemoryLease(), initialSync: 'new-only' });
    poller.start();
    try {
      await waitUntil(async () => (await store.loadCursor(mailbox.id))?.lastUid === 4, 10_000, 'a baseline cursor is saved');
      expect(store.messages()).toHaveLength(0);
      expect(events.some((e) => e.type === 'sync-planned' && e.plan.kind === 'baseline')).toBe(true);
      await dovecot.deliver('baseline', makeMessage('new-1'));
      await waitUntil(() => store.messages().length === 1, 10_000, 'the new message is stored');
      expect(store.subjects()).toEqual(['message new-1']);
    } finally {
      await poller.stop();
    }
  });

  it('stores malformed MIME with what could be parsed and keeps going', async () => {
    const broken = [
      'From: "Unclosed <broken@example.org>\r\nSubject: broken boundary\r\nMessage-ID: <broken-1@example.org>\r\n' +
        'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nhalf a message',
      'Subject: =?utf-8?B?not base64 at all!!?=\r\nContent-Transfer-Encoding: base64\r\nMessage-ID: <broken-2@example.org>\r\n\r\n%%%% not base64 %%%%\r\n',
      'no headers at all, just text\r\n',
      makeMessage('after-the-broken-ones'),
    ];
    for (const raw of broken) await dovecot.deliver('broken', raw);
    const store = new InMemorySyncStore();
    let parseCalls = 0;
    const { poller } = testPoller({
      mailbox: mailboxFor(dovecot, 'broken', 'pw-broken'),
      store,
      lease: new InMemoryLease(),
      // One message makes the parser itself throw: the poller must keep it (as a fallback record) and go on.
      parse: async (source) => {
        parseCalls++;
        if (parseCalls === 3) throw new Error('parser exploded');
        return parseEmail(source);
      },
    });
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 4, 10_000, 'all 4 messages are stored');
      const fallback = store.messages().find((m) => m.parsed.parseWarnings.some((w) => w.includes('parser exploded')));
      expect(fallback?.parsed.rawSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(store.subjects()).toContain('message after-the-broken-ones');
    } finally {
      await poller.stop();
    }
  });

  it('stop() logs out and releases the lease; a stopped poller can be started again', async () => {
    await dovecot.deliver('stopper', makeMessage('s-1'));
    const lease = new InMemoryLease();
    const store = new InMemorySyncStore(lease);
    const mailbox = mailboxFor(dovecot, 'stopper', 'pw-stopper');
    const { poller, events } = testPoller({ mailbox, store, lease });
    poller.start();
    await waitUntil(() => store.messages().length === 1, 10_000, 'the message is stored');
    expect(lease.holder(mailbox.id)).toBe('holder-1');
    await poller.stop();
    expect(poller.state).toBe('stopped');
    expect(lease.holder(mailbox.id)).toBeNull();
    expect(events.at(-1)?.type).toBe('stopped');
    // A LOGOUT shows as "Logged out"; a cut connection would be "Disconnected: Connection closed".
    await waitUntil(() => /imap\(stopper\).*Logged out/.test(dovecot.readLog()), 5_000, 'dovecot logs a clean logout');
    expect(dovecot.readLog()).not.toMatch(/imap\(stopper\).*Disconnected: Connection closed/);

    await dovecot.deliver('stopper', makeMessage('s-2'));
    poller.start();
    try {
      await waitUntil(() => store.messages().length === 2, 10_000, 'the restarted poller picks up the new message');
    } finally {
      await poller.stop();
    }
  });

  it('backfill imports messages since a date, in batches, with progress, idempotently', async () => {
    for (let i = 1; i <= 7; i++) await dovecot.deliver('backfill', makeMessage(`bf-${i}`));
    const store = new InMemorySyncStore();
    const mailbox = mailboxFor(dovecot, 'backfill', 'pw-backfill');
    const { poller } = testPoller({ mailbox, store, lease: new InMemoryLease(), batchSize: 3 });
    const progress: Array<{ total: number; done: number }> = [];
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const result = await poller.backfill({ since: yesterday, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ total: 7, done: 7, aborted: false });
    expect(progress.map((p) => p.done)).toEqual([0, 3, 6, 7]);
    expect(store.messages()).toHaveLength(7);
    expect(await store.loadCursor(mailbox.id)).toBeNull(); // backfill never moves the poller's cursor

    const again = await poller.backfill({ since: yesterday });
    expect(again.done).toBe(7);
    expect(store.messages()).toHaveLength(7);
    expect(store.duplicatesSkipped).toBe(7);

    const tomorrow = new Date(Date.now() + 2 * 24 * 3600_000);
    expect((await poller.backfill({ since: tomorrow })).total).toBe(0);
  });
});
