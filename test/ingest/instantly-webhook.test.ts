import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';

const reply = (over: Record<string, unknown> = {}) => ({
  event_type: 'reply_received',
  timestamp: '2026-11-20T10:00:00.000Z',
  workspace: 'inst-ws-1',
  campaign_id: 'camp-1',
  lead_email: 'editor@coolblog.example',
  email_account: 'outreach@agency.example',
  email_id: 'email-0001',
  reply_subject: 'Re: Guest post idea',
  reply_text: 'Hi! Sounds good, send me the draft. Our fee for a guest post is $250.',
  ...over,
});

describe.each(DB_KINDS)('Instantly webhooks on %s', (kind) => {
  let svc: TestService;
  let instantly: FakeInstantlyServer;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  const post = (body: unknown, secret: string | null = s.ws1Secret, ws = s.ws1) =>
    svc.call<Record<string, unknown>>('POST', `/v1/webhooks/instantly/${ws}`, { body, headers: secret ? { 'x-webhook-secret': secret } : {} });
  const count = async (table: string) => Number((await svc.t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n);

  beforeAll(async () => {
    // Instantly confirms the sends the tests claim (an email_sent is evidence only once it does)
    instantly = await startFakeInstantly();
    svc = await startTestService(kind, { INSTANTLY_API_KEY: instantly.apiKey, INSTANTLY_BASE_URL: instantly.baseURL });
    s = await seedAgency(svc as never, 'Hooks');
  });
  afterAll(async () => {
    await svc?.close();
    await instantly?.close();
  });

  it('a reply becomes an InboundMessage matched to a relationship, with its event and a classify job, exactly once', async () => {
    const first = await post(reply());
    expect(first.status).toBe(202);
    expect(first.body.deliveryId).toBeTruthy();
    const inboundId = await inboundOfEmail(svc.t.db, s.ws1, 'email-0001');
    expect(inboundId).toMatch(/^in_/);
    const again = await post(reply());
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);

    const msg = await svc.t.db.query<{ relationship_id: string; source: string; subject: string }>('select * from inbound_messages where id = $1', [inboundId]);
    expect(msg.rows).toHaveLength(1);
    expect(msg.rows[0]).toMatchObject({ source: 'INSTANTLY', subject: 'Re: Guest post idea' });
    const rel = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/relationship/${msg.rows[0]!.relationship_id}`, { token: s.key });
    expect(rel.body).toMatchObject({ organizationId: s.ws1, source: 'INBOUND' });
    const events = await svc.call<{ data: Array<{ type: string }> }>('GET', `/v1/link-building/crm/event?relationshipId=${msg.rows[0]!.relationship_id}`, { token: s.key });
    // the worker may already have moved on (classification, gates): arrival is recorded once, first
    expect(events.body.data[0]?.type).toBe('EMAIL_RECEIVED');
    expect(events.body.data.filter((e) => e.type === 'EMAIL_RECEIVED')).toHaveLength(1);
    const api = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/inbound/${inboundId}`, { token: s.key });
    expect(api.body).toMatchObject({ id: inboundId, source: 'INSTANTLY', from: { address: 'editor@coolblog.example' }, externalId: 'email-0001' });
    const list = await svc.call<{ data: Array<{ id: string }> }>('GET', `/v1/link-building/inbound?workspaceId=${s.ws1}`, { token: s.key });
    expect(list.body.data.map((m) => m.id)).toContain(inboundId);
    // the classify job was committed with the message: the worker picks it up
    await waitFor(async () => (await svc.t.db.query<{ status: string }>('select status from inbound_messages where id = $1', [inboundId])).rows[0]?.status !== 'RECEIVED');
  });

  it('the webhook, Slack and approval-page routes are in the OpenAPI document too', async () => {
    const doc = await svc.call<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>('GET', '/openapi.json');
    expect(doc.body.paths['/v1/webhooks/instantly/{workspaceId}']?.['post']?.requestBody).toBeTruthy();
    expect(doc.body.paths).toHaveProperty(['/v1/slack/interactions']);
    expect(Object.keys(doc.body.paths['/approve/{token}'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(doc.body.paths).toHaveProperty(['/v1/mailboxes']);
    expect(doc.body.paths).toHaveProperty(['/v1/link-building/campaign/send_email']);
  });

  it('wrong, missing or foreign secrets are 401 and store nothing', async () => {
    const before = await count('webhook_events');
    expect((await post(reply({ email_id: 'x1' }), 'whsec_wrong')).status).toBe(401);
    expect((await post(reply({ email_id: 'x2' }), null)).status).toBe(401);
    expect((await post(reply({ email_id: 'x3' }), s.ws1Secret, s.ws2)).status).toBe(401);
    expect((await post(reply({ email_id: 'x4' }), s.ws1Secret, 'ws_doesnotexist')).status).toBe(401);
    expect(await count('webhook_events')).toBe(before);
  });

  it('malformed payloads get a 400 naming the field and store nothing', async () => {
    const before = await count('webhook_events');
    const noType = await post({ timestamp: '2026-01-01T00:00:00Z' });
    expect(noType.status).toBe(400);
    expect((noType.body.error as { field: string }).field).toBe('body.event_type');
    const badTs = await post(reply({ timestamp: 'yesterday' }));
    expect(badTs.status).toBe(400);
    const notJson = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, { raw: '{"event_type":', headers: { 'x-webhook-secret': s.ws1Secret } });
    expect(notJson.status).toBe(400);
    expect(await count('webhook_events')).toBe(before);
  });

  const sharedAccount = async (domain: string) =>
    (await svc.call<{ data: Array<Record<string, unknown> & { id: string }> }>('GET', `/v1/link-building/crm/account?domain=${domain}`, { token: s.key })).body.data[0];
  const ownAccount = async (id: string) => (await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${id}?workspaceId=${s.ws1}`, { token: s.key })).body;
  const sentTo = async (lead: string, emailId: string) => {
    instantly.emails.push(fakeSentEmail(emailId, lead));
    expect((await post({ event_type: 'email_sent', timestamp: '2026-11-20T09:00:00Z', lead_email: lead, email_id: emailId })).status).toBe(202);
    await waitFor(async () => !!(await svc.t.db.query(`select 1 from events e join contacts c on c.id = e.contact_id where e.type = 'EMAIL_SENT' and c.email = $1`, [lead])).rows.length, { what: `the send to ${lead}` });
  };
  const classified = async (emailId: string) => {
    const id = await inboundOfEmail(svc.t.db, s.ws1, emailId);
    await waitFor(async () => (await svc.t.db.query<{ status: string }>('select status from inbound_messages where id = $1', [id])).rows[0]?.status !== 'RECEIVED', { what: `classification of ${emailId}` });
    return (await svc.t.db.query<{ account_id: string }>('select account_id from inbound_messages where id = $1', [id])).rows[0]!.account_id;
  };

  it('an unsubscribe from a lead we emailed makes the account DO_NOT_CONTACT for everyone; unknown types are kept raw', async () => {
    await sentTo('owner@dnc-blog.example', 'e-8');
    const unsub = await post({ event_type: 'lead_unsubscribed', timestamp: '2026-11-21T00:00:00Z', lead_email: 'owner@dnc-blog.example', email_id: 'e-9' });
    expect(unsub.status).toBe(202);
    await waitFor(async () => (await sharedAccount('dnc-blog.example'))?.['systemContactStatus'] === 'DO_NOT_CONTACT', { what: 'the unsubscribe to reach the shared account' });
    const custom = await post({ event_type: 'My Custom Label', timestamp: '2026-11-21T00:00:00Z', lead_email: 'x@y.example' });
    expect(custom.status).toBe(202);
    const raw = await svc.t.db.query<{ n: number }>(`select count(*)::int as n from webhook_events where event_type = 'My Custom Label'`);
    expect(raw.rows[0]?.n).toBe(1);
  });

  it("webhooks about a lead this workspace never emailed bind only this workspace, flagged for review (issue 10)", async () => {
    // DNC
    expect((await post({ event_type: 'lead_unsubscribed', timestamp: '2026-11-21T00:00:00Z', lead_email: 'editor@never-dnc.example', email_id: 'nv-1' })).status).toBe(202);
    await waitFor(async () => !!(await sharedAccount('never-dnc.example')), { what: 'the account' });
    const dncAcct = (await sharedAccount('never-dnc.example'))!;
    await waitFor(async () => (await ownAccount(dncAcct.id))['systemContactStatus'] === 'DO_NOT_CONTACT', { what: "the workspace's own DNC" });
    expect((await sharedAccount('never-dnc.example'))?.['systemContactStatus']).toBe('NEVER_CONTACTED');
    // cooling-off until 2099 and a $1 guest post, from replies nobody asked for
    expect((await post(reply({ lead_email: 'ooo@never-ooo.example', email_id: 'nv-2', reply_subject: 'Out of office', reply_text: 'I am out of the office until 1 January 2099 with no access to email. I will reply when I am back.' }))).status).toBe(202);
    const oooAcct = await classified('nv-2');
    expect((await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${oooAcct}`, { token: s.key })).body['coolingOffUntil']).toBeNull();
    const ownUntil = new Date((await ownAccount(oooAcct))['coolingOffUntil'] as string).getTime();
    expect(ownUntil).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000);
    expect(ownUntil).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect((await post(reply({ lead_email: 'owner@never-price.example', email_id: 'nv-3', reply_text: 'Thanks for reaching out. A sponsored guest post is $1.' }))).status).toBe(202);
    const priceAcct = await classified('nv-3');
    expect((await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${priceAcct}`, { token: s.key })).body).toMatchObject({ priceGuestPost: null, pricesUpdatedAt: null });
    expect(await ownAccount(priceAcct)).toMatchObject({ priceGuestPost: 1 });
    // every one is waiting for an admin, with who asserted it
    const flagged = await svc.call<{ data: Array<{ accountId: string; fact: string; workspaceId: string; agencyId: string; evidence: string; scope: string }> }>(
      'GET', '/v1/admin/assertions?flagged=true', { token: ADMIN_TOKEN },
    );
    const mine = flagged.body.data.filter((a) => [dncAcct.id, oooAcct, priceAcct].includes(a.accountId));
    expect(mine.map((a) => a.fact).sort()).toEqual(['COOLING_OFF', 'DO_NOT_CONTACT', 'PRICES']);
    expect(mine.every((a) => a.workspaceId === s.ws1 && a.agencyId === s.agencyId && a.evidence === 'NONE' && a.scope === 'WORKSPACE')).toBe(true);
  });

  it('an out-of-office from a lead we emailed cools the partner off for everyone, at most 90 days', async () => {
    await sentTo('away@emailed-ooo.example', 'eo-0');
    expect((await post(reply({ lead_email: 'away@emailed-ooo.example', email_id: 'eo-1', reply_subject: 'Out of office', reply_text: 'I am out of the office until 1 January 2099 with no access to email. I will reply when I am back.' }))).status).toBe(202);
    const acct = await classified('eo-1');
    const until = (await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${acct}`, { token: s.key })).body['coolingOffUntil'] as string;
    expect(new Date(until).getTime()).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000);
    expect(new Date(until).getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
  });

  it('concurrent deliveries (including duplicates) are all acknowledged and stored once each', async () => {
    const payloads = Array.from({ length: 40 }, (_, i) => reply({ email_id: `burst-${i % 20}`, lead_email: `person${i % 20}@burst${i % 5}.example` }));
    const results = await Promise.all(payloads.map((p) => post(p)));
    expect(results.filter((r) => r.status !== 202 && r.status !== 200)).toEqual([]);
    expect(results.filter((r) => r.status === 202)).toHaveLength(20);
    const count = async () => (await svc.t.db.query<{ n: number }>(`select count(*)::int as n from inbound_messages where external_id like 'burst-%'`)).rows[0]?.n;
    await waitFor(async () => (await count()) === 20, { what: '20 inbound messages' });
    const { rows } = await svc.t.db.query<{ n: number }>(`select count(*)::int as n from webhook_events where payload->>'email_id' like 'burst-%'`);
    expect(rows[0]?.n).toBe(20);
    const metrics = await fetch(`${svc.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/lb_messages_ingested_total\{source="INSTANTLY",kind="inbound"\} \d+/);
    expect(metrics).toMatch(/lb_queue_jobs\{queue="pipeline.classify",state="queued"\} \d+/);
    const ev = await svc.t.db.query<{ n: number }>(`select count(*)::int as n from events e join inbound_messages m on m.relationship_id = e.relationship_id where m.external_id like 'burst-%' and e.type = 'EMAIL_RECEIVED'`);
    expect(ev.rows[0]?.n).toBeGreaterThanOrEqual(20);
  });

  it('a NUL character, 100 000 levels of nesting or a timestamp out of range is a 400 naming the field, and stores nothing', async () => {
    const before = await count('webhook_events');
    const nul = await post(reply({ email_id: 'nul-1', reply_text: 'hello\u0000world' }));
    expect(nul.status).toBe(400);
    expect((nul.body.error as { field: string }).field).toBe('body.reply_text');
    const nulKey = await post({ ...reply({ email_id: 'nul-2' }), 'bad\u0000key': 'x' });
    expect(nulKey.status).toBe(400);
    const deep = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      raw: JSON.stringify(reply({ email_id: 'deep-1' })).replace(/}$/, `,"lead_field":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      headers: { 'x-webhook-secret': s.ws1Secret },
    });
    expect(deep.status).toBe(400);
    expect((deep.body as { error: { field: string } }).error.field).toBe('body');
    for (const timestamp of ['+099999-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z']) {
      const far = await post(reply({ email_id: `far-${timestamp}`, timestamp }));
      expect(far.status, timestamp).toBe(400);
      expect((far.body.error as { field: string }).field).toBe('body.timestamp');
    }
    expect(await count('webhook_events')).toBe(before);
  });

  it('the same payload posted to two workspaces is stored and becomes an event in each (keys are per workspace)', async () => {
    // a workspace made now: the route has no cached secret for it
    const other = (await svc.call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { token: ADMIN_TOKEN, body: { agencyId: s.agencyId, name: 'Hooks client 3' } })).body;
    const payload = { event_type: 'email_sent', timestamp: '2026-11-22T09:00:00Z', lead_email: 'editor@twice.example', email_id: 'same-1', campaign_id: 'c' };
    for (const [ws, secret] of [[s.ws1, s.ws1Secret], [other.id, other.webhookSecret]] as const) {
      const rel = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/relationship', { token: s.key, body: { workspaceId: ws, accountId: (await account('twice.example')).id } });
      expect(rel.status).toBe(201);
      const r = await post(payload, secret, ws);
      expect(r.status).toBe(202);
    }
    await waitFor(async () => {
      const { rows } = await svc.t.db.query<{ workspace_id: string }>(`select workspace_id from events where type = 'EMAIL_SENT' and metadata->>'instantlyEmailId' = 'same-1'`);
      return rows.map((r) => r.workspace_id).sort().join() === [s.ws1, other.id].sort().join();
    }, { what: 'an EMAIL_SENT event in each workspace' });
  });

  const account = async (domain: string): Promise<{ id: string }> => {
    const found = await svc.call<{ data: Array<{ id: string }> }>('GET', `/v1/link-building/crm/account?domain=${domain}`, { token: s.key });
    if (found.body.data[0]) return found.body.data[0];
    return (await svc.call<{ id: string }>('POST', '/v1/link-building/crm/account', { token: s.key, body: { domain } })).body;
  };
});
