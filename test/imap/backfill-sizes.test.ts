/**
 * backfillMailbox against a real Dovecot: messages above the backfill's known-small bound (64 KB,
 * found by one SEARCH LARGER) and above largeMessageBytes (the stream path) come back with the small
 * ones, whole, in UID order, each with its INTERNALDATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillMailbox } from '../../src/ingest/imap/adapters/imap-backfill.ts';
import type { MailboxSyncStore } from '../../src/ingest/imap/ports.ts';
import type { FetchedMessage } from '../../src/ingest/imap/types.ts';
import type { ParsedEmail } from '../../src/ingest/types.ts';
import { startDovecot } from '../support/dovecot.ts';

type Dovecot = Awaited<ReturnType<typeof startDovecot>>;
let dovecot: Dovecot;
const sizes = [1_000, 200_000, 5_000, 3_000_000, 70_000, 2_000];
const mail = (i: number, bytes: number) => `From: a${i}@example.com\r\nTo: b@example.com\r\nSubject: m${i}\r\nMessage-ID: <m${i}@example.com>\r\n\r\n${'x'.repeat(76) + '\r\n'}`.padEnd(bytes, 'y');

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'bf', password: 'pw-bf' }] });
  await dovecot.deliverMany('bf', sizes.map((b, i) => mail(i, b)), 'INBOX', { internalDate: new Date('2026-03-02T10:00:00Z') });
}, 60_000);
afterAll(async () => {
  await dovecot?.stop();
});

describe('backfillMailbox sizes', () => {
  it('brings small, mid-sized and streamed messages alike, in UID order, with their INTERNALDATE', async () => {
    const got: Array<FetchedMessage<ParsedEmail>> = [];
    const store = { commitBatch: async (_id: string, items: Array<FetchedMessage<ParsedEmail>>) => void got.push(...items) } as unknown as MailboxSyncStore;
    const mailbox = { id: 'bf', address: 'b@example.com', imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'bf', password: 'pw-bf' }, folders: { inbox: 'INBOX', sent: 'Sent' } };
    const r = await backfillMailbox(mailbox, store, { since: new Date('2020-01-01'), hosts: { allowPrivateHosts: true }, batchSize: 4, largeMessageBytes: 2 * 1024 * 1024, commitsInFlight: 1 });
    expect(r.total).toBe(sizes.length);
    expect(got.map((g) => g.parsed.subject)).toEqual(sizes.map((_, i) => `m${i}`));
    expect(got.map((g) => g.uid)).toEqual([...got.map((g) => g.uid)].sort((a, b) => a - b));
    expect(got.map((g) => g.parsed.rawSize)).toEqual(sizes);
    expect(got.map((g) => g.internalDate?.toISOString())).toEqual(sizes.map(() => '2026-03-02T10:00:00.000Z'));
  }, 60_000);
});
