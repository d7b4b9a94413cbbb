import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { ImapFlow } from 'imapflow';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { httpCaller } from '../support/http-call.ts';

type Row = Record<string, unknown>;

/** A reply arrives in a real Dovecot mailbox; the answer goes out once, in thread, through SMTP, with a copy in Sent. */
describe.skipIf(!dovecotAvailable)(`auto-reply through the mailbox's SMTP server${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  let t: TestDb;
  let svc: RunningService;
  let smtp: SMTPServer;
  const received: Array<{ from: string; to: string[]; raw: Buffer }> = [];
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let relId: string;

  const http = httpCaller(() => `http://127.0.0.1:${svc.port}`);
  const call = <T = Row>(method: string, path: string, body?: unknown, token: string = s?.key) => http<T>(method, path, { body, token });
  const inbound = async (subject: string) => (await t.db.query<{ id: string; status: string; message_id: string }>('select id, status, message_id from inbound_messages where subject = $1', [subject])).rows[0];

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'sam', password: 'pw-sam' }] });
    smtp = new SMTPServer({
      authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'],
      onAuth: (a, _s, cb) => (a.password === 'pw-sam' ? cb(null, { user: a.username }) : cb(new Error('bad'))),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    t = await createTestDb('postgres');
    svc = await startService(loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 's'.repeat(40), LOG_LEVEL: 'silent', ALLOW_PRIVATE_HOSTS: 'true' }));
    s = await seedAgency({ call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => call(m, p, o.body, o.token ?? s?.key) } as never, 'Reply Agency');
    const acct = await call<{ id: string }>('POST', '/v1/link-building/crm/account', { domain: 'greatblog.example', domainRating: 48, workspaceId: s.ws1 });
    await call('POST', '/v1/link-building/crm/contact', { accountId: acct.body.id, email: 'gina@greatblog.example', firstName: 'Gina' });
    relId = (await call<{ id: string }>('POST', '/v1/link-building/crm/relationship', { workspaceId: s.ws1, accountId: acct.body.id, ourContent: 'https://client.example/remote-work-guide' })).body.id;
    await call('PUT', `/v1/link-building/gates?workspaceId=${s.ws1}`, { minConfidence: 0.7 });
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const mb = await call<{ id: string }>('POST', '/v1/mailboxes', {
      workspaceId: s.ws1, address: 'sam@agency.example',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'sam', password: 'pw-sam' },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: 'sam', password: 'pw-sam' },
      folders: { inbox: 'INBOX', sent: 'Sent' },
    });
    expect(mb.status, JSON.stringify(mb.body)).toBe(201);
    await waitFor(async () => (await t.db.query('select 1 from mailbox_sync_state where mailbox_id = $1 and last_uid is not null', [mb.body.id])).rows.length > 0, { what: 'first sync' });
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
    await dovecot?.stop();
    await new Promise<void>((r) => smtp?.close(() => r()));
  });

  it('answers an interested reply automatically: once, in the thread, copied to Sent, recorded as EMAIL_SENT', async () => {
    const raw = [
      'From: Gina <gina@greatblog.example>', 'To: Sam <sam@agency.example>', 'Subject: Re: Your remote work guide',
      'Message-ID: <gina-1@greatblog.example>', 'In-Reply-To: <outreach-1@agency.example>', 'References: <outreach-1@agency.example>',
      'Date: Sun, 29 Nov 2026 09:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '',
      'Hi Sam, yes, that sounds great. Please send over the article and I will take a look this week.', '',
    ].join('\r\n');
    await dovecot.deliver('sam', raw);
    await waitFor(async () => (await inbound('Re: Your remote work guide'))?.status === 'AUTO_REPLIED', { what: 'the auto-reply', timeoutMs: 30_000 });
    expect(received).toHaveLength(1);
    const sent = await simpleParser(received[0]!.raw);
    expect(received[0]!.to).toEqual(['gina@greatblog.example']);
    expect(sent.subject).toBe('Re: Your remote work guide');
    expect(sent.inReplyTo).toBe('<gina-1@greatblog.example>');
    expect(sent.references).toEqual(['<outreach-1@agency.example>', '<gina-1@greatblog.example>']);
    expect(sent.text).toContain('https://client.example/remote-work-guide');

    const events = (await call<{ data: Array<{ type: string; metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}`)).body.data;
    const sentEvents = events.filter((e) => e.type === 'EMAIL_SENT');
    expect(sentEvents).toHaveLength(1);
    expect(sentEvents[0]?.metadata).toMatchObject({ messageId: sent.messageId, auto: true, channel: 'SMTP' });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['EMAIL_RECEIVED', 'MESSAGE_CLASSIFIED', 'GATES_EVALUATED', 'REPLY_DRAFTED', 'EMAIL_SENT']));
    expect((await call<Row>('GET', `/v1/link-building/crm/relationship/${relId}`)).body.contactedByUs).toBe(true);

    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'sam', pass: 'pw-sam' }, logger: false });
    await client.connect();
    try {
      const lock = await client.getMailboxLock('Sent');
      try {
        expect(await client.search({ header: { 'message-id': sent.messageId! } }, { uid: true })).toHaveLength(1);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }

    // a redelivered respond job (at-least-once) sends nothing more
    const m = await inbound('Re: Your remote work guide');
    await svc.boss.send(QUEUES.respond, { inboundId: m!.id, approvalId: null });
    await new Promise((r) => setTimeout(r, 2500));
    expect(received).toHaveLength(1);
  }, 60_000);

  it('a reply whose partner became DO_NOT_CONTACT before the send is not sent', async () => {
    const raw = [
      'From: gina@greatblog.example', 'To: sam@agency.example', 'Subject: Re: Another idea', 'Message-ID: <gina-2@greatblog.example>',
      'Content-Type: text/plain; charset=utf-8', '', 'Sure, send me the other article too, happy to have a look.', '',
    ].join('\r\n');
    // make the respond step find the partner DNC: the unsubscribe lands while the reply waits in the queue
    const acct = (await call<{ data: Array<{ id: string }> }>('GET', '/v1/link-building/crm/account?domain=greatblog.example')).body.data[0]!;
    await svc.boss.offWork(QUEUES.respond);
    await dovecot.deliver('sam', raw);
    await waitFor(async () => !!(await t.db.query(`select 1 from inbound_messages where subject = 'Re: Another idea' and decision->>'action' = 'AUTO_REPLY'`)).rows.length, { what: 'the decision', timeoutMs: 30_000 });
    // DNC is asserted, never PATCHed (issue 10); the workspace's own view is DNC at once, with or without evidence.
    expect((await call('POST', `/v1/link-building/crm/account/${acct.id}/assertions`, { workspaceId: s.ws1, fact: 'DO_NOT_CONTACT', reason: 'asked by phone' })).status).toBe(201);
    const { registerStep } = await import('../../src/jobs/run-step.ts');
    const { respondStep } = await import('../../src/respond/respond-step.ts');
    await registerStep({ db: svc.db, boss: svc.boss, log: svc.log }, QUEUES.respond, respondStep({ db: svc.db, now: () => new Date(), senderFor: async () => { throw new Error('must not be asked for a sender'); } }));
    await waitFor(async () => (await inbound('Re: Another idea'))?.status === 'FAILED', { what: 'the blocked send', timeoutMs: 20_000 });
    expect(received).toHaveLength(1);
    const m = await call<{ decision: { sendError: string } }>('GET', `/v1/link-building/inbound/${(await inbound('Re: Another idea'))!.id}`);
    expect(m.body.decision.sendError).toMatch(/DO_NOT_CONTACT/);
  }, 60_000);
});
