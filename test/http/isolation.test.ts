import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../support/test-db.ts';
import { seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';

type Row = Record<string, unknown> & { id: string };

/**
 * Every endpoint × ids that belong to another agency: always 404 (never 403, which would confirm
 * the id exists), and nothing changes.
 */
describe('one agency never reaches another agency’s data', () => {
  let svc: TestService;
  let t: TestDb;
  let app: TestService;
  let inboundB: string;
  let approvalB: string;
  const mailboxB = 'mbx_foreignmailbox01';
  let a: Awaited<ReturnType<typeof seedAgency>>;
  let b: Awaited<ReturnType<typeof seedAgency>>;
  let acct: Row;
  let relB: Row;
  let evtB: Row;

  beforeAll(async () => {
    svc = await startTestService('postgres', { SECRET_KEY: 'i'.repeat(40) });
    app = svc;
    t = svc.t;
    a = await seedAgency(app, 'Agency A');
    b = await seedAgency(app, 'Agency B');
    acct = (await app.call<Row>('POST', '/v1/link-building/crm/account', { token: b.key, body: { domain: 'partner.example' } })).body;
    relB = (await app.call<Row>('POST', '/v1/link-building/crm/relationship', { token: b.key, body: { workspaceId: b.ws1, accountId: acct.id } })).body;
    evtB = (await app.call<Row>('POST', '/v1/link-building/crm/event', { token: b.key, body: { relationshipId: relB.id, type: 'NOTE_ADDED', content: 'B secret note' } })).body;
    // B's inbound price quote waits for B's approval
    const hook = await app.call('POST', `/v1/webhooks/instantly/${b.ws1}`, {
      headers: { 'x-webhook-secret': b.ws1Secret },
      body: { event_type: 'reply_received', timestamp: '2026-11-01T00:00:00Z', lead_email: 'ed@partner.example', email_id: 'iso-1', reply_text: 'Our guest post fee is $500.' },
    });
    expect(hook.status).toBe(202);
    inboundB = await inboundOfEmail(t.db, b.ws1, 'iso-1');
    await waitFor(async () => !!(await t.db.query(`select 1 from approvals where inbound_id = $1`, [inboundB])).rows.length, { what: "B's approval" });
    approvalB = (await t.db.query<{ id: string }>('select id from approvals where inbound_id = $1', [inboundB])).rows[0]!.id;
    await t.db.query(
      `insert into mailboxes (id, workspace_id, address, imap_host, imap_port, imap_secure, imap_user, imap_password_enc, smtp_host, smtp_port, smtp_secure, smtp_user, smtp_password_enc)
       values ($1, $2, 'b@agency-b.example', '127.0.0.1', 1, false, 'b', 'v1:x:y:z', '127.0.0.1', 1, false, 'b', 'v1:x:y:z')`,
      [mailboxB, b.ws1],
    );
  }, 60_000);
  afterAll(async () => {
    await svc.close();
  });

  const matrix: Array<[string, string, () => string, () => unknown]> = [
    ['GET', 'relationship by id', () => `/v1/link-building/crm/relationship/${relB.id}`, () => undefined],
    ['PATCH', 'relationship by id', () => `/v1/link-building/crm/relationship/${relB.id}`, () => ({ status: 'INACTIVE', rawNotes: 'A was here' })],
    ['GET', 'relationships of a foreign workspace', () => `/v1/link-building/crm/relationship?workspaceId=${b.ws1}`, () => undefined],
    ['POST', 'relationship in a foreign workspace', () => '/v1/link-building/crm/relationship', () => ({ workspaceId: b.ws1, accountId: acct.id })],
    ['GET', 'event by id', () => `/v1/link-building/crm/event/${evtB.id}`, () => undefined],
    ['GET', 'events of a foreign workspace', () => `/v1/link-building/crm/event?workspaceId=${b.ws1}`, () => undefined],
    ['GET', 'events of a foreign relationship', () => `/v1/link-building/crm/event?relationshipId=${relB.id}`, () => undefined],
    ['POST', 'event on a foreign relationship', () => '/v1/link-building/crm/event', () => ({ relationshipId: relB.id, type: 'NOTE_ADDED', content: 'x' })],
    ['GET', 'inbound message by id', () => `/v1/link-building/inbound/${inboundB}`, () => undefined],
    ['GET', 'inbound messages of a foreign workspace', () => `/v1/link-building/inbound?workspaceId=${b.ws1}`, () => undefined],
    ['GET', 'gate policy of a foreign workspace', () => `/v1/link-building/gates?workspaceId=${b.ws1}`, () => undefined],
    ['PUT', 'gate policy of a foreign workspace', () => `/v1/link-building/gates?workspaceId=${b.ws1}`, () => ({ minConfidence: 0 })],
    ['GET', 'approval by id', () => `/v1/link-building/approvals/${approvalB}`, () => undefined],
    ['POST', 'approve a foreign approval', () => `/v1/link-building/approvals/${approvalB}/approve`, () => ({})],
    ['POST', 'reject a foreign approval', () => `/v1/link-building/approvals/${approvalB}/reject`, () => ({ reason: 'no' })],
    ['GET', 'approvals of a foreign workspace', () => `/v1/link-building/approvals?workspaceId=${b.ws1}`, () => undefined],
    ['GET', 'mailbox by id', () => `/v1/mailboxes/${mailboxB}`, () => undefined],
    ['DELETE', 'disconnect a foreign mailbox', () => `/v1/mailboxes/${mailboxB}`, () => undefined],
    ['GET', 'mailboxes of a foreign workspace', () => `/v1/mailboxes?workspaceId=${b.ws1}`, () => undefined],
  ];

  it.each(matrix)('%s %s → 404', async (method, _what, path, body) => {
    const before = await t.db.query('select count(*)::int as n from events');
    const res = await app.call<{ error: { code: string } }>(method, path(), { token: a.key, body: body() });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const after = await t.db.query('select count(*)::int as n from events');
    expect(after.rows).toEqual(before.rows);
  });

  it('the foreign approval, gate policy and mailbox are untouched, and unlisted', async () => {
    expect((await t.db.query<{ status: string }>('select status from approvals where id = $1', [approvalB])).rows[0]?.status).toBe('PENDING');
    expect((await t.db.query('select gate_policy from workspaces where id = $1 and gate_policy is not null', [b.ws1])).rows).toHaveLength(0);
    expect((await t.db.query('select 1 from mailboxes where id = $1 and disconnected_at is null', [mailboxB])).rows).toHaveLength(1);
    const inbox = await app.call<{ data: Row[] }>('GET', '/v1/link-building/inbound', { token: a.key });
    expect(inbox.body.data.some((m) => m.id === inboundB)).toBe(false);
    const approvals = await app.call<{ data: Row[] }>('GET', '/v1/link-building/approvals', { token: a.key });
    expect(approvals.body.data.some((x) => x.id === approvalB)).toBe(false);
    const mailboxes = await app.call<{ data: Row[] }>('GET', '/v1/mailboxes', { token: a.key });
    expect(mailboxes.body.data).toHaveLength(0);
  });

  it('the foreign relationship is untouched', async () => {
    const rel = await app.call<Row>('GET', `/v1/link-building/crm/relationship/${relB.id}`, { token: b.key });
    expect(rel.body).toMatchObject({ status: 'PROSPECTING', rawNotes: null });
  });

  it('listing by a shared account shows only the caller’s own events and relationships', async () => {
    const relA = (await app.call<Row>('POST', '/v1/link-building/crm/relationship', { token: a.key, body: { workspaceId: a.ws1, accountId: acct.id } })).body;
    await app.call('POST', '/v1/link-building/crm/event', { token: a.key, body: { relationshipId: relA.id, type: 'NOTE_ADDED', content: 'A note' } });
    const events = await app.call<{ data: Row[] }>('GET', `/v1/link-building/crm/event?accountId=${acct.id}`, { token: a.key });
    expect(events.body.data.map((e) => e.content)).toEqual(['A note']);
    const rels = await app.call<{ data: Row[] }>('GET', `/v1/link-building/crm/relationship?accountId=${acct.id}`, { token: a.key });
    expect(rels.body.data.map((r) => r.id)).toEqual([relA.id]);
    const all = await app.call<{ data: Row[] }>('GET', '/v1/link-building/crm/relationship', { token: a.key });
    expect(all.body.data.some((r) => r.id === relB.id)).toBe(false);
  });

  it('accounts are shared knowledge: both agencies read the same row', async () => {
    const fromA = await app.call<Row>('GET', `/v1/link-building/crm/account/${acct.id}`, { token: a.key });
    expect(fromA.status).toBe(200);
    expect(fromA.body.domain).toBe('partner.example');
  });
});
