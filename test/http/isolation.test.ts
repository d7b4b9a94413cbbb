import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';

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
  let relBStatus: unknown;
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
    // what B's own pipeline made of it (the partner's reply engages B's relationship), before A tries anything
    relBStatus = (await app.call<Row>('GET', `/v1/link-building/crm/relationship/${relB.id}`, { token: b.key })).body.status;
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
    expect(rel.body).toMatchObject({ status: relBStatus, rawNotes: null });
    expect(relBStatus).not.toBe('INACTIVE'); // what A's PATCH asked for
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

/**
 * Shared partners (accounts, contacts) are read by every agency, but no agency can change, clear or
 * fake another agency's view of them (issue 10, items 2–5).
 */
describe('no agency bends another agency’s view of a shared partner', () => {
  let svc: TestService;
  let a: Awaited<ReturnType<typeof seedAgency>>;
  let b: Awaited<ReturnType<typeof seedAgency>>;
  let bigblog: Row;
  let editor: Row;
  let decoy: Row;
  let relB: Row;
  let instantly: FakeInstantlyServer;
  const lb = '/v1/link-building';
  const hook = (ag: { ws1: string; ws1Secret: string }, body: Record<string, unknown>) =>
    svc.call('POST', `/v1/webhooks/instantly/${ag.ws1}`, { headers: { 'x-webhook-secret': ag.ws1Secret }, body: { timestamp: '2026-11-20T10:00:00Z', ...body } });
  const sharedAccount = async (id: string) => (await svc.t.db.query<Record<string, unknown>>('select * from accounts where id = $1', [id])).rows[0]!;
  const eventsOfWs = async (ws: string, type: string) => Number((await svc.t.db.query<{ n: number }>('select count(*)::int as n from events where workspace_id = $1 and type = $2', [ws, type])).rows[0]?.n);

  beforeAll(async () => {
    // Instantly knows A's sends: an email_sent webhook is evidence only once Instantly confirms it
    instantly = await startFakeInstantly({ emails: [fakeSentEmail('a-sent-1', 'editor@bigblog.example'), fakeSentEmail('a-sent-2', 'boss@bigblog.example')] });
    svc = await startTestService('postgres', { SECRET_KEY: 'j'.repeat(40), INSTANTLY_API_KEY: instantly.apiKey, INSTANTLY_BASE_URL: instantly.baseURL });
    a = await seedAgency(svc, 'Agency A');
    b = await seedAgency(svc, 'Agency B');
    bigblog = (await svc.call<Row>('POST', `${lb}/crm/account`, { token: a.key, body: { domain: 'bigblog.example' } })).body;
    editor = (await svc.call<Row>('POST', `${lb}/crm/contact`, { token: a.key, body: { accountId: bigblog.id, email: 'editor@bigblog.example', notes: 'A: prefers Tuesdays', workspaceId: a.ws1 } })).body;
    await svc.call('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: a.key, body: { rawNotes: 'A: they charge extra for dofollow', workspaceId: a.ws1 } });
    // A really emailed the editor (Instantly's email_sent): A's thread with the partner
    expect((await hook(a, { event_type: 'email_sent', lead_email: 'editor@bigblog.example', email_id: 'a-sent-1' })).status).toBe(202);
    await waitFor(async () => (await eventsOfWs(a.ws1, 'EMAIL_SENT')) === 1, { what: "A's send" });
    decoy = (await svc.call<Row>('POST', `${lb}/crm/account`, { token: b.key, body: { domain: 'decoy-b.example' } })).body;
    relB = (await svc.call<Row>('POST', `${lb}/crm/relationship`, { token: b.key, body: { workspaceId: b.ws1, accountId: bigblog.id } })).body;
  }, 60_000);
  afterAll(async () => {
    await svc.close();
    await instantly.close();
  });

  it("B cannot redirect A's contact to its own address (item 2)", async () => {
    const r = await svc.call<{ error: { field: string; message: string } }>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: b.key, body: { email: 'x@agency-b.example' } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('body.email');
    expect(r.body.error.message).toMatch(/create a new contact/);
    expect((await svc.t.db.query('select email from contacts where id = $1', [editor.id])).rows[0]).toEqual({ email: 'editor@bigblog.example' });
    const elsewhere = await svc.call<{ error: { field: string } }>('POST', `${lb}/crm/contact`, { token: b.key, body: { accountId: bigblog.id, email: 'x@agency-b.example' } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.field).toBe('body.email');
  });

  it("B cannot rename A's editor (a draft greets her by that name); a workspace with the thread can", async () => {
    const filled = await svc.call<Row>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: a.key, body: { firstName: 'Eda', position: 'Editor' } });
    expect(filled.status).toBe(200); // an empty field may be filled by anyone
    for (const body of [{ firstName: 'Idiot' }, { firstName: 'Idiot', workspaceId: b.ws1 }]) {
      const r = await svc.call<{ error: { field: string; message: string } }>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: b.key, body });
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe('body.firstName');
      expect(r.body.error.message).toMatch(/thread with this address/);
    }
    expect((await svc.t.db.query('select first_name from contacts where id = $1', [editor.id])).rows[0]).toEqual({ first_name: 'Eda' });
    const byA = await svc.call<Row>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: a.key, body: { firstName: 'Edith', workspaceId: a.ws1 } });
    expect(byA.status).toBe(200);
    expect(byA.body.firstName).toBe('Edith');
  });

  it.each([
    ['systemContactStatus', 'NEVER_CONTACTED'],
    ['systemContactStatus', 'DO_NOT_CONTACT'],
    ['coolingOffUntil', '2099-01-01T00:00:00Z'],
    ['priceGuestPost', 1],
    ['priceLinkInsertion', 1],
    ['priceCurrency', 'EUR'],
    ['bestContactId', 'ct_fromagencyb'],
  ])('PATCH account {%s: %s} by any agency is a 400 naming the field, and changes nothing (item 3)', async (field, value) => {
    const before = await sharedAccount(bigblog.id as string);
    const r = await svc.call<{ error: { field: string; message: string } }>('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: b.key, body: { [field]: value } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe(`body.${field}`);
    expect(r.body.error.message).toMatch(/assertions/);
    expect(await sharedAccount(bigblog.id as string)).toEqual(before);
    const created = await svc.call<{ error: { field: string } }>('POST', `${lb}/crm/account`, { token: b.key, body: { domain: `fresh-${field.toLowerCase()}.example`, [field]: value } });
    expect(created.status).toBe(400);
    expect(created.body.error.field).toBe(`body.${field}`);
  });

  it('a NOTE_ADDED carrying doNotContact is refused (item 3)', async () => {
    const r = await svc.call<{ error: { field: string } }>('POST', `${lb}/crm/event`, { token: b.key, body: { relationshipId: relB.id, type: 'NOTE_ADDED', metadata: { doNotContact: true } } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('body.metadata.doNotContact');
    expect((await sharedAccount(bigblog.id as string))['system_contact_status']).not.toBe('DO_NOT_CONTACT');
  });

  it("B's own webhooks about a partner B never emailed change only B's view (item 3)", async () => {
    expect((await hook(b, { event_type: 'lead_unsubscribed', lead_email: 'editor@bigblog.example', email_id: 'b-unsub-1' })).status).toBe(202);
    await waitFor(async () => !!(await svc.t.db.query(`select 1 from account_assertions where workspace_id = $1 and fact = 'DO_NOT_CONTACT'`, [b.ws1])).rows.length, { what: "B's assertion" });
    expect((await sharedAccount(bigblog.id as string))['system_contact_status']).toBe('CONTACTED');
    const asB = await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${b.ws1}`, { token: b.key });
    expect(asB.body.systemContactStatus).toBe('DO_NOT_CONTACT');
    const asA = await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${a.ws1}`, { token: a.key });
    expect(asA.body.systemContactStatus).toBe('CONTACTED');
    // B asserting through the API without a thread: the same, flagged
    const asserted = await svc.call<Row>('POST', `${lb}/crm/account/${bigblog.id}/assertions`, { token: b.key, body: { workspaceId: b.ws1, fact: 'PRICES', priceGuestPost: 1 } });
    expect(asserted.status).toBe(201);
    expect(asserted.body).toMatchObject({ scope: 'WORKSPACE', flagged: true, evidence: 'NONE' });
    expect((await sharedAccount(bigblog.id as string))['price_guest_post']).toBeNull();
    // A cannot assert for B's workspace
    expect((await svc.call('POST', `${lb}/crm/account/${bigblog.id}/assertions`, { token: a.key, body: { workspaceId: b.ws1, fact: 'DO_NOT_CONTACT' } })).status).toBe(404);
  });

  it('which agency contacted a partner stays private; notes are per workspace (item 5)', async () => {
    const asB = (await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}`, { token: b.key })).body;
    expect(asB).toMatchObject({ firstContactedByOrgId: null, lastContactedByOrgId: null, rawNotes: null, contactAttemptCount: 1 });
    expect(asB.firstContactedAt).toBeTruthy();
    const listed = (await svc.call<{ data: Row[] }>('GET', `${lb}/crm/account?domain=bigblog.example`, { token: b.key })).body.data[0]!;
    expect(listed).toMatchObject({ firstContactedByOrgId: null, lastContactedByOrgId: null });
    const asA = (await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${a.ws1}`, { token: a.key })).body;
    expect(asA).toMatchObject({ firstContactedByOrgId: a.ws1, lastContactedByOrgId: a.ws1, rawNotes: 'A: they charge extra for dofollow' });

    expect((await svc.call<Row>('GET', `${lb}/crm/contact/${editor.id}`, { token: b.key })).body.notes).toBeNull();
    expect((await svc.call<Row>('GET', `${lb}/crm/contact/${editor.id}?workspaceId=${b.ws1}`, { token: b.key })).body.notes).toBeNull();
    expect((await svc.call('GET', `${lb}/crm/contact/${editor.id}?workspaceId=${a.ws1}`, { token: b.key })).status).toBe(404);
    // B writes its own notes; A's stay as they were
    const patched = await svc.call<Row>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: b.key, body: { notes: 'B was here', workspaceId: b.ws1 } });
    expect(patched.body.notes).toBe('B was here');
    await svc.call('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: b.key, body: { rawNotes: 'B was here', workspaceId: b.ws1 } });
    expect((await svc.call<Row>('GET', `${lb}/crm/contact/${editor.id}?workspaceId=${a.ws1}`, { token: a.key })).body.notes).toBe('A: prefers Tuesdays');
    expect((await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${a.ws1}`, { token: a.key })).body.rawNotes).toBe('A: they charge extra for dofollow');
    const noWs = await svc.call<{ error: { field: string } }>('PATCH', `${lb}/crm/contact/${editor.id}`, { token: b.key, body: { notes: 'shared?' } });
    expect(noWs.status).toBe(400);
    expect(noWs.body.error.field).toBe('body.workspaceId');
  });

  it("B cannot fake the DR or traffic A's gates read; B's own figure binds B only (item 3)", async () => {
    const before = await sharedAccount(bigblog.id);
    const bare = await svc.call<{ error: { message: string } }>('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: b.key, body: { domainRating: 95 } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toMatch(/domainRating/);
    expect((await svc.call('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: b.key, body: { domainRating: 95, organicTraffic: 1, workspaceId: a.ws1 } })).status).toBe(404);
    const own = await svc.call<Row>('PATCH', `${lb}/crm/account/${bigblog.id}`, { token: b.key, body: { domainRating: 95, organicTraffic: 1, workspaceId: b.ws1 } });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ domainRating: 95, organicTraffic: 1 });
    const asserted = await svc.call<Row>('POST', `${lb}/crm/account/${bigblog.id}/assertions`, { token: b.key, body: { workspaceId: b.ws1, fact: 'METRICS', domainRating: 96 } });
    expect(asserted.status).toBe(201);
    expect(asserted.body).toMatchObject({ scope: 'WORKSPACE', flagged: false });
    // the shared row and A's view are what they were
    expect((await sharedAccount(bigblog.id))['domain_rating']).toEqual(before['domain_rating']);
    const fromA = (await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${a.ws1}`, { token: a.key })).body;
    expect(fromA.domainRating).toEqual(before['domain_rating'] === null ? null : Number(before['domain_rating']));
    expect((await svc.call<Row>('GET', `${lb}/crm/account/${bigblog.id}?workspaceId=${b.ws1}`, { token: b.key })).body.domainRating).toBe(96);
  });

  it('metrics given when an account is created bind the creating workspace only: the first writer seeds nothing for others', async () => {
    const bare = await svc.call<{ error: { field: string } }>('POST', `${lb}/crm/account`, { token: b.key, body: { domain: 'seeded-by-b.example', domainRating: 95 } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.field).toBe('body.domainRating');
    expect((await svc.t.db.query(`select 1 from accounts where domain = 'seeded-by-b.example'`)).rows).toHaveLength(0); // no partial row
    expect((await svc.call('POST', `${lb}/crm/account`, { token: b.key, body: { domain: 'seeded-by-b.example', domainRating: 95, workspaceId: a.ws1 } })).status).toBe(404);
    const created = await svc.call<Row>('POST', `${lb}/crm/account`, { token: b.key, body: { domain: 'seeded-by-b.example', domainRating: 95, organicTraffic: 900_000, workspaceId: b.ws1 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ domainRating: 95, organicTraffic: 900_000 }); // B's own view
    const shared = await sharedAccount(created.body.id);
    expect(shared).toMatchObject({ domain_rating: null, organic_traffic: null, ahref_stats_updated_at: null });
    const fromA = (await svc.call<Row>('GET', `${lb}/crm/account/${created.body.id}?workspaceId=${a.ws1}`, { token: a.key })).body;
    expect(fromA).toMatchObject({ domainRating: null, organicTraffic: null });
    expect((await svc.call<Row>('GET', `${lb}/crm/account/${created.body.id}`, { token: a.key })).body).toMatchObject({ domainRating: null });
    // recorded for admins as B's own figure; an admin (a trusted source) may make it everyone's
    const log = await svc.call<{ data: Array<{ id: string; fact: string; workspaceId: string; scope: string; source: string }> }>('GET', `/v1/admin/assertions?accountId=${created.body.id}`, { token: ADMIN_TOKEN });
    const metrics = log.body.data.find((x) => x.fact === 'METRICS');
    expect(metrics).toMatchObject({ workspaceId: b.ws1, scope: 'WORKSPACE', source: 'API' });
    const promoted = await svc.call('POST', `/v1/admin/assertions/${metrics!.id}/review`, { token: ADMIN_TOKEN, body: { decision: 'PROMOTE', reason: 'checked in Ahrefs' } });
    expect(promoted.status).toBe(200);
    expect(await sharedAccount(created.body.id)).toMatchObject({ domain_rating: 95 });
  });

  it("an Instantly send is evidence only once Instantly confirms it: B's unconfirmed or borrowed sends prove nothing", async () => {
    const sendOf = async (ws: string, emailId: string) =>
      (await svc.t.db.query<{ verified: boolean; why: string }>(`select (metadata->>'verified')::boolean as verified, metadata->>'verification' as why from events where workspace_id = $1 and type = 'EMAIL_SENT' and metadata->>'instantlyEmailId' = $2`, [ws, emailId])).rows[0];
    expect(await sendOf(a.ws1, 'a-sent-1')).toEqual({ verified: true, why: 'Instantly knows this send' });
    // B claims a send Instantly never made, and B claims A's real send as its own
    expect((await hook(b, { event_type: 'email_sent', lead_email: 'owner@quietblog.example', email_id: 'b-invented-1' })).status).toBe(202);
    expect((await hook(b, { event_type: 'email_sent', lead_email: 'editor@bigblog.example', email_id: 'a-sent-1' })).status).toBe(202);
    await waitFor(async () => !!(await sendOf(b.ws1, 'b-invented-1')) && !!(await sendOf(b.ws1, 'a-sent-1')), { what: "B's sends" });
    expect(await sendOf(b.ws1, 'b-invented-1')).toEqual({ verified: false, why: 'Instantly has no email with this id' });
    expect(await sendOf(b.ws1, 'a-sent-1')).toEqual({ verified: false, why: "this Instantly email already proves another workspace's send" });
    // so B's unsubscribe for the quiet partner binds B only, and waits for an admin's review
    expect((await hook(b, { event_type: 'lead_unsubscribed', lead_email: 'owner@quietblog.example', email_id: 'b-unsub-q' })).status).toBe(202);
    const quiet = await svc.t.db.query<{ id: string; system_contact_status: string }>(`select id, system_contact_status from accounts where domain = 'quietblog.example'`);
    await waitFor(async () => (await svc.call<Row>('GET', `${lb}/crm/account/${quiet.rows[0]!.id}?workspaceId=${b.ws1}`, { token: b.key })).body.systemContactStatus === 'DO_NOT_CONTACT', { what: "B's own DNC" });
    expect((await sharedAccount(quiet.rows[0]!.id))['system_contact_status']).not.toBe('DO_NOT_CONTACT');
    const flagged = await svc.call<{ data: Array<{ fact: string; workspaceId: string; evidence: string; scope: string; flagged: boolean }> }>('GET', `/v1/admin/assertions?accountId=${quiet.rows[0]!.id}&flagged=true`, { token: ADMIN_TOKEN });
    expect(flagged.body.data).toEqual([expect.objectContaining({ fact: 'DO_NOT_CONTACT', workspaceId: b.ws1, evidence: 'NONE', scope: 'WORKSPACE', flagged: true })]);
  });

  it("a decoy contact cannot capture the partner's unsubscribe (item 4)", async () => {
    const r = await svc.call<{ error: { field: string } }>('POST', `${lb}/crm/contact`, { token: b.key, body: { accountId: decoy.id, email: 'boss@bigblog.example' } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('body.email');
    // a decoy left from before the rule: the partner's own domain still wins when their mail is matched
    await svc.t.db.query(`insert into contacts (id, account_id, email) values ('ct_legacydecoy01', $1, 'boss@bigblog.example')`, [decoy.id]);
    expect((await hook(a, { event_type: 'email_sent', lead_email: 'boss@bigblog.example', email_id: 'a-sent-2' })).status).toBe(202);
    await waitFor(async () => (await eventsOfWs(a.ws1, 'EMAIL_SENT')) === 2, { what: "A's second send" });
    expect((await hook(a, { event_type: 'lead_unsubscribed', lead_email: 'boss@bigblog.example', email_id: 'a-unsub-1' })).status).toBe(202);
    await waitFor(async () => (await sharedAccount(bigblog.id as string))['system_contact_status'] === 'DO_NOT_CONTACT', { what: 'bigblog DO_NOT_CONTACT' });
    expect((await sharedAccount(decoy.id as string))['system_contact_status']).toBe('NEVER_CONTACTED');
  });

  it('DO_NOT_CONTACT is sticky: no agency lifts it; an admin does, with a reason (item 3)', async () => {
    await waitFor(async () => (await sharedAccount(bigblog.id as string))['system_contact_status'] === 'DO_NOT_CONTACT', { what: 'DNC' });
    for (const token of [a.key, b.key]) {
      const r = await svc.call<{ error: { field: string } }>('PATCH', `${lb}/crm/account/${bigblog.id}`, { token, body: { systemContactStatus: 'NEVER_CONTACTED' } });
      expect(r.body.error.field).toBe('body.systemContactStatus');
    }
    expect((await sharedAccount(bigblog.id as string))['system_contact_status']).toBe('DO_NOT_CONTACT');
    const noReason = await svc.call<{ error: { field: string } }>('POST', `/v1/admin/accounts/${bigblog.id}/clear-do-not-contact`, { token: ADMIN_TOKEN, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('body.reason');
    expect((await svc.call('POST', `/v1/admin/accounts/${bigblog.id}/clear-do-not-contact`, { token: a.key, body: { reason: 'x' } })).status).toBe(401);
    const cleared = await svc.call<{ account: Row }>('POST', `/v1/admin/accounts/${bigblog.id}/clear-do-not-contact`, { token: ADMIN_TOKEN, body: { reason: 'the editor asked by phone to hear from us again' } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.account.systemContactStatus).toBe('CONTACTED');
    const log = await svc.call<{ data: Array<{ fact: string; reason: string; workspaceId: string | null; evidence: string }> }>('GET', `/v1/admin/assertions?accountId=${bigblog.id}`, { token: ADMIN_TOKEN });
    expect(log.body.data.map((x) => x.fact)).toEqual(expect.arrayContaining(['DO_NOT_CONTACT', 'CLEAR_DO_NOT_CONTACT']));
    expect(log.body.data.find((x) => x.fact === 'CLEAR_DO_NOT_CONTACT')).toMatchObject({ workspaceId: null, evidence: 'ADMIN', reason: 'the editor asked by phone to hear from us again' });
    expect(log.body.data.find((x) => x.fact === 'DO_NOT_CONTACT' && x.workspaceId === a.ws1)).toMatchObject({ evidence: 'OUR_SEND' });
    expect((await svc.call('GET', '/v1/admin/assertions', { token: b.key })).status).toBe(401);
  });
});
