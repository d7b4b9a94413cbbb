import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency, startTestApp, type TestApp } from '../support/test-app.ts';
import { appendEvent } from '../../src/crm/append-event.ts';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
type Row = Record<string, unknown> & { id: string };

describe.each(DB_KINDS)('CRM API on %s', (kind) => {
  let t: TestDb;
  let app: TestApp;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    app = await startTestApp(t.db);
    s = await seedAgency(app, 'Acme SEO');
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  it('walks the newcomer flow: accounts, contacts, relationships, events, derived status', async () => {
    const k = { token: s.key };
    const acct = await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'https://www.TechBlog.example/about', name: 'Tech Blog', domainRating: 54, workspaceId: s.ws1 } });
    expect(acct.status).toBe(201);
    expect(acct.body).toMatchObject({ domain: 'techblog.example', systemContactStatus: 'NEVER_CONTACTED', domainRating: 54, contactAttemptCount: 0 });
    expect(acct.body.id).toMatch(/^acct_/);

    const dup = await app.call('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'techblog.example' } });
    expect(dup.status).toBe(409);

    const ct = await app.call<Row>('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.body.id, email: 'Editor@TechBlog.example', firstName: 'Jane' } });
    expect(ct.status).toBe(201);
    const dupCt = await app.call('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.body.id, email: 'editor@techblog.example' } });
    expect(dupCt.status).toBe(409);
    const byEmail = await app.call<Page<Row>>('GET', '/v1/link-building/crm/contact?email=EDITOR@techblog.example', k);
    expect(byEmail.body.data.map((c) => c.id)).toEqual([ct.body.id]);

    const rel = await app.call<Row>('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws1, accountId: acct.body.id, source: 'SEARCH', ourContent: 'https://client.example/guide' } });
    expect(rel.status).toBe(201);
    expect(rel.body).toMatchObject({ organizationId: s.ws1, status: 'PROSPECTING', contactedByUs: false, priority: 'MEDIUM' });
    expect(rel.body).not.toHaveProperty('initialStatus');
    const dupRel = await app.call('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws1, accountId: acct.body.id } });
    expect(dupRel.status).toBe(409);

    const rel2 = await app.call<Row>('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws2, accountId: acct.body.id, status: 'QUEUED' } });
    expect(rel2.status).toBe(201);

    // A manual event cannot be a pipeline type
    const bad = await app.call<{ error: { field: string } }>('POST', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel.body.id, type: 'EMAIL_SENT' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.type');

    const note = await app.call<Row>('POST', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel.body.id, contactId: ct.body.id, type: 'NOTE_ADDED', content: 'Found via search' } });
    expect(note.status).toBe(201);
    const placed = await app.call<Row>('POST', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel.body.id, type: 'LINK_PLACED', metadata: { url: 'https://techblog.example/post' } } });
    expect(placed.status).toBe(201);
    expect((await app.call<Row>('GET', `/v1/link-building/crm/relationship/${rel.body.id}`, k)).body.status).toBe('LINK_PLACED');

    const patched = await app.call<Row>('PATCH', `/v1/link-building/crm/relationship/${rel.body.id}`, { ...k, body: { status: 'INACTIVE', priority: 'HIGH' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'INACTIVE', priority: 'HIGH' });
    const changes = await app.call<Page<Row>>('GET', `/v1/link-building/crm/event?relationshipId=${rel.body.id}&type=STATUS_CHANGED`, k);
    expect(changes.body.data).toHaveLength(1);
    expect(changes.body.data[0]?.metadata).toMatchObject({ from: 'LINK_PLACED', to: 'INACTIVE' });

    await app.call('POST', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel2.body.id, type: 'CALL_SCHEDULED' } });
    // One partner across all our workspaces
    const all = await app.call<Page<Row>>('GET', `/v1/link-building/crm/event?accountId=${acct.body.id}`, k);
    expect(new Set(all.body.data.map((e) => e.workspaceId))).toEqual(new Set([s.ws1, s.ws2]));
    const one = await app.call<Page<Row>>(`GET`, `/v1/link-building/crm/event?accountId=${acct.body.id}&workspaceId=${s.ws2}`, k);
    expect(one.body.data.map((e) => e.type)).toEqual(['CALL_SCHEDULED']);
  });

  it('filters accounts and pages through them with a cursor', async () => {
    const k = { token: s.key };
    for (let i = 0; i < 7; i++) {
      const r = await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: `page-${i}.example` } });
      expect(r.status).toBe(201);
      // the shared figure a provider refresh writes (typed-in metrics bind one workspace only)
      await t.db.query('update accounts set domain_rating = $2 where id = $1', [r.body.id, i * 10]);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/v1/link-building/crm/account?minDomainRating=20&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { body: Page<Row> } = await app.call<Page<Row>>('GET', q, k);
      seen.push(...page.body.data.map((a) => a.domain as string));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.filter((d) => d.startsWith('page-')).sort()).toEqual(['page-2.example', 'page-3.example', 'page-4.example', 'page-5.example', 'page-6.example']);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);

    const exact = await app.call<Page<Row>>('GET', '/v1/link-building/crm/account?domain=WWW.page-3.example', k);
    expect(exact.body.data.map((a) => a.domain)).toEqual(['page-3.example']);
    const badCursor = await app.call<{ error: { field: string } }>('GET', '/v1/link-building/crm/account?cursor=garbage', k);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe('cursor');
  });

  it('an API key limited to one workspace sees only that workspace', async () => {
    const limited = await app.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { token: ADMIN_TOKEN, body: { agencyId: s.agencyId, workspaceIds: [s.ws2] } });
    expect(limited.status).toBe(201);
    const rels = await app.call<Page<Row>>('GET', '/v1/link-building/crm/relationship', { token: limited.body.apiKey });
    expect(rels.body.data.every((r) => r.organizationId === s.ws2)).toBe(true);
    const forbidden = await app.call('GET', `/v1/link-building/crm/relationship?workspaceId=${s.ws1}`, { token: limited.body.apiKey });
    expect(forbidden.status).toBe(404);
  });

  it('admin endpoints need the admin token; keys can be revoked', async () => {
    expect((await app.call('POST', '/v1/admin/agencies', { body: { name: 'x' } })).status).toBe(401);
    expect((await app.call('POST', '/v1/admin/agencies', { token: s.key, body: { name: 'x' } })).status).toBe(401);
    const key = await app.call<{ id: string; apiKey: string }>('POST', '/v1/admin/api-keys', { token: ADMIN_TOKEN, body: { agencyId: s.agencyId } });
    expect((await app.call('GET', '/v1/link-building/crm/account', { token: key.body.apiKey })).status).toBe(200);
    expect((await app.call('DELETE', `/v1/admin/api-keys/${key.body.id}`, { token: ADMIN_TOKEN })).status).toBe(204);
    expect((await app.call('GET', '/v1/link-building/crm/account', { token: key.body.apiKey })).status).toBe(401);
    const appr = await app.call<Row>('PUT', `/v1/admin/workspaces/${s.ws1}/approvers`, { token: ADMIN_TOKEN, body: { emails: ['ops@acme.example'], slackChannelId: 'C0123456789', slackUserIds: ['U0123456789'] } });
    expect(appr.status).toBe(200);
    expect(appr.body.approvers).toEqual({ emails: ['ops@acme.example'], slackChannelId: 'C0123456789', slackUserIds: ['U0123456789'] });
    const rotated = await app.call<{ webhookSecret: string }>('POST', `/v1/admin/workspaces/${s.ws1}/webhook-secret`, { token: ADMIN_TOKEN });
    expect(rotated.body.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.body.webhookSecret).not.toBe(s.ws1Secret);
  });

  /** Our own send on the relationship: the thread that is a workspace's evidence about the partner. */
  const sendFrom = (relationshipId: string, to: string) =>
    t.db.transaction((tx) => appendEvent(tx, { relationshipId, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to, messageId: `<${to}.${Date.now()}@agency.example>` } }));

  it('shared facts are asserted from evidence, never patched; without a thread they bind the asserting workspace, flagged for admins', async () => {
    const k = { token: s.key };
    const acct = (await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'evidence.example' } })).body;
    const ct = (await app.call<Row>('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.id, email: 'ed@evidence.example' } })).body;
    const rel = (await app.call<Row>('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws1, accountId: acct.id } })).body;
    const assert = (body: Record<string, unknown>) => app.call<Row & { account: Row; error: { field: string } }>('POST', `/v1/link-building/crm/account/${acct.id}/assertions`, { ...k, body });

    const blind = await assert({ workspaceId: s.ws2, fact: 'DO_NOT_CONTACT', reason: 'heard they stopped' });
    expect(blind.status).toBe(201);
    expect(blind.body).toMatchObject({ fact: 'DO_NOT_CONTACT', scope: 'WORKSPACE', flagged: true, evidence: 'NONE', eventId: null });
    expect(blind.body.account.systemContactStatus).toBe('DO_NOT_CONTACT');
    expect((await app.call<Row>('GET', `/v1/link-building/crm/account/${acct.id}`, k)).body.systemContactStatus).toBe('NEVER_CONTACTED');
    expect((await app.call<Row>('GET', `/v1/link-building/crm/account/${acct.id}?workspaceId=${s.ws1}`, k)).body.systemContactStatus).toBe('NEVER_CONTACTED');

    await sendFrom(rel.id, 'ed@evidence.example');
    const priced = await assert({ workspaceId: s.ws1, fact: 'PRICES', priceGuestPost: 300, priceCurrency: 'EUR' });
    expect(priced.body).toMatchObject({ scope: 'SHARED', flagged: false, evidence: 'OUR_SEND' });
    expect(priced.body.eventId).toMatch(/^evt_/);
    expect((await app.call<Row>('GET', `/v1/link-building/crm/account/${acct.id}`, k)).body).toMatchObject({ priceGuestPost: 300, priceCurrency: 'EUR' });
    const note = (await app.call<Row>('GET', `/v1/link-building/crm/event/${priced.body.eventId}`, k)).body;
    expect(note).toMatchObject({ type: 'NOTE_ADDED', workspaceId: s.ws1, metadata: { assertion: { id: priced.body.id, fact: 'PRICES', scope: 'SHARED', evidence: 'OUR_SEND' } } });

    const cooling = await assert({ workspaceId: s.ws1, fact: 'COOLING_OFF', coolingOffUntil: '2099-01-01T00:00:00Z' });
    expect(cooling.body.scope).toBe('SHARED');
    expect(new Date(cooling.body.account.coolingOffUntil as string).getTime()).toBeLessThanOrEqual(Date.now() + 90 * 86_400_000);
    const past = await assert({ workspaceId: s.ws1, fact: 'COOLING_OFF', coolingOffUntil: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('body.coolingOffUntil');
    const other = (await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'elsewhere-evidence.example' } })).body;
    const otherCt = (await app.call<Row>('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: other.id, email: 'x@elsewhere-evidence.example' } })).body;
    const wrongBest = await assert({ workspaceId: s.ws1, fact: 'BEST_CONTACT', bestContactId: otherCt.id });
    expect(wrongBest.status).toBe(400);
    expect(wrongBest.body.error.field).toBe('body.bestContactId');
    expect((await assert({ workspaceId: s.ws1, fact: 'BEST_CONTACT', bestContactId: ct.id })).body).toMatchObject({ scope: 'SHARED' });
    expect((await assert({ workspaceId: s.ws1, fact: 'NEVER_CONTACTED' })).status).toBe(400);

    // the admin review queue: the blind DNC waits; promoting it makes it everyone's
    const admin = { token: ADMIN_TOKEN };
    const queue = await app.call<Page<Row>>('GET', `/v1/admin/assertions?flagged=true&accountId=${acct.id}`, admin);
    expect(queue.body.data.map((a) => a.id)).toEqual([blind.body.id]);
    expect(queue.body.data[0]).toMatchObject({ workspaceId: s.ws2, agencyId: s.agencyId, source: 'API', reason: 'heard they stopped' });
    const promoted = await app.call<Row>('POST', `/v1/admin/assertions/${blind.body.id}/review`, { ...admin, body: { decision: 'PROMOTE', reason: 'confirmed with the partner' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ flagged: false, reviewDecision: 'PROMOTE' });
    expect((await app.call<Row>('GET', `/v1/link-building/crm/account/${acct.id}`, k)).body.systemContactStatus).toBe('DO_NOT_CONTACT');
    expect((await app.call('POST', `/v1/admin/assertions/${blind.body.id}/review`, { ...admin, body: { decision: 'DISMISS', reason: 'again' } })).status).toBe(409);
    expect((await app.call<Page<Row>>('GET', `/v1/admin/assertions?flagged=true&accountId=${acct.id}`, admin)).body.data).toEqual([]);
    expect((await app.call('GET', `/v1/admin/assertions?flagged=true`, k)).status).toBe(401);
  });

  it("a contact's address is at its account's domain, or a freemail address the workspace has a thread with", async () => {
    const k = { token: s.key };
    const acct = (await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'freemail-partner.example' } })).body;
    const rel = (await app.call<Row>('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws1, accountId: acct.id } })).body;
    const create = (body: Record<string, unknown>) => app.call<Row & { error: { field: string } }>('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.id, ...body } });
    expect((await create({ email: 'news@mail.freemail-partner.example' })).status).toBe(201);
    expect((await create({ email: 'ed@another-site.example' })).body.error.field).toBe('body.email');
    expect((await create({ email: 'jane.blog@gmail.com' })).body.error.field).toBe('body.freemail');
    expect((await create({ email: 'jane.blog@gmail.com', freemail: true })).body.error.field).toBe('body.workspaceId');
    expect((await create({ email: 'jane.blog@gmail.com', freemail: true, workspaceId: s.ws1 })).body.error.field).toBe('body.freemail');
    await sendFrom(rel.id, 'jane.blog@gmail.com');
    const marked = await create({ email: 'jane.blog@gmail.com', freemail: true, workspaceId: s.ws1 });
    expect(marked.status).toBe(201);
    expect(marked.body).not.toHaveProperty('freemailMarkedBy');
    expect((await t.db.query('select freemail_marked_by from contacts where id = $1', [marked.body.id])).rows[0]).toEqual({ freemail_marked_by: s.ws1 });
  });

  it('serves health, readiness and an OpenAPI document covering every route', async () => {
    expect((await app.call('GET', '/healthz')).status).toBe(200);
    expect((await app.call('GET', '/readyz')).status).toBe(200);
    const doc = await app.call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of [
      '/v1/link-building/crm/account', '/v1/link-building/crm/account/{id}', '/v1/link-building/crm/event', '/v1/admin/api-keys', '/v1/admin/workspaces/{id}/approvers',
      '/v1/link-building/crm/account/{id}/assertions', '/v1/admin/assertions', '/v1/admin/assertions/{id}/review', '/v1/admin/accounts/{id}/clear-do-not-contact',
    ]) {
      expect(doc.body.paths, p).toHaveProperty([p]);
    }
    expect(Object.keys(doc.body.paths['/v1/link-building/crm/relationship/{id}'] ?? {}).sort()).toEqual(['get', 'patch']);
  });
});
