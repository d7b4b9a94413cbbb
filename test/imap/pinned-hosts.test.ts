/**
 * Every connection to a stored mailbox's servers goes to the address its host resolved to when it was
 * checked (src/net/mail-target.ts): the IMAP poller, the SMTP reply sender and its copy to Sent, like
 * the connection test. A host that is, or resolves to, loopback is refused without ALLOW_PRIVATE_HOSTS,
 * before any connection; with it, the same mailbox works against the real Dovecot and an in-process
 * SMTP server. A name only an injected resolver knows proves the connection went to the resolved
 * address: nothing resolves it a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxWithSecrets } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import type { HostPolicy } from '../../src/net/mail-target.ts';
import type { Resolver } from '../../src/net/pinned-host.ts';
import { createSmtpReplySender } from '../../src/respond/send/adapters/smtp-sender.ts';
import type { OutgoingReply } from '../../src/respond/send/ports.ts';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { InMemoryLease, InMemorySyncStore, makeMessage, waitUntil } from '../support/imap-fakes.ts';
import { mailboxFor, testPoller } from '../support/imap-setup.ts';

/** Knows only the test names, each at loopback: the system resolver would not find them. */
const rebindResolver: Resolver = async (host) => {
  if (host.endsWith('.rebind.test')) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
};

describe.skipIf(!dovecotAvailable)(`stored mailboxes connect to the checked address${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  let sink: SmtpSink;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: ['pinned', 'refused', 'rebound', 'sender'].map((user) => ({ user, password: `pw-${user}` })) });
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
    await dovecot?.stop();
  });

  describe('the IMAP poller', () => {
    it('refuses a host that resolves to loopback without ALLOW_PRIVATE_HOSTS, and records why', async () => {
      await dovecot.deliver('refused', makeMessage('refused-1'));
      const store = new InMemorySyncStore();
      const mailbox = { ...mailboxFor(dovecot, 'refused', 'pw-refused'), imap: { ...mailboxFor(dovecot, 'refused', 'pw-refused').imap, host: 'localhost' } };
      const { poller, events } = testPoller({ mailbox, store, lease: new InMemoryLease(), hosts: { allowPrivateHosts: false } });
      poller.start();
      try {
        await waitUntil(() => events.some((e) => e.type === 'disconnected'), 10_000, 'the session fails');
        const failed = events.find((e) => e.type === 'disconnected');
        expect(failed).toMatchObject({ error: { code: 'VALIDATION', field: 'imap.host', message: expect.stringMatching(/IMAP host "localhost" is, or resolves to, a loopback, private or link-local address/) } });
        expect(events.some((e) => e.type === 'connected')).toBe(false);
        expect(store.messages()).toHaveLength(0);
        expect(store.errors.at(-1)?.message).toMatch(/loopback, private or link-local/);
      } finally {
        await poller.stop();
      }
    });

    /** A poller of `user`'s mailbox at `host` syncs the one message delivered to it. */
    const syncsThrough = async (user: string, host: string, hosts: HostPolicy) => {
      await dovecot.deliver(user, makeMessage(`${user}-1`));
      const store = new InMemorySyncStore();
      const base = mailboxFor(dovecot, user, `pw-${user}`);
      const { poller } = testPoller({ mailbox: { ...base, imap: { ...base.imap, host } }, store, lease: new InMemoryLease(), hosts });
      poller.start();
      try {
        await waitUntil(() => store.messages().length === 1, 10_000, `the message is stored through ${host}`);
        expect(store.subjects()).toEqual([`message ${user}-1`]);
      } finally {
        await poller.stop();
      }
    };

    it('with ALLOW_PRIVATE_HOSTS, the same host syncs from Dovecot', () => syncsThrough('pinned', 'localhost', { allowPrivateHosts: true }));

    it('connects to the address the name resolved to, never to the name', () => syncsThrough('rebound', 'imap.rebind.test', { allowPrivateHosts: true, resolve: rebindResolver }));
  });

  describe('the SMTP reply sender', () => {
    const mailbox = (smtpHost: string, imapHost: string): MailboxWithSecrets => {
      const base = mailboxFor(dovecot, 'sender', 'pw-sender');
      const port = Number(new URL(sink.url).port);
      return { ...base, workspaceId: 'ws_test', imap: { ...base.imap, host: imapHost }, smtp: { host: smtpHost, port, secure: false, user: 'sender', password: 'pw-sender' } };
    };
    const reply = (n: number): OutgoingReply => ({
      from: { address: 'sender@agency.example', name: 'Sender' }, to: 'editor@blog.example', subject: `Re: pinned ${n}`, text: `reply ${n}`, html: null,
      messageId: `<pinned-${n}-${Date.now()}@agency.example>`, inReplyTo: null, references: [],
    });

    it('refuses a host that resolves to loopback without ALLOW_PRIVATE_HOSTS: a permanent failure, nothing sent', async () => {
      const before = sink.messages.length;
      const outcome = await createSmtpReplySender(mailbox('localhost', 'localhost'), { hosts: { allowPrivateHosts: false } }).send(reply(1));
      expect(outcome).toMatchObject({ ok: false, failure: { kind: 'permanent', maybeSent: false, reason: expect.stringMatching(/SMTP host "localhost" is, or resolves to, a loopback/) } });
      expect(sink.messages.length).toBe(before);
      expect(await createSmtpReplySender(mailbox('localhost', 'localhost'), { hosts: { allowPrivateHosts: false } }).alreadySent(reply(1).messageId, reply(1))).toBeNull();
    });

    it('with ALLOW_PRIVATE_HOSTS, sends through the in-process SMTP server and copies to Sent in Dovecot', async () => {
      const before = sink.messages.length;
      const sentBefore = (await dovecot.status('sender', 'Sent')).messages;
      const r = reply(2);
      const sender = createSmtpReplySender(mailbox('localhost', 'localhost'), { hosts: { allowPrivateHosts: true } });
      expect(await sender.send(r)).toEqual({ ok: true });
      await sink.waitForCount(before + 1);
      expect(sink.messages.at(-1)).toMatchObject({ subject: 'Re: pinned 2', envelopeTo: ['editor@blog.example'] });
      expect((await dovecot.status('sender', 'Sent')).messages).toBe(sentBefore + 1);
      expect(await sender.alreadySent(r.messageId, r)).toBe(true);
    });

    it('connects to the addresses the names resolved to, never to the names', async () => {
      const before = sink.messages.length;
      const r = reply(3);
      const sender = createSmtpReplySender(mailbox('smtp.rebind.test', 'imap.rebind.test'), { hosts: { allowPrivateHosts: true, resolve: rebindResolver } });
      expect(await sender.send(r)).toEqual({ ok: true });
      await sink.waitForCount(before + 1);
      expect(await sender.alreadySent(r.messageId, r)).toBe(true);
    });
  });
});
