import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { seedAgency, startTestApp, type TestApp } from '../support/test-app.ts';

type Row = Record<string, unknown> & { id: string };

/**
 * Every endpoint × ids that belong to another agency: always 404 (never 403, which would confirm
 * the id exists), and nothing changes.
 */
describe('one agency never reaches another agency’s data', () => {
  let t: TestDb;
  let app: TestApp;
  let a: Awaited<ReturnType<typeof seedAgency>>;
  let b: Awaited<ReturnType<typeof seedAgency>>;
  let acct: Row;
  let relB: Row;
  let evtB: Row;

  beforeAll(async () => {
    t = await createTestDb('postgres');
    app = await startTestApp(t.db);
    a = await seedAgency(app, 'Agency A');
    b = await seedAgency(app, 'Agency B');
    acct = (await app.call<Row>('POST', '/v1/link-building/crm/account', { token: b.key, body: { domain: 'partner.example' } })).body;
    relB = (await app.call<Row>('POST', '/v1/link-building/crm/relationship', { token: b.key, body: { workspaceId: b.ws1, accountId: acct.id } })).body;
    evtB = (await app.call<Row>('POST', '/v1/link-building/crm/event', { token: b.key, body: { relationshipId: relB.id, type: 'NOTE_ADDED', content: 'B secret note' } })).body;
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
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
  ];

  it.each(matrix)('%s %s → 404', async (method, _what, path, body) => {
    const before = await t.db.query('select count(*)::int as n from events');
    const res = await app.call<{ error: { code: string } }>(method, path(), { token: a.key, body: body() });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const after = await t.db.query('select count(*)::int as n from events');
    expect(after.rows).toEqual(before.rows);
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
