import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { seedAgency, startTestApp, type TestApp } from '../support/test-app.ts';

type Err = { error: { code: string; message: string; field?: string } };

/** What PostgreSQL's own error text looks like: never in an answer. */
const PG_TEXT = /syntax for type|violates|constraint|relation "|column "|out of range for type|Unicode escape|invalid input value|date\/time field/i;
const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('bad input gets a clear 4xx naming the field, and stores nothing', () => {
  let t: TestDb;
  let app: TestApp;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let acctId: string;
  const counts = async () => (await t.db.query(`select (select count(*) from accounts) + (select count(*) from contacts) + (select count(*) from relationships) + (select count(*) from events) as n`)).rows;

  beforeAll(async () => {
    t = await createTestDb('postgres');
    app = await startTestApp(t.db);
    s = await seedAgency(app, 'Val');
    acctId = (await app.call<{ id: string }>('POST', '/v1/link-building/crm/account', { token: s.key, body: { domain: 'valid.example' } })).body.id;
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const cases: Array<[string, string, string, unknown, number, string | undefined]> = [
    ['missing domain', 'POST', '/v1/link-building/crm/account', {}, 400, 'body.domain'],
    ['domain not a domain', 'POST', '/v1/link-building/crm/account', { domain: 'not a domain' }, 400, 'body.domain'],
    ['wrong type', 'POST', '/v1/link-building/crm/account', { domain: 'x.example', domainRating: 'high' }, 400, 'body.domainRating'],
    ['DR out of range', 'POST', '/v1/link-building/crm/account', { domain: 'x.example', domainRating: 101 }, 400, 'body.domainRating'],
    ['unknown field', 'POST', '/v1/link-building/crm/account', { domain: 'x.example', hacked: true }, 400, 'body.hacked'],
    ['bad enum', 'POST', '/v1/link-building/crm/account', { domain: 'x.example', systemContactStatus: 'MAYBE' }, 400, 'body.systemContactStatus'],
    ['bad email', 'POST', '/v1/link-building/crm/contact', { accountId: 'acct_x', email: 'nope' }, 400, 'body.email'],
    ['bad id prefix', 'POST', '/v1/link-building/crm/contact', { accountId: 'rel_x', email: 'a@b.example' }, 400, 'body.accountId'],
    ['body is an array', 'POST', '/v1/link-building/crm/account', [1, 2], 400, 'body'],
    ['limit too large', 'GET', '/v1/link-building/crm/account?limit=501', undefined, 400, 'query.limit'],
    ['unknown query param', 'GET', '/v1/link-building/crm/account?color=red', undefined, 400, 'query.color'],
    ['bad since', 'GET', '/v1/link-building/crm/event?since=yesterday', undefined, 400, 'query.since'],
    ['bad path id', 'GET', "/v1/link-building/crm/account/1'%20or%201=1", undefined, 400, 'params.id'],
    ['status change without target', 'POST', '/v1/link-building/crm/event', { relationshipId: 'rel_abc', type: 'STATUS_CHANGED', metadata: {} }, 400, 'body.metadata.to'],
    ['unknown route', 'GET', '/v1/link-building/nope', undefined, 404, undefined],
    ['since in year 0 (date only)', 'GET', '/v1/link-building/crm/event?since=0000-01-01', undefined, 400, 'query.since'],
    ['since in year 0', 'GET', '/v1/link-building/crm/event?since=0000-01-01T00:00:00Z', undefined, 400, 'query.since'],
    ['since before 1990', 'GET', '/v1/link-building/crm/event?since=1900-01-01T00:00:00Z', undefined, 400, 'query.since'],
    ['occurredAt in an expanded year', 'POST', '/v1/link-building/crm/event', { relationshipId: 'rel_abc', type: 'NOTE_ADDED', occurredAt: '+099999-01-01T00:00:00Z' }, 400, 'body.occurredAt'],
    ['occurredAt in year 9999', 'POST', '/v1/link-building/crm/event', { relationshipId: 'rel_abc', type: 'NOTE_ADDED', occurredAt: '9999-12-31T23:59:59Z' }, 400, 'body.occurredAt'],
    ['forged event cursor (not a time)', 'GET', `/v1/link-building/crm/event?cursor=${cursorOf(['not a time', 'evt_x'])}`, undefined, 400, 'cursor'],
    ['forged event cursor (year 0)', 'GET', `/v1/link-building/crm/event?cursor=${cursorOf(['0000-01-01T00:00:00Z', 'evt_x'])}`, undefined, 400, 'cursor'],
    ['forged event cursor (numbers)', 'GET', `/v1/link-building/crm/event?cursor=${cursorOf([1, 2])}`, undefined, 400, 'cursor'],
    ['forged account cursor with NUL', 'GET', `/v1/link-building/crm/account?cursor=${cursorOf(['acct_\u0000'])}`, undefined, 400, 'cursor'],
    ['NUL in metadata key', 'POST', '/v1/link-building/crm/event', { relationshipId: 'rel_abc', type: 'NOTE_ADDED', metadata: { 'a\u0000': 1 } }, 400, 'body.metadata.a\\u0000'],
  ];

  it.each(cases)('%s', async (_name, method, path, body, status, field) => {
    const before = await counts();
    const res = await app.call<Err>(method, path, { token: s.key, body });
    expect(res.status).toBe(status);
    expect(typeof res.body.error.message).toBe('string');
    if (field) expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).not.toMatch(PG_TEXT);
    expect(await counts()).toEqual(before);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await app.call<Err>('POST', '/v1/link-building/crm/account', { token: s.key, raw: '{"domain": "x.example",' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('body');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:/);
  });

  it('a body over 1 MB is a 413', async () => {
    const res = await app.call<Err>('POST', '/v1/link-building/crm/account', { token: s.key, body: { domain: 'big.example', rawNotes: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(await app.call('GET', '/v1/link-building/crm/account?domain=big.example', { token: s.key })).toMatchObject({ body: { data: [] } });
  });

  it('a body nested 100 000 levels deep is a 400 naming the body, checked before parsing', async () => {
    for (const n of [100_000, 5_000, 33]) {
      const deep = '{"relationshipId":"rel_a","type":"NOTE_ADDED","metadata":{"a":' + '['.repeat(n) + ']'.repeat(n) + '}}';
      const res = await app.call<Err>('POST', '/v1/link-building/crm/event', { token: s.key, raw: deep });
      expect(res.status, `depth ${n}`).toBe(400);
      expect(res.body.error.field).toBe('body');
    }
    // brackets inside strings do not count, and 30 levels are fine (then: no such relationship)
    const shallow = '{"relationshipId":"rel_a","type":"NOTE_ADDED","metadata":{"s":"' + '['.repeat(1000) + '","a":' + '['.repeat(28) + ']'.repeat(28) + '}}';
    const ok = await app.call<Err>('POST', '/v1/link-building/crm/event', { token: s.key, raw: shallow });
    expect(ok.status).toBe(404);
  });

  it('odd unicode and injection-looking strings are stored as plain data', async () => {
    const name = "Robert'); DROP TABLE accounts;-- \u202e\u0000x 🙂";
    const res = await app.call<{ name: string }>('PATCH', `/v1/link-building/crm/account/${acctId}`, { token: s.key, body: { name: name.replace('\u0000', '') } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe(name.replace('\u0000', ''));
    const nul = await app.call<Err>('PATCH', `/v1/link-building/crm/account/${acctId}`, { token: s.key, body: { name: 'a\u0000b' } });
    expect(nul.status).toBe(400);
  });

  it('a missing or unknown API key is a 401', async () => {
    expect((await app.call('GET', '/v1/link-building/crm/account')).status).toBe(401);
    expect((await app.call('GET', '/v1/link-building/crm/account', { token: 'lbk_nope' })).status).toBe(401);
  });
});
