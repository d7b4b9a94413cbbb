/**
 * The OpenAPI document says what each operation answers; this checks it against what the running
 * service really answers. Every JSON operation is called for real (a reply arrives by Instantly webhook,
 * waits for approval, is approved; an unknown sender is attached; the CRM is filled and read) and each
 * success body is validated with ajv against the schema the document gives for that operation and status.
 * Response objects are closed (`additionalProperties: false`), so a field a handler adds, drops or
 * changes without its schema fails here. An operation added later must be exercised here, or listed in
 * NOT_EXERCISED with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { fakeEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { httpCaller } from '../support/http-call.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
interface Doc {
  openapi: string;
  components: Json;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>>;
}

/** Operations with a JSON success answer that this test does not call, and why. */
const NOT_EXERCISED: Record<string, string> = {
  'get /v1/link-building/crm/account/{id}/prices': 'needs recorded PRICES assertions (test/intel/price-history.test.ts)',
  'post /v1/link-building/crm/relationship/{id}/verify-link': 'needs a partner page to fetch (test/intel/verify-link-route.test.ts)',
  'post /v1/mailboxes': 'tests both connections against real IMAP and SMTP servers (test/imap covers it with Dovecot)',
  'get /v1/mailboxes/{id}': 'needs a connected mailbox (see above)',
  'patch /v1/mailboxes/{id}': 'needs a connected mailbox (see above)',
  'post /v1/link-building/inbound/{id}/retry-send': 'needs a reply whose send FAILED (test/pipeline/send-channel.test.ts)',
  'post /v1/link-building/campaign/send_email': 'needs a connected mailbox',
  'get /v1/link-building/campaign/outreach/{id}': 'needs an outreach email (see above)',
  'post /v1/link-building/serp_outreach': 'needs the SERP and people providers (test/outbound)',
  'post /v1/link-building/competitor_outreach': 'needs the referring-domain and people providers (test/outbound)',
  'post /v1/link-building/campaigns/import': 'runs a prospecting campaign (test/outbound)',
  'get /v1/link-building/campaigns/{id}': 'needs a campaign (see above)',
  'get /v1/link-building/campaigns/{id}/prospects': 'needs a campaign (see above)',
  'post /v1/link-building/campaigns/{id}/approve': 'needs a campaign (see above)',
  'post /v1/admin/assertions/{id}/review': 'needs a flagged assertion (test/cli/cli.test.ts reviews one)',
  'post /v1/admin/accounts/{id}/clear-do-not-contact': 'needs a DO_NOT_CONTACT account (test/cli/cli.test.ts clears one)',
  'post /v1/slack/interactions': 'signed Slack requests (test/approvals/slack.test.ts)',
};

describe('every documented response matches what the service answers', () => {
  let t: TestDb;
  let svc: RunningService;
  let instantly: FakeInstantlyServer;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  const exercised = new Set<string>();
  const http = httpCaller(() => `http://127.0.0.1:${svc.port}`);

  /** The document's schema for one operation's answer, compiled with the document's components. */
  function validatorFor(method: string, template: string, status: number): ValidateFunction {
    const key = `${method} ${template} ${status}`;
    let v = validators.get(key);
    if (!v) {
      const op = doc.paths[template]?.[method];
      expect(op, `${method} ${template} is documented`).toBeDefined();
      const response = op!.responses[String(status)] as { content?: Record<string, { schema: Json }>; $ref?: string } | undefined;
      expect(response, `${method} ${template} documents status ${status}`).toBeDefined();
      const resolved = response!.$ref ? (doc.components['responses'] as Record<string, { content?: Record<string, { schema: Json }> }>)[response!.$ref.split('/').pop()!]! : response!;
      const schema = resolved.content?.['application/json']?.schema;
      expect(schema, `${method} ${template} ${status} has a JSON schema`).toBeDefined();
      // `#/components/schemas/X` resolves against this root
      v = ajv.compile({ components: doc.components, ...schema });
      validators.set(key, v);
    }
    return v;
  }

  /** Calls the service and checks the answer against the document; returns the body. */
  async function call<T = Json>(method: string, template: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; status?: number } = {}): Promise<T> {
    const res = await http<T>(method.toUpperCase(), url, { token: opts.token, body: opts.body, headers: opts.headers });
    const expected = opts.status ?? (res.status >= 200 && res.status < 300 ? res.status : 200);
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body).slice(0, 400)}`).toBe(expected);
    if (res.status === 204) {
      expect(doc.paths[template]?.[method]?.responses['204'], `${method} ${template} documents 204`).toBeDefined();
    } else {
      const v = validatorFor(method, template, res.status);
      const ok = v(res.body);
      expect(ok ? [] : v.errors, `${method} ${template} ${res.status} drifted from its documented schema; body: ${JSON.stringify(res.body).slice(0, 600)}`).toEqual([]);
    }
    if (res.status < 300) exercised.add(`${method} ${template}`);
    return res.body;
  }

  beforeAll(async () => {
    instantly = await startFakeInstantly({ apiKey: 'inst-key' });
    t = await createTestDb('postgres');
    svc = await startService(loadConfig({
      DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 'c'.repeat(40), LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      INSTANTLY_API_KEY: 'inst-key', INSTANTLY_BASE_URL: instantly.baseURL, PUBLIC_URL: 'http://127.0.0.1:1',
    }));
    doc = (await http<Doc>('GET', '/openapi.json')).body;
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
    await instantly?.close();
  });

  it('is OpenAPI 3.1 with shared components', () => {
    expect(doc.openapi).toBe('3.1.0');
    const schemas = doc.components['schemas'] as Record<string, unknown>;
    for (const name of ['Error', 'Account', 'Contact', 'Relationship', 'Event', 'InboundMessage', 'Approval', 'Outreach', 'Workspace', 'Agency', 'ApiKey', 'Mailbox', 'GatePolicy']) {
      expect(schemas, name).toHaveProperty(name);
    }
    expect(doc.components).toHaveProperty('responses.BadRequest');
  });

  it('answers every operation as documented', async () => {
    const admin = { token: ADMIN_TOKEN };
    // ── administration
    const agency = await call<{ id: string }>('post', '/v1/admin/agencies', '/v1/admin/agencies', { ...admin, body: { name: 'Conformance' } });
    await call('get', '/v1/admin/agencies', '/v1/admin/agencies', admin);
    const ws = await call<{ id: string; webhookSecret: string }>('post', '/v1/admin/workspaces', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: 'Client' } });
    await call('get', '/v1/admin/workspaces', `/v1/admin/workspaces?agencyId=${agency.id}`, admin);
    const rotated = await call<{ webhookSecret: string }>('post', '/v1/admin/workspaces/{id}/webhook-secret', `/v1/admin/workspaces/${ws.id}/webhook-secret`, admin);
    await call('put', '/v1/admin/workspaces/{id}/approvers', `/v1/admin/workspaces/${ws.id}/approvers`, { ...admin, body: { emails: ['boss@agency.example'] } });
    const key = (await call<{ apiKey: string }>('post', '/v1/admin/api-keys', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.id, name: 'conformance' } })).apiKey;
    const spare = await call<{ id: string }>('post', '/v1/admin/api-keys', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.id, workspaceIds: [ws.id] } });
    await call('get', '/v1/admin/api-keys', `/v1/admin/api-keys?agencyId=${agency.id}&includeRevoked=true`, admin);
    await call('delete', '/v1/admin/api-keys/{id}', `/v1/admin/api-keys/${spare.id}`, { ...admin, status: 204 });
    const k = { token: key };

    // ── CRM
    const acct = await call<{ id: string }>('post', '/v1/link-building/crm/account', '/v1/link-building/crm/account', { ...k, body: { domain: 'techblog.example', name: 'Tech Blog', domainRating: 54, workspaceId: ws.id, rawNotes: 'met at a conference' } });
    await call('get', '/v1/link-building/crm/account', `/v1/link-building/crm/account?workspaceId=${ws.id}`, k);
    await call('get', '/v1/link-building/crm/account/{id}', `/v1/link-building/crm/account/${acct.id}?workspaceId=${ws.id}`, k);
    await call('patch', '/v1/link-building/crm/account/{id}', `/v1/link-building/crm/account/${acct.id}`, { ...k, body: { name: 'Tech Blog Inc' } });
    const ct = await call<{ id: string }>('post', '/v1/link-building/crm/contact', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.id, email: 'editor@techblog.example', firstName: 'Dana' } });
    await call('get', '/v1/link-building/crm/contact', `/v1/link-building/crm/contact?accountId=${acct.id}`, k);
    await call('get', '/v1/link-building/crm/contact/{id}', `/v1/link-building/crm/contact/${ct.id}`, k);
    await call('patch', '/v1/link-building/crm/contact/{id}', `/v1/link-building/crm/contact/${ct.id}`, { ...k, body: { position: 'Editor' } });
    const rel = await call<{ id: string }>('post', '/v1/link-building/crm/relationship', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: ws.id, accountId: acct.id, ourContent: 'https://client.example/guide' } });
    await call('get', '/v1/link-building/crm/relationship', `/v1/link-building/crm/relationship?workspaceId=${ws.id}`, k);
    await call('get', '/v1/link-building/crm/relationship/{id}', `/v1/link-building/crm/relationship/${rel.id}`, k);
    await call('patch', '/v1/link-building/crm/relationship/{id}', `/v1/link-building/crm/relationship/${rel.id}`, { ...k, body: { priority: 'HIGH' } });
    const evt = await call<{ id: string }>('post', '/v1/link-building/crm/event', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel.id, type: 'NOTE_ADDED', content: 'prefers data-driven posts', metadata: { by: 'test' } } });
    await call('get', '/v1/link-building/crm/event', `/v1/link-building/crm/event?relationshipId=${rel.id}`, k);
    await call('get', '/v1/link-building/crm/event/{id}', `/v1/link-building/crm/event/${evt.id}`, k);
    await call('post', '/v1/link-building/crm/account/{id}/assertions', `/v1/link-building/crm/account/${acct.id}/assertions`, { ...k, body: { workspaceId: ws.id, fact: 'PRICES', priceGuestPost: 200 } });
    await call('get', '/v1/admin/assertions', '/v1/admin/assertions', admin);

    // ── workspace settings
    await call('get', '/v1/link-building/workspaces/{id}/settings', `/v1/link-building/workspaces/${ws.id}/settings`, k);
    await call('patch', '/v1/link-building/workspaces/{id}/settings', `/v1/link-building/workspaces/${ws.id}/settings`, { ...k, body: { senderName: 'Sam Lee', signature: 'Outreach lead' } });

    // ── gates
    const gates = await call<{ policy: Json }>('get', '/v1/link-building/gates', `/v1/link-building/gates?workspaceId=${ws.id}`, k);
    await call('put', '/v1/link-building/gates', `/v1/link-building/gates?workspaceId=${ws.id}`, { ...k, body: gates.policy });

    // ── a reply arrives by Instantly webhook, waits for approval, is approved and sent
    const hook = `/v1/webhooks/instantly/${ws.id}`;
    const headers = { 'x-webhook-secret': rotated.webhookSecret };
    const reply = (emailId: string, lead: string, text: string) => {
      instantly.emails.push(fakeEmail({ id: emailId, subject: 'Re: Guest post idea', body: { text, html: null }, from_address_email: lead, lead, eaccount: 'alex@agency.example' }));
      return { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: lead, email_id: emailId, email_account: 'alex@agency.example', reply_subject: 'Re: Guest post idea', reply_text: text };
    };
    const quote = reply('conf-1', 'editor@techblog.example', 'Hi Alex, our fee for a guest post is $250. Send me the draft?');
    await call('post', '/v1/webhooks/instantly/{workspaceId}', hook, { headers, body: quote, status: 202 });
    await call('post', '/v1/webhooks/instantly/{workspaceId}', hook, { headers, body: quote, status: 200 }); // a redelivery
    const inboundId = await inboundOfEmail(t.db, ws.id, 'conf-1');
    await waitFor(async () => (await http<{ status: string }>('GET', `/v1/link-building/inbound/${inboundId}`, k)).body.status === 'WAITING_APPROVAL', { what: 'the quote to wait for approval', timeoutMs: 30_000 });
    await call('get', '/v1/link-building/inbound', `/v1/link-building/inbound?workspaceId=${ws.id}`, k);
    const m = await call<{ decision: { approvalId: string } }>('get', '/v1/link-building/inbound/{id}', `/v1/link-building/inbound/${inboundId}`, k);
    await call('get', '/v1/link-building/approvals', `/v1/link-building/approvals?workspaceId=${ws.id}`, k);
    await call('get', '/v1/link-building/approvals/{id}', `/v1/link-building/approvals/${m.decision.approvalId}`, k);
    await call('post', '/v1/link-building/approvals/{id}/approve', `/v1/link-building/approvals/${m.decision.approvalId}/approve`, { ...k, body: { text: 'Thanks Dana, $250 works. Draft attached.' } });
    await waitFor(async () => (await http<{ status: string }>('GET', `/v1/link-building/inbound/${inboundId}`, k)).body.status === 'SENT', { what: 'the approved reply to be sent', timeoutMs: 30_000 });
    await call('get', '/v1/link-building/inbound/{id}', `/v1/link-building/inbound/${inboundId}`, k); // with its draft and send

    // ── a second quote is rejected
    await call('post', '/v1/webhooks/instantly/{workspaceId}', hook, { headers, body: reply('conf-2', 'editor@techblog.example', 'Actually, make that $300 for a link insertion.'), status: 202 });
    const second = await inboundOfEmail(t.db, ws.id, 'conf-2');
    await waitFor(async () => (await http<{ status: string }>('GET', `/v1/link-building/inbound/${second}`, k)).body.status === 'WAITING_APPROVAL', { what: 'the second quote to wait', timeoutMs: 30_000 });
    const m2 = (await http<{ decision: { approvalId: string } }>('GET', `/v1/link-building/inbound/${second}`, k)).body;
    await call('post', '/v1/link-building/approvals/{id}/reject', `/v1/link-building/approvals/${m2.decision.approvalId}/reject`, { ...k, body: { reason: 'too expensive' } });

    // ── an unknown sender ("who is this?") is attached to the partner
    await call('post', '/v1/webhooks/instantly/{workspaceId}', hook, { headers, body: reply('conf-3', 'dana.writes@gmail.com', 'Hi, Dana from Tech Blog here (personal address). Happy to take the guest post.'), status: 202 });
    const unknown = await inboundOfEmail(t.db, ws.id, 'conf-3');
    await waitFor(async () => !['RECEIVED', 'CLASSIFIED'].includes((await http<{ status: string }>('GET', `/v1/link-building/inbound/${unknown}`, k)).body.status), { what: 'the unknown sender to be decided', timeoutMs: 30_000 });
    await call('post', '/v1/link-building/inbound/{id}/attach', `/v1/link-building/inbound/${unknown}/attach`, { ...k, body: { accountId: acct.id }, status: 202 });

    // ── mailboxes and outreach lists (empty here), operations
    await call('get', '/v1/mailboxes', `/v1/mailboxes?workspaceId=${ws.id}`, k);
    await call('get', '/v1/link-building/campaign/outreach', `/v1/link-building/campaign/outreach?workspaceId=${ws.id}`, k);
    await call('get', '/v1/link-building/campaigns', `/v1/link-building/campaigns?workspaceId=${ws.id}`, k);
    await call('get', '/healthz', '/healthz');
    await call('get', '/readyz', '/readyz');
    await call('get', '/openapi.json', '/openapi.json');

    // errors have the documented envelope too
    const v = validatorFor('post', '/v1/link-building/crm/account', 400);
    const bad = await http('POST', '/v1/link-building/crm/account', { ...k, body: {} });
    expect(v(bad.body), JSON.stringify(v.errors)).toBe(true);

    // every operation with a JSON success answer was called, or is listed with its reason
    const jsonOps = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .filter(([, op]) => Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.content?.['application/json']))
        .map(([method]) => `${method} ${path}`),
    );
    const missed = jsonOps.filter((op) => !exercised.has(op) && !(op in NOT_EXERCISED));
    expect(missed, 'operations neither exercised here nor listed in NOT_EXERCISED').toEqual([]);
    expect(exercised.size).toBeGreaterThanOrEqual(40);
    const stale = Object.keys(NOT_EXERCISED).filter((op) => !jsonOps.includes(op));
    expect(stale, 'NOT_EXERCISED names operations that no longer exist').toEqual([]);
  }, 240_000);

  it('would catch a drift: an undeclared field, a missing one, a wrong type', async () => {
    const v = validatorFor('get', '/v1/admin/agencies', 200);
    const good = { data: [{ id: 'ag_1', name: 'A', createdAt: '2026-01-01T00:00:00.000Z' }] };
    expect(v(good)).toBe(true);
    expect(v({ data: [{ ...good.data[0], secret: 'x' }] })).toBe(false);
    expect(v({ data: [{ id: 'ag_1', name: 'A' }] })).toBe(false);
    expect(v({ data: [{ ...good.data[0], name: 5 }] })).toBe(false);
    expect(v({ data: [{ ...good.data[0], createdAt: 'yesterday' }] })).toBe(false);
  });
});
