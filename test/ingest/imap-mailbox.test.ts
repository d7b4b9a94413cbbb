import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { makeMessage } from '../support/imap-fakes.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { httpCaller } from '../support/http-call.ts';
import { SMTPServer } from 'smtp-server';

type Row = Record<string, unknown>;

/** A mailbox connected through the API, polled by the service, against a real Dovecot. */
describe.skipIf(!dovecotAvailable)(`IMAP mailbox end to end${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  let t: TestDb;
  let svc: RunningService;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let relId: string;
  let mailboxId: string;
  let smtp: SMTPServer;

  const start = async () => {
    svc = await startService(loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'silent', ALLOW_PRIVATE_HOSTS: 'true' }));
  };
  const http = httpCaller(() => `http://127.0.0.1:${svc.port}`);
  const call = <T = Row>(method: string, path: string, body?: unknown, token: string = s?.key) => http<T>(method, path, { body, token });
  const inboundOf = async (subject: string) =>
    (await t.db.query<{ id: string; relationship_id: string; source: string; mailbox_id: string }>('select * from inbound_messages where subject = $1 and matched_at is not null', [subject])).rows; // stored, then matched by the ingest.match step

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'agent', password: 'pw-agent' }] });
    smtp = new SMTPServer({ authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], onAuth: (a, _s, cb) => (a.password === 'pw-agent' ? cb(null, { user: a.username }) : cb(new Error('bad'))) });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    smtpPort = (smtp.server.address() as { port: number }).port;
    t = await createTestDb('postgres');
    await start();
    s = await seedAgency({ call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => call(m, p, o.body, o.token ?? s?.key) } as never, 'IMAP Agency');
    const acct = await call<{ id: string }>('POST', '/v1/link-building/crm/account', { domain: 'blog.example' });
    await call('POST', '/v1/link-building/crm/contact', { accountId: acct.body.id, email: 'owner@blog.example', firstName: 'Olive' });
    relId = (await call<{ id: string }>('POST', '/v1/link-building/crm/relationship', { workspaceId: s.ws1, accountId: acct.body.id })).body.id;
  });
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
    await dovecot?.stop();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  const mailbox = (password: string) => ({
    workspaceId: s.ws1,
    address: 'outreach@agency.example',
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'agent', password },
    smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: 'agent', password },
  });
  let smtpPort = 0;

  it('refuses a mailbox whose login fails, naming the field, and stores nothing', async () => {
    const bad = await call<{ error: { field: string; message: string } }>('POST', '/v1/mailboxes', mailbox('wrong'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.imap.password');
    expect((await t.db.query('select * from mailboxes')).rows).toHaveLength(0);
  });

  it('connects a mailbox (password never returned, stored encrypted) and ingests a reply delivered to it, matched to the partner', async () => {
    const created = await call<Row & { id: string }>('POST', '/v1/mailboxes', mailbox('pw-agent'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    mailboxId = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain('pw-agent');
    const stored = await t.db.query<{ imap_password_enc: string }>('select imap_password_enc from mailboxes where id = $1', [mailboxId]);
    expect(stored.rows[0]?.imap_password_enc).toMatch(/^v1:/);
    expect(stored.rows[0]?.imap_password_enc).not.toContain('pw-agent');

    // the poller's first sync saves a cursor ("new mail from now on")
    await waitFor(async () => (await t.db.query('select 1 from mailbox_sync_state where mailbox_id = $1 and last_uid is not null', [mailboxId])).rows.length > 0, { what: 'first sync' });
    await dovecot.deliver('agent', makeMessage('reply-1', { from: 'Olive Owner <owner@blog.example>', body: 'Yes, happy to look at your article. Send it over.' }));
    await waitFor(async () => (await inboundOf('message reply-1')).length === 1, { what: 'the reply to be ingested' });
    const [m] = await inboundOf('message reply-1');
    expect(m).toMatchObject({ source: 'IMAP', mailbox_id: mailboxId, relationship_id: relId });
    const events = await call<{ data: Array<{ type: string }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}`);
    expect(events.body.data.map((e) => e.type)).toContain('EMAIL_RECEIVED');
    const list = await call<{ data: Array<{ id: string; sync: { lastUid: number } }> }>('GET', '/v1/mailboxes');
    expect(list.body.data[0]?.sync.lastUid).toBeGreaterThanOrEqual(1);
  });

  it('mail that arrives while the service is down is ingested after a restart, exactly once', async () => {
    await svc.stop();
    await dovecot.deliver('agent', makeMessage('reply-2', { from: 'owner@blog.example' }));
    await start();
    await waitFor(async () => (await inboundOf('message reply-2')).length === 1, { what: 'the message delivered while down' });
    await dovecot.deliver('agent', makeMessage('reply-3', { from: 'owner@blog.example' }));
    await waitFor(async () => (await inboundOf('message reply-3')).length === 1, { what: 'new mail after restart' });
    expect(await inboundOf('message reply-1')).toHaveLength(1);
    const { rows } = await t.db.query<{ n: number }>(`select count(*)::int as n from events where type = 'EMAIL_RECEIVED' and relationship_id = $1`, [relId]);
    expect(rows[0]?.n).toBe(3);
  });

  it('the CLI backfill imports history since a date, classified but never answered, and adds nothing twice', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = () => promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'backfill', mailboxId, '--since', '2020-01-01'], {
      env: { ...process.env, DATABASE_URL: t.url, SECRET_KEY: 'k'.repeat(40), LOG_LEVEL: 'silent', ALLOW_PRIVATE_HOSTS: 'true' },
    });
    // history from before the mailbox was connected: the poller ("new mail from now on") skipped it
    await svc.stop();
    await dovecot.deliverMany('agent', [makeMessage('old-1', { from: 'owner@blog.example', body: 'Our price for a guest post is $220.' })], 'INBOX', { internalDate: new Date('2025-06-01T00:00:00Z') });
    const first = await run();
    expect(JSON.parse(first.stdout)).toMatchObject({ mailboxId, aborted: false });
    expect(first.stderr).toMatch(/\d+\/\d+ \(100%\)/);
    await run();
    await start();
    await waitFor(async () => (await t.db.query<{ status: string }>(`select status from inbound_messages where subject = 'message old-1'`)).rows[0]?.status === 'NO_REPLY', { what: 'the imported message to be decided', timeoutMs: 20_000 });
    expect(await inboundOf('message old-1')).toHaveLength(1);
    const m = await t.db.query<{ decision: { gates: Array<{ gate: string }> } }>(`select decision from inbound_messages where subject = 'message old-1'`);
    expect(m.rows[0]?.decision.gates.map((g) => g.gate)).toEqual(['imported-history']);
  }, 60_000);

  it('another agency cannot see or delete the mailbox; its owner can disconnect it', async () => {
    const other = await call<{ id: string }>('POST', '/v1/admin/agencies', { name: 'Other' }, ADMIN_TOKEN);
    const key = await call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { agencyId: other.body.id }, ADMIN_TOKEN);
    expect((await call('GET', `/v1/mailboxes/${mailboxId}`, undefined, key.body.apiKey)).status).toBe(404);
    expect((await call('DELETE', `/v1/mailboxes/${mailboxId}`, undefined, key.body.apiKey)).status).toBe(404);
    expect((await call('DELETE', `/v1/mailboxes/${mailboxId}`)).status).toBe(204);
    expect((await call<{ data: unknown[] }>('GET', '/v1/mailboxes')).body.data).toHaveLength(0);
  });
});
