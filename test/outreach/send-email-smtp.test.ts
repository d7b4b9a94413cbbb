import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { ImapFlow } from 'imapflow';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { registerStep } from '../../src/jobs/run-step.ts';
import { respondStep } from '../../src/respond/respond-step.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { OUTREACH_TEXT } from './harness.ts';

type Row = Record<string, unknown>;
type Out = { id: string; status: string; approvalId: string | null; messageId: string | null; sendError: string | null };

/**
 * A first outreach email through the whole service: approved through the API, sent once through the
 * mailbox's SMTP server with our Message-ID and a copy in the real Dovecot Sent folder; the partner's
 * answer (In-Reply-To: that Message-ID) arriving in the mailbox is matched to the same relationship; a
 * DO_NOT_CONTACT that lands between approval and send stops it.
 */
describe.skipIf(!dovecotAvailable)(`first outreach email through the mailbox${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  let t: TestDb;
  let svc: RunningService;
  let smtp: SMTPServer;
  const received: Array<{ to: string[]; raw: Buffer }> = [];
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let mailboxId: string;
  let n = 0;

  const call = async <T = Row>(method: string, path: string, body?: unknown, token: string = s?.key): Promise<{ status: number; body: T }> => {
    const res = await fetch(`http://127.0.0.1:${svc.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const partner = async () => {
    const domain = `blog${++n}.example`;
    const acct = await call<{ id: string }>('POST', '/v1/link-building/crm/account', { domain, domainRating: 51, workspaceId: s.ws1 });
    expect(acct.status).toBe(201);
    const ct = await call<{ id: string }>('POST', '/v1/link-building/crm/contact', { accountId: acct.body.id, email: `eda@${domain}`, firstName: 'Eda' });
    const rel = await call<{ id: string }>('POST', '/v1/link-building/crm/relationship', { workspaceId: s.ws1, accountId: acct.body.id, ourContent: 'https://client.example/remote-work-guide' });
    return { accountId: acct.body.id, contactId: ct.body.id, relationshipId: rel.body.id, email: `eda@${domain}` };
  };
  const outreach = async (id: string) => (await call<Out>('GET', `/v1/link-building/campaign/outreach/${id}`)).body;
  const events = async (relId: string) =>
    (await call<{ data: Array<{ type: string; metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}&limit=500`)).body.data;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'sam', password: 'pw-sam' }] });
    smtp = new SMTPServer({
      authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: (a, _s, cb) => (a.password === 'pw-sam' ? cb(null, { user: a.username }) : cb(new Error('bad'))),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    t = await createTestDb('postgres');
    svc = await startService(loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 'm'.repeat(40), LOG_LEVEL: 'silent', ALLOW_PRIVATE_HOSTS: 'true' }));
    s = await seedAgency({ call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => call(m, p, o.body, o.token ?? s?.key) } as never, 'Outreach Agency');
    const mb = await call<{ id: string }>('POST', '/v1/mailboxes', {
      workspaceId: s.ws1, address: 'sam@agency.example',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'sam', password: 'pw-sam' },
      smtp: { host: '127.0.0.1', port: (smtp.server.address() as { port: number }).port, secure: false, user: 'sam', password: 'pw-sam' },
      folders: { inbox: 'INBOX', sent: 'Sent' },
    });
    expect(mb.status, JSON.stringify(mb.body)).toBe(201);
    mailboxId = mb.body.id;
    await waitFor(async () => (await t.db.query('select 1 from mailbox_sync_state where mailbox_id = $1 and last_uid is not null', [mailboxId])).rows.length > 0, { what: 'first sync' });
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
    await dovecot?.stop();
    await new Promise<void>((r) => smtp?.close(() => r()));
  });

  let sentMessageId = '';
  let firstRel = '';

  it('waits for approval, then exactly one email goes out with our Message-ID, copied to Sent, recorded as EMAIL_SENT', async () => {
    const p = await partner();
    firstRel = p.relationshipId;
    const created = await call<Out>('POST', '/v1/link-building/campaign/send_email', {
      relationshipId: p.relationshipId, contactId: p.contactId, mailboxId, subject: 'Your piece on distributed teams', text: OUTREACH_TEXT, fromName: 'Sam Writer',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe('WAITING_APPROVAL');
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).toHaveLength(0); // nothing leaves before a human approves

    expect((await call('POST', `/v1/link-building/approvals/${created.body.approvalId!}/approve`, {})).status).toBe(200);
    await waitFor(async () => (await outreach(created.body.id)).status === 'SENT', { what: 'the outreach email to be sent', timeoutMs: 30_000 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([p.email]);
    const mail = await simpleParser(received[0]!.raw);
    const out = await outreach(created.body.id);
    expect(mail.messageId).toBe(out.messageId);
    expect(mail.messageId).toMatch(/@agency\.example>$/);
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(mail.subject).toBe('Your piece on distributed teams');
    expect(mail.from?.value[0]).toEqual({ address: 'sam@agency.example', name: 'Sam Writer' });
    expect(mail.text?.trim()).toBe(OUTREACH_TEXT);
    sentMessageId = mail.messageId!;

    const sends = await t.db.query<{ status: string; message_id: string; inbound_id: string | null; approval_id: string }>('select status, message_id, inbound_id, approval_id from outbound_sends where outreach_id = $1', [created.body.id]);
    expect(sends.rows).toEqual([{ status: 'SENT', message_id: sentMessageId, inbound_id: null, approval_id: created.body.approvalId }]);
    const evs = await events(p.relationshipId);
    expect(evs.map((e) => e.type)).toEqual(expect.arrayContaining(['GATES_EVALUATED', 'APPROVAL_REQUESTED', 'APPROVAL_GRANTED', 'EMAIL_SENT']));
    const sent = evs.filter((e) => e.type === 'EMAIL_SENT');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.metadata).toMatchObject({ outreachId: created.body.id, approvalId: created.body.approvalId, messageId: sentMessageId, channel: 'SMTP', auto: false, inReplyTo: null });
    expect((await call<Row>('GET', `/v1/link-building/crm/relationship/${p.relationshipId}`)).body).toMatchObject({ status: 'CONTACTED_BY_US', contactedByUs: true });

    const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: 'sam', pass: 'pw-sam' }, logger: false });
    await client.connect();
    try {
      const lock = await client.getMailboxLock('Sent');
      try {
        expect(await client.search({ header: { 'message-id': sentMessageId } }, { uid: true })).toHaveLength(1);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }

    // a redelivered respond job (at-least-once) sends nothing more
    await svc.boss.send(QUEUES.respond, { outreachId: created.body.id, approvalId: created.body.approvalId });
    await new Promise((r) => setTimeout(r, 2500));
    expect(received).toHaveLength(1);
  }, 60_000);

  it("the partner's answer (In-Reply-To: our Message-ID) is matched to the same relationship, even from an unknown address", async () => {
    expect(sentMessageId).not.toBe('');
    const raw = [
      'From: Eda Writer <eda.writes@gmail.com>', 'To: Sam Writer <sam@agency.example>', 'Subject: Re: Your piece on distributed teams',
      'Message-ID: <eda-answer-1@mail.gmail.com>', `In-Reply-To: ${sentMessageId}`, `References: ${sentMessageId}`,
      'Date: Mon, 30 Nov 2026 09:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '',
      'Hi Sam, thanks for reaching out. What would you like the link to point to exactly?', '',
    ].join('\r\n');
    await dovecot.deliver('sam', raw);
    // stored by the poller, then matched by the ingest.match step
    await waitFor(async () => (await t.db.query(`select 1 from inbound_messages where message_id = '<eda-answer-1@mail.gmail.com>' and matched_at is not null`)).rows.length > 0, { what: 'the answer to be ingested', timeoutMs: 30_000 });
    const m = (await t.db.query<{ relationship_id: string; in_reply_to: string }>(`select relationship_id, in_reply_to from inbound_messages where message_id = '<eda-answer-1@mail.gmail.com>'`)).rows[0]!;
    expect(m).toEqual({ relationship_id: firstRel, in_reply_to: sentMessageId });
    await waitFor(async () => (await events(firstRel)).some((e) => e.type === 'EMAIL_RECEIVED'), { what: 'EMAIL_RECEIVED' });
    expect((await call<Row>('GET', `/v1/link-building/crm/relationship/${firstRel}`)).body['status']).toBe('ACTIVELY_ENGAGED');
  }, 60_000);

  it('a partner who became DO_NOT_CONTACT after the approval is not emailed', async () => {
    const p = await partner();
    const created = (await call<Out>('POST', '/v1/link-building/campaign/send_email', {
      relationshipId: p.relationshipId, to: p.email, mailboxId, subject: 'A resource for your readers', text: OUTREACH_TEXT,
    })).body;
    await svc.boss.offWork(QUEUES.respond);
    const before = received.length;
    expect((await call('POST', `/v1/link-building/approvals/${created.approvalId!}/approve`, {})).status).toBe(200);
    // DNC is asserted, never PATCHed (issue 10); the workspace's own view is DNC at once, with or without evidence.
    expect((await call('POST', `/v1/link-building/crm/account/${p.accountId}/assertions`, { workspaceId: s.ws1, fact: 'DO_NOT_CONTACT', reason: 'asked by phone' })).status).toBe(201);
    const refuse = async (): Promise<never> => {
      throw new Error('no sender may be asked');
    };
    await registerStep({ db: svc.db, boss: svc.boss, log: svc.log }, QUEUES.respond, respondStep({ db: svc.db, now: () => new Date(), senderFor: refuse, outreachSenderFor: refuse }));
    await waitFor(async () => (await outreach(created.id)).status === 'FAILED', { what: 'the blocked send', timeoutMs: 20_000 });
    expect((await outreach(created.id)).sendError).toMatch(/DO_NOT_CONTACT/);
    expect(received.length).toBe(before);
    const evs = await events(p.relationshipId);
    expect(evs.filter((e) => e.type === 'EMAIL_SENT')).toEqual([]);
    expect(evs.find((e) => e.type === 'NOTE_ADDED' && !e.metadata?.['assertion'])?.metadata).toMatchObject({ outreachId: created.id, sendFailed: true });
    expect((await t.db.query('select 1 from outbound_sends where outreach_id = $1', [created.id])).rows).toEqual([]);
  }, 60_000);
});
