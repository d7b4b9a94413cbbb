/** The admin API's key management: list (never a secret), revoke (stops working at once), admin only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency, startTestApp, type TestApp } from '../support/test-app.ts';
import type { ApiKeyListed } from '../../src/crm/db/api-keys.ts';

type Listed = ApiKeyListed;

describe('API keys through the admin API', () => {
  let t: TestDb;
  let app: TestApp;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    app = await startTestApp(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });
  const admin = { token: ADMIN_TOKEN };

  it('lists an agency\'s keys with their first characters and dates, never the key or its hash', async () => {
    const s = await seedAgency(app, 'Keys listed');
    const other = await seedAgency(app, 'Keys other');
    const named = (await app.call<{ id: string; apiKey: string; prefix: string }>('POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: s.agencyId, workspaceIds: [s.ws1], name: 'CRM sync' } })).body;
    expect(named.prefix).toBe(named.apiKey.slice(0, 10));

    const before = await app.call<{ data: Listed[] }>('GET', `/v1/admin/api-keys?agencyId=${s.agencyId}`, admin);
    expect(before.status).toBe(200);
    expect(before.body.data).toHaveLength(2);
    const listed = before.body.data.find((k) => k.id === named.id)!;
    expect(listed).toEqual({
      id: named.id, agencyId: s.agencyId, name: 'CRM sync', prefix: named.apiKey.slice(0, 10), workspaceIds: [s.ws1],
      createdAt: expect.any(String), lastUsedAt: null, revokedAt: null,
    });
    const text = JSON.stringify(before.body);
    expect(text).not.toContain(named.apiKey);
    expect(text).not.toContain(s.key);
    expect(text).not.toMatch(/hash/i);
    expect(before.body.data.every((k) => k.agencyId === s.agencyId)).toBe(true);
    // without agencyId: every agency's keys
    const all = (await app.call<{ data: Listed[] }>('GET', '/v1/admin/api-keys', admin)).body.data;
    expect(all.map((k) => k.agencyId)).toEqual(expect.arrayContaining([s.agencyId, other.agencyId]));

    // used → lastUsedAt
    expect((await app.call('GET', '/v1/link-building/inbound', { token: named.apiKey })).status).toBe(200);
    let used: Listed | undefined;
    for (let i = 0; i < 50 && !used?.lastUsedAt; i++) {
      used = (await app.call<{ data: Listed[] }>('GET', `/v1/admin/api-keys?agencyId=${s.agencyId}`, admin)).body.data.find((k) => k.id === named.id);
      if (!used?.lastUsedAt) await new Promise((r) => setTimeout(r, 20));
    }
    expect(Date.parse(used!.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(listed.createdAt));
  });

  it('revokes a key: the very next request with it is a 401, and the list shows it only when asked', async () => {
    const s = await seedAgency(app, 'Keys revoked');
    const key = (await app.call<{ id: string; apiKey: string }>('POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: s.agencyId } })).body;
    expect((await app.call('GET', '/v1/link-building/crm/relationship', { token: key.apiKey })).status).toBe(200);
    const revoked = await app.call('DELETE', `/v1/admin/api-keys/${key.id}`, admin);
    expect(revoked.status).toBe(204);
    const after = await app.call<{ error: { message: string } }>('GET', '/v1/link-building/crm/relationship', { token: key.apiKey });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('unknown or revoked API key');
    // the agency's other key still works
    expect((await app.call('GET', '/v1/link-building/crm/relationship', { token: s.key })).status).toBe(200);

    const active = (await app.call<{ data: Listed[] }>('GET', `/v1/admin/api-keys?agencyId=${s.agencyId}`, admin)).body.data;
    expect(active.map((k) => k.id)).not.toContain(key.id);
    const withRevoked = (await app.call<{ data: Listed[] }>('GET', `/v1/admin/api-keys?agencyId=${s.agencyId}&includeRevoked=true`, admin)).body.data;
    expect(withRevoked.find((k) => k.id === key.id)?.revokedAt).toEqual(expect.any(String));

    expect((await app.call('DELETE', `/v1/admin/api-keys/${key.id}`, admin)).status).toBe(404);
  });

  it.each([
    ['GET', '/v1/admin/api-keys'],
    ['DELETE', '/v1/admin/api-keys/key_abc'],
  ])('%s %s needs the admin token: an agency key is refused', async (method, path) => {
    const s = await seedAgency(app, `Keys auth ${method}`);
    expect((await app.call(method, path)).status).toBe(401);
    expect((await app.call(method, path, { token: s.key })).status).toBe(401);
  });

  it.each([
    ['/v1/admin/api-keys?agencyId=ws_1', 400, 'query.agencyId'],
    ['/v1/admin/api-keys?agencyId=ag_unknown', 404, 'query.agencyId'],
    ['/v1/admin/api-keys?includeRevoked=yes', 400, 'query.includeRevoked'],
  ])('%s → %i naming %s', async (path, status, field) => {
    const res = await app.call<{ error: { field: string } }>('GET', path, admin);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
  });
});
