import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { sweepApprovals } from '../../src/respond/approvals/approval-expiry.ts';
import { enqueueWith } from '../../src/jobs/boss.ts';
import { count, OUTREACH_TEXT, seedAgency, seedMailbox, seedPartner, startOutreachService, type Agency } from './harness.ts';

type Row = Record<string, unknown>;
type Out = { id: string; status: string; approvalId: string | null; to: string; contactId: string; checks: Array<{ gate: string; passed: boolean }> };
type Err = { error: { code: string; message: string; field?: string } };

/** POST /v1/link-building/campaign/send_email through the whole service: validation, isolation, idempotency, approval. */
describe('POST /campaign/send_email', () => {
  let svc: TestService;
  let a: Agency;
  let b: Agency;
  let mbx: string;
  let mbx2: string;
  let otherMbx: string;

  const post = <T = Out>(agency: Agency, body: Row, headers: Record<string, string> = {}) =>
    svc.call<T>('POST', '/v1/link-building/campaign/send_email', { token: agency.key, body, headers });
  const emailFor = (p: { relationshipId: string; contactId: string }, extra: Row = {}): Row => ({
    relationshipId: p.relationshipId, contactId: p.contactId, mailboxId: mbx, subject: 'Your piece on distributed teams', text: OUTREACH_TEXT, ...extra,
  });
  const respondJobs = async (outreachId: string) =>
    (await svc.t.db.query<{ data: Row }>('select data from pgboss.job where name = $1 and data @> $2::jsonb', [QUEUES.respond, JSON.stringify({ outreachId })])).rows.map((r) => r.data);

  beforeAll(async () => {
    svc = await startOutreachService();
    a = await seedAgency(svc, 'Outreach A');
    b = await seedAgency(svc, 'Outreach B');
    mbx = await seedMailbox(svc, a.ws1, 'alex@agency-a.example');
    mbx2 = await seedMailbox(svc, a.ws2, 'alex@client2.example');
    otherMbx = await seedMailbox(svc, b.ws1, 'bo@agency-b.example');
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
  });

  it('waits for approval by default: the draft checks are shown, APPROVAL_REQUESTED carries the outreach id, nothing is queued to send', async () => {
    const p = await seedPartner(svc, a);
    const r = await post(a, emailFor(p));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'WAITING_APPROVAL', to: p.email, contactId: p.contactId });
    expect(r.body.id).toMatch(/^out_/);
    expect(r.body.checks.map((c) => [c.gate, c.passed])).toEqual([
      ['draft-links-known', true], ['draft-price-within-ceiling', true], ['draft-no-placeholders', true], ['draft-length', true], ['draft-language', true], ['draft-answers-questions', true], ['draft-content-on-file', true],
    ]);
    const approval = (await svc.call<Row>('GET', `/v1/link-building/approvals/${r.body.approvalId!}`, { token: a.key })).body;
    expect(approval).toMatchObject({ outreachId: r.body.id, inboundId: null, status: 'PENDING', draft: { subject: 'Your piece on distributed teams', text: OUTREACH_TEXT } });
    const listed = (await svc.call<{ data: Row[] }>('GET', `/v1/link-building/approvals?outreachId=${r.body.id}`, { token: a.key })).body.data;
    expect(listed.map((x) => x['id'])).toEqual([r.body.approvalId]);
    const events = (await svc.call<{ data: Array<{ type: string; metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${p.relationshipId}`, { token: a.key })).body.data;
    // both at the same instant: the log orders them by id within it
    expect(events.map((e) => e.type).sort()).toEqual(['APPROVAL_REQUESTED', 'GATES_EVALUATED']);
    expect(events.find((e) => e.type === 'APPROVAL_REQUESTED')!.metadata).toMatchObject({ outreachId: r.body.id, approvalId: r.body.approvalId });
    expect(events.find((e) => e.type === 'GATES_EVALUATED')!.metadata).toMatchObject({ outreachId: r.body.id, action: 'WAITING_APPROVAL', requireApproval: true });
    expect(await respondJobs(r.body.id)).toEqual([]);
    expect((await svc.call<Out>('GET', `/v1/link-building/campaign/outreach/${r.body.id}`, { token: a.key })).body.status).toBe('WAITING_APPROVAL');

    // without a key, a second first email for the same relationship is refused while this one is open
    const again = await post<Err>(a, emailFor(p));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(r.body.id);
  });

  it('placeholders and unknown links trip the draft checks; the approver sees them', async () => {
    const p = await seedPartner(svc, a);
    const r = await post(a, emailFor(p, { text: `Hi {{first_name}},\n\n${OUTREACH_TEXT}\nAlso see https://elsewhere.example/page` }));
    expect(r.status).toBe(201);
    const approval = (await svc.call<{ gates: Array<{ gate: string }> }>('GET', `/v1/link-building/approvals/${r.body.approvalId!}`, { token: a.key })).body;
    expect(approval.gates.map((g) => g.gate)).toEqual(['draft-links-known', 'draft-no-placeholders']);
  });

  it('an approver decides through the API: approve queues exactly one send job; reject and expiry send nothing', async () => {
    const p1 = await seedPartner(svc, a);
    const approved = (await post(a, emailFor(p1))).body;
    const edited = `${OUTREACH_TEXT}\n\nP.S. Happy to write a short intro paragraph for you.`;
    const ok = await svc.call<Row>('POST', `/v1/link-building/approvals/${approved.approvalId!}/approve`, { token: a.key, body: { text: edited } });
    expect(ok.status).toBe(200);
    expect(await respondJobs(approved.id)).toEqual([{ outreachId: approved.id, approvalId: approved.approvalId }]);
    expect((await svc.call<Row>('GET', `/v1/link-building/campaign/outreach/${approved.id}`, { token: a.key })).body).toMatchObject({ status: 'APPROVED', text: edited, html: null });
    expect((await svc.call<Row>('POST', `/v1/link-building/approvals/${approved.approvalId!}/reject`, { token: a.key, body: {} })).status).toBe(409);

    const p2 = await seedPartner(svc, a);
    const rejected = (await post(a, emailFor(p2))).body;
    expect((await svc.call('POST', `/v1/link-building/approvals/${rejected.approvalId!}/reject`, { token: a.key, body: { reason: 'not our audience' } })).status).toBe(200);
    expect((await svc.call<Out>('GET', `/v1/link-building/campaign/outreach/${rejected.id}`, { token: a.key })).body.status).toBe('DENIED');

    const p3 = await seedPartner(svc, a);
    const expiring = (await post(a, emailFor(p3))).body;
    await sweepApprovals(svc.t.db, new Date(Date.now() + 73 * 3600_000), enqueueWith(svc.service.boss));
    expect((await svc.call<Out>('GET', `/v1/link-building/campaign/outreach/${expiring.id}`, { token: a.key })).body.status).toBe('EXPIRED');
    expect([...(await respondJobs(rejected.id)), ...(await respondJobs(expiring.id))]).toEqual([]);
    // a decided relationship may get a new first email
    expect((await post(a, emailFor(p2))).status).toBe(201);
  });

  it('requireApproval: false is refused unless the workspace policy allows it; then a clean email is queued to send at once', async () => {
    const p = await seedPartner(svc, a);
    const refused = await post<Err>(a, emailFor(p, { requireApproval: false }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('body.requireApproval');
    expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [p.relationshipId])).toBe(0);

    expect((await svc.call('PUT', `/v1/link-building/gates?workspaceId=${a.ws1}`, { token: a.key, body: { outreachWithoutApproval: true } })).status).toBe(200);
    const sent = await post(a, emailFor(p, { requireApproval: false }));
    expect(sent.body).toMatchObject({ status: 'APPROVED', approvalId: null, requireApproval: false });
    expect(await respondJobs(sent.body.id)).toEqual([{ outreachId: sent.body.id, approvalId: null }]);
    // a failing draft check still sends it to a human
    const p2 = await seedPartner(svc, a);
    const held = await post(a, emailFor(p2, { requireApproval: false, text: 'Hi [NAME], quick question about your blog. Can we talk about a link?' }));
    expect(held.body.status).toBe('WAITING_APPROVAL');
    await svc.call('PUT', `/v1/link-building/gates?workspaceId=${a.ws1}`, { token: a.key, body: {} });
  });

  it('an Idempotency-Key makes a retried POST return the same email; a reused key with another body is a 409', async () => {
    const p = await seedPartner(svc, a);
    const key = `retry-${p.relationshipId}`;
    const first = await post(a, emailFor(p), { 'idempotency-key': key });
    const second = await post(a, emailFor(p), { 'idempotency-key': key });
    const viaBody = await post(a, emailFor(p, { idempotencyKey: key }));
    expect([first.status, second.status, viaBody.status]).toEqual([201, 201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(viaBody.body.id).toBe(first.body.id);
    expect(second.body.approvalId).toBe(first.body.approvalId);
    expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [p.relationshipId])).toBe(1);
    expect(await count(svc, 'select 1 from approvals where outreach_id = $1', [first.body.id])).toBe(1);
    expect(await count(svc, "select 1 from events where relationship_id = $1 and type = 'APPROVAL_REQUESTED'", [p.relationshipId])).toBe(1);

    const changed = await post<Err>(a, emailFor(p, { subject: 'Another subject' }), { 'idempotency-key': key });
    expect(changed.status).toBe(409);
    const mismatch = await post<Err>(a, emailFor(p, { idempotencyKey: 'other' }), { 'idempotency-key': key });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.field).toBe('body.idempotencyKey');

    // concurrent retries of one request: one email
    const p2 = await seedPartner(svc, a);
    const results = await Promise.all(Array.from({ length: 10 }, () => post(a, emailFor(p2), { 'idempotency-key': 'burst-1' })));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [p2.relationshipId])).toBe(1);
  });

  it('409 when the partner is DO_NOT_CONTACT, cooling off, or the address hard-bounced; nothing stored', async () => {
    const dnc = await seedPartner(svc, a);
    // asserted without a thread: they bind this workspace only (shared facts need evidence), which is enough to stop its sends
    const assert = (accountId: string, body: Row) => svc.call('POST', `/v1/link-building/crm/account/${accountId}/assertions`, { token: a.key, body: { workspaceId: a.ws1, ...body } });
    expect((await assert(dnc.accountId, { fact: 'DO_NOT_CONTACT' })).status).toBe(201);
    const cooling = await seedPartner(svc, a);
    expect((await assert(cooling.accountId, { fact: 'COOLING_OFF', coolingOffUntil: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(201);
    const bounced = await seedPartner(svc, a);
    await svc.t.db.query('update contacts set email_invalid_at = now() where id = $1', [bounced.contactId]);
    for (const [p, pattern] of [[dnc, /DO_NOT_CONTACT/], [cooling, /cooling off/], [bounced, /hard-bounced/]] as const) {
      const r = await post<Err>(a, emailFor(p));
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body.error.message).toMatch(pattern);
      expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [p.relationshipId])).toBe(0);
    }
  });

  it('recipient: a contact, a new address (becomes a contact of the partner), or the best contact', async () => {
    const p = await seedPartner(svc, a);
    const fresh = `owner@${p.domain}`;
    const r = await post(a, { relationshipId: p.relationshipId, to: fresh, mailboxId: mbx, subject: 'Hello', text: OUTREACH_TEXT });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const contact = (await svc.call<{ data: Array<{ id: string; accountId: string }> }>('GET', `/v1/link-building/crm/contact?email=${encodeURIComponent(fresh)}`, { token: a.key })).body.data[0];
    expect(contact).toMatchObject({ id: r.body.contactId, accountId: p.accountId });

    const q = await seedPartner(svc, a);
    const noBest = await post<Err>(a, { relationshipId: q.relationshipId, mailboxId: mbx, subject: 'Hello', text: OUTREACH_TEXT });
    expect(noBest.body.error.field).toBe('body.to');
    await svc.call('POST', `/v1/link-building/crm/account/${q.accountId}/assertions`, { token: a.key, body: { workspaceId: a.ws1, fact: 'BEST_CONTACT', bestContactId: q.contactId } });
    expect((await post(a, { relationshipId: q.relationshipId, mailboxId: mbx, subject: 'Hello', text: OUTREACH_TEXT })).body.to).toBe(q.email);
  });

  it('invalid input is a 400 naming the field, and nothing is stored', async () => {
    const p = await seedPartner(svc, a);
    const other = await seedPartner(svc, a);
    const before = { contacts: await count(svc, 'select 1 from contacts'), events: await count(svc, 'select 1 from events') };
    const cases: Array<[Row, string, Record<string, string>?]> = [
      [{ ...emailFor(p), relationshipId: undefined }, 'body.relationshipId'],
      [{ ...emailFor(p), relationshipId: 'acct_123' }, 'body.relationshipId'],
      [{ ...emailFor(p), mailboxId: undefined }, 'body.mailboxId'],
      [{ ...emailFor(p), subject: 'Hi\r\nBcc: everyone@example.com' }, 'body.subject'],
      [{ ...emailFor(p), subject: '' }, 'body.subject'],
      [{ ...emailFor(p), text: '' }, 'body.text'],
      [{ ...emailFor(p), to: 'not-an-address' }, 'body.to'],
      [{ ...emailFor(p), requireApproval: 'no' }, 'body.requireApproval'],
      [{ ...emailFor(p), cc: 'x@y.example' }, 'body.cc'],
      [{ ...emailFor(p), contactId: other.contactId }, 'body.contactId'],
      [{ ...emailFor(p), to: `someone@${p.domain}` }, 'body.to'],
      [{ ...emailFor(p), contactId: undefined, to: other.email }, 'body.to'],
      [{ ...emailFor(p), mailboxId: mbx2 }, 'body.mailboxId'],
      [emailFor(p), 'headers.idempotency-key', { 'idempotency-key': ' ' }],
    ];
    for (const [body, field, headers] of cases) {
      const r = await post<Err>(a, body, headers ?? {});
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [p.relationshipId])).toBe(0);
    expect(await count(svc, 'select 1 from contacts')).toBe(before.contacts);
    expect(await count(svc, 'select 1 from events')).toBe(before.events);
  });

  it("another agency's relationship, mailbox and emails are 404s", async () => {
    const mine = await seedPartner(svc, a);
    const theirs = await seedPartner(svc, b, b.ws1);
    expect((await post<Err>(a, { ...emailFor(theirs), mailboxId: mbx })).status).toBe(404);
    expect((await post<Err>(a, emailFor(mine, { mailboxId: otherMbx }))).status).toBe(404);
    expect((await post<Err>(b, { ...emailFor(theirs), mailboxId: mbx })).status).toBe(404);
    const created = (await post(a, emailFor(mine))).body;
    expect((await svc.call('GET', `/v1/link-building/campaign/outreach/${created.id}`, { token: b.key })).status).toBe(404);
    expect((await svc.call('GET', `/v1/link-building/approvals/${created.approvalId!}`, { token: b.key })).status).toBe(404);
    expect((await svc.call('POST', `/v1/link-building/approvals/${created.approvalId!}/approve`, { token: b.key, body: {} })).status).toBe(404);
    const theirList = (await svc.call<{ data: Row[] }>('GET', '/v1/link-building/campaign/outreach', { token: b.key })).body.data;
    expect(theirList).toEqual([]);
    const myList = (await svc.call<{ data: Row[] }>('GET', `/v1/link-building/campaign/outreach?relationshipId=${mine.relationshipId}`, { token: a.key })).body.data;
    expect(myList.map((o) => o['id'])).toEqual([created.id]);
    expect(await count(svc, 'select 1 from outreach_messages where relationship_id = $1', [theirs.relationshipId])).toBe(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await svc.call<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/openapi.json')).body;
    expect(doc.paths['/v1/link-building/campaign/send_email']?.['post']?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/link-building/campaign/outreach', '/v1/link-building/campaign/outreach/{id}']));
  });
});
