import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.ts';
import { seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';

type Row = Record<string, unknown>;

describe.each(DB_KINDS)('classify step on %s (rules classifier, real pg-boss)', (kind) => {
  let svc: TestService;
  let instantly: FakeInstantlyServer;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let n = 0;
  const reply = async (lead: string, text: string, subject = 'Re: Collaboration') => {
    const emailId = `cl-${kind}-${n}`;
    const res = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: { event_type: 'reply_received', timestamp: new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString(), lead_email: lead, email_id: emailId, reply_subject: subject, reply_text: text, email_account: 'outreach@agency.example' },
    });
    expect(res.status).toBe(202);
    expect(res.status).toBe(202);
    n++;
    const id = await inboundOfEmail(svc.t.db, s.ws1, emailId);
    await waitFor(async () => (await svc.call<Row>('GET', `/v1/link-building/inbound/${id}`, { token: s.key })).body.status !== 'RECEIVED', { what: `classification of ${id}` });
    return (await svc.call<Row & { classification: Row; relationshipId: string; accountId: string }>('GET', `/v1/link-building/inbound/${id}`, { token: s.key })).body;
  };
  /** Our own send to the lead (Instantly's email_sent): the thread that makes what they answer shared knowledge. */
  const sent = async (lead: string) => {
    const emailId = `cl-sent-${kind}-${n + 1}`;
    instantly.emails.push(fakeSentEmail(emailId, lead)); // Instantly confirms it: the send is evidence
    const res = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: { event_type: 'email_sent', timestamp: new Date(Date.UTC(2026, 10, 19, 10, n++)).toISOString(), lead_email: lead, email_id: emailId, email_account: 'outreach@agency.example' },
    });
    expect(res.status).toBe(202);
    await waitFor(async () => !!(await svc.t.db.query(`select 1 from events e join contacts c on c.id = e.contact_id where e.type = 'EMAIL_SENT' and c.email = $1`, [lead])).rows.length, { what: `the send to ${lead}` });
  };
  const eventsOf = async (relId: string) => (await svc.call<{ data: Array<{ type: string; metadata: Row }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relId}`, { token: s.key })).body.data;
  const account = async (id: string) => (await svc.call<Row>('GET', `/v1/link-building/crm/account/${id}`, { token: s.key })).body;

  beforeAll(async () => {
    instantly = await startFakeInstantly();
    svc = await startTestService(kind, { INSTANTLY_API_KEY: instantly.apiKey, INSTANTLY_BASE_URL: instantly.baseURL });
    s = await seedAgency(svc as never, 'Classify');
  });
  afterAll(async () => {
    await svc?.close();
    await instantly?.close();
  });

  it('an unsubscribe makes the partner DO_NOT_CONTACT for every agency', async () => {
    await sent('editor@stopblog.example');
    const m = await reply('editor@stopblog.example', 'Please remove me from your list and stop emailing me.');
    expect(['CLASSIFIED', 'NO_REPLY']).toContain(m.status); // the gates step may already have decided
    expect(m.classification).toMatchObject({ intent: 'UNSUBSCRIBE' });
    expect((await account(m.accountId)).systemContactStatus).toBe('DO_NOT_CONTACT');
    const types = (await eventsOf(m.relationshipId)).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['EMAIL_SENT', 'EMAIL_RECEIVED']);
    expect(types).toContain('MESSAGE_CLASSIFIED');
  });

  it('a reply from an address this workspace never emailed changes only its own view (issue 10)', async () => {
    const stop = await reply('editor@neveremailed.example', 'Please remove me from your list and stop emailing me.');
    expect(stop.classification).toMatchObject({ intent: 'UNSUBSCRIBE' });
    expect((await account(stop.accountId)).systemContactStatus).toBe('NEVER_CONTACTED');
    const own = (await svc.call<Row>('GET', `/v1/link-building/crm/account/${stop.accountId}?workspaceId=${s.ws1}`, { token: s.key })).body;
    expect(own.systemContactStatus).toBe('DO_NOT_CONTACT');
    const price = await reply('owner@cheapclaim.example', 'Thanks for reaching out. A sponsored guest post is $1.');
    expect(price.classification).toMatchObject({ intent: 'PRICE_QUOTE' });
    expect(await account(price.accountId)).toMatchObject({ priceGuestPost: null, pricesUpdatedAt: null });
    expect((await svc.call<Row>('GET', `/v1/link-building/crm/account/${price.accountId}?workspaceId=${s.ws1}`, { token: s.key })).body).toMatchObject({ priceGuestPost: 1 });
  });

  it('a price quote stores the shared prices and appends RATE_NEGOTIATED', async () => {
    await sent('owner@pricey.example');
    const m = await reply('owner@pricey.example', 'Thanks for reaching out. A sponsored guest post is $350, a link insertion into an existing article is $150.');
    expect(m.classification).toMatchObject({ intent: 'PRICE_QUOTE' });
    const a = await account(m.accountId);
    expect(a).toMatchObject({ priceGuestPost: 350, priceLinkInsertion: 150, priceCurrency: 'USD' });
    expect(a.pricesUpdatedAt).toBeTruthy();
    const types = (await eventsOf(m.relationshipId)).map((e) => e.type);
    expect(types).toContain('RATE_NEGOTIATED');
  });

  it('a refusal appends REJECTED and the relationship follows', async () => {
    const m = await reply('jane@nothanks.example', 'Thanks, but we are not interested in guest posts or paid links at this time.');
    expect(m.classification).toMatchObject({ intent: 'NOT_INTERESTED' });
    const rel = (await svc.call<Row>('GET', `/v1/link-building/crm/relationship/${m.relationshipId}`, { token: s.key })).body;
    expect(rel.status).toBe('NOT_INTERESTED');
  });

  it('history and DR are attached to the classification', async () => {
    const first = await reply('sam@history.example', 'Sounds interesting, can you send me the topic ideas?');
    await svc.call('PATCH', `/v1/link-building/crm/account/${first.accountId}`, { token: s.key, body: { domainRating: 61, workspaceId: s.ws1 } });
    const second = await reply('sam@history.example', 'Any update on those topic ideas?');
    expect(second.classification).toMatchObject({ senderDomainRating: 61, history: { messagesReceived: 2 } });
  });
});
