import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency, startTestApp, type TestApp } from '../support/test-app.ts';

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
    const acct = await app.call<Row>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'https://www.TechBlog.example/about', name: 'Tech Blog', domainRating: 54 } });
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
      const r = await app.call('POST', '/v1/link-building/crm/account', { ...k, body: { domain: `page-${i}.example`, domainRating: i * 10 } });
      expect(r.status).toBe(201);
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

  it('serves health, readiness and an OpenAPI document covering every route', async () => {
    expect((await app.call('GET', '/healthz')).status).toBe(200);
    expect((await app.call('GET', '/readyz')).status).toBe(200);
    const doc = await app.call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of ['/v1/link-building/crm/account', '/v1/link-building/crm/account/{id}', '/v1/link-building/crm/event', '/v1/admin/api-keys', '/v1/admin/workspaces/{id}/approvers']) {
      expect(doc.body.paths, p).toHaveProperty([p]);
    }
    expect(Object.keys(doc.body.paths['/v1/link-building/crm/relationship/{id}'] ?? {}).sort()).toEqual(['get', 'patch']);
  });
});
