/**
 * HTTP behaviour that holds on every route, driven by the served OpenAPI document (so a new route is
 * covered without being listed here): a wrong method on a known path is a 405 with `Allow`, an unknown
 * path a 404; a JSON route refuses a body that is not JSON with a 415 naming the expected type; and
 * validation errors read `<field>: <plain words>`, never zod's default wording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { issueMessage } from '../../src/http/issue-message.ts';
import { allowedMethods, pathPattern } from '../../src/http/method-not-allowed.ts';

type Err = { error: { code: string; message: string; field?: string } };
interface Op {
  security: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, unknown> };
}
type Doc = { paths: Record<string, Record<string, Op>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** zod's own wording, which must never reach a client. */
const ZOD_WORDING = /Invalid input|expected \w+, received|Too small|Too big|Invalid option|Unrecognized key|Invalid (email|ISO|string)/;

/** A concrete URL for a path template; ids are well-formed but unknown. */
const concrete = (path: string): string => path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'token' ? 'tok' : name === 'workspaceId' ? 'ws_none' : 'x_1'));

describe('HTTP behaviour on every route', () => {
  let svc: TestService;
  let doc: Doc;
  let key: string;
  beforeAll(async () => {
    svc = await startTestService('postgres', { ROLE: 'api', SECRET_KEY: 'h'.repeat(40) });
    doc = (await svc.call<Doc>('GET', '/openapi.json')).body;
    key = (await seedAgency(svc, 'HTTP errors')).key;
  }, 60_000);
  afterAll(() => svc.close());

  const tokenFor = (op: Op): string | undefined => {
    const schemes = op.security.flatMap((s) => Object.keys(s));
    if (schemes.includes('adminToken')) return ADMIN_TOKEN;
    if (schemes.includes('apiKey')) return key;
    return undefined;
  };
  const paths = () => Object.entries(doc.paths);
  const jsonOps = () =>
    paths().flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .filter(([, op]) => op.requestBody?.content['application/json'])
        .map(([method, op]) => ({ path, method, op })),
    );

  it('answers a wrong method on every known path with 405 and the methods it serves in Allow', async () => {
    let checked = 0;
    // What every path template serves, to leave out a method another template answers on the same URL
    // (GET /campaigns/import is GET /campaigns/:id).
    const all = paths().flatMap(([p, byMethod]) => Object.keys(byMethod).map((method) => ({ method, re: pathPattern(p.replace(/\{(\w+)\}/g, ':$1')) })));
    for (const [path, byMethod] of paths()) {
      const served = Object.keys(byMethod);
      const answered = allowedMethods(all, concrete(path)).map((m) => m.toLowerCase());
      const wrong = METHODS.filter((m) => !answered.includes(m));
      for (const m of wrong) {
        const res = await svc.call<Err>(m.toUpperCase(), concrete(path), { token: ADMIN_TOKEN });
        expect(res.status, `${m} ${path}`).toBe(405);
        expect(res.body.error.code).toBe('method_not_allowed');
        const allow = (res.headers.get('allow') ?? '').split(', ');
        for (const s of served) expect(allow, `${m} ${path}: Allow ${allow.join(',')}`).toContain(s.toUpperCase());
        expect(allow).not.toContain(m.toUpperCase());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it.each([
    ['GET', '/v1/link-building/nope'],
    ['POST', '/v1/link-building/crm/nothing'],
    ['DELETE', '/v1/admin/nothing/here'],
    ['GET', '/v1/link-building/crm/account/acct_1/more/segments'],
  ])('keeps an unknown path a 404: %s %s', async (method, path) => {
    const res = await svc.call<Err>(method, path, { token: key });
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
  });

  it('refuses a body without a JSON content type on every JSON route with 415 naming what is expected', async () => {
    const ops = jsonOps();
    expect(ops.length).toBeGreaterThan(20);
    for (const { path, method, op } of ops) {
      for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, {}] as Array<Record<string, string>>) {
        const res = await fetch(svc.url + concrete(path), {
          method: method.toUpperCase(),
          headers: { ...headers, ...(tokenFor(op) ? { authorization: `Bearer ${tokenFor(op)}` } : {}) },
          // a Blob without a type: fetch sends no content-type of its own
          body: new Blob(['{"name":"x"}']),
        });
        const body = (await res.json()) as Err;
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}: ${JSON.stringify(body)}`).toBe(415);
        expect(body.error.code).toBe('unsupported_media_type');
        expect(body.error.message).toContain('application/json');
        expect(body.error.field).toBe('headers.content-type');
      }
    }
  });

  it('accepts application/json with a charset and +json types', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const res = await svc.call('POST', '/v1/admin/agencies', { token: ADMIN_TOKEN, body: { name: `Typed ${type}` }, headers: { 'content-type': type } });
      expect(res.status, type).toBe(201);
    }
  });

  it('a POST that takes no body needs no content type', async () => {
    const ag = (await svc.call<{ id: string }>('POST', '/v1/admin/agencies', { token: ADMIN_TOKEN, body: { name: 'No body' } })).body;
    const ws = (await svc.call<{ id: string }>('POST', '/v1/admin/workspaces', { token: ADMIN_TOKEN, body: { agencyId: ag.id, name: 'c' } })).body;
    const res = await fetch(`${svc.url}/v1/admin/workspaces/${ws.id}/webhook-secret`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
  });

  it('words validation errors one way on every JSON route: "<field>: <plain words>"', async () => {
    let seen = 0;
    for (const { path, method, op } of jsonOps()) {
      for (const body of [{}, { unknownFieldXyz: 1 }, [], { name: 5, workspaceId: 7, domain: null }]) {
        const res = await svc.call<Err>(method.toUpperCase(), concrete(path), { token: tokenFor(op), body, headers: path.includes('webhooks') ? { 'x-webhook-secret': 'x' } : {} });
        if (res.status !== 400) continue;
        seen++;
        const { message, field } = res.body.error;
        expect(message, `${method} ${path}`).not.toMatch(ZOD_WORDING);
        expect(message, `${method} ${path}`).not.toMatch(/body\.body/);
        expect(field, `${method} ${path}: ${message}`).toBeDefined();
        expect(message.startsWith(`${field}: `), `${method} ${path}: ${message}`).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(30);
  });

  it.each([
    ['a missing field', 'POST', '/v1/admin/agencies', {}, 'body.name: is required'],
    ['a wrong type', 'POST', '/v1/admin/agencies', { name: 5 }, 'body.name: must be a string'],
    ['an empty string', 'POST', '/v1/admin/agencies', { name: ' ' }, 'body.name: must not be empty'],
    ['an unknown field', 'POST', '/v1/admin/agencies', { name: 'x', nme: 'y' }, 'body.nme: unknown field "nme"'],
    ['a bad enum', 'POST', '/v1/admin/assertions/asr_1/review', { decision: 'MAYBE', reason: 'r' }, 'body.decision: must be one of PROMOTE, DISMISS'],
    ['a number too large', 'GET', '/v1/link-building/crm/account?limit=501', undefined, 'query.limit: must be at most 500'],
    ['not a number', 'GET', '/v1/link-building/crm/account?limit=lots', undefined, 'query.limit: must be a number'],
    ['a fraction', 'GET', '/v1/link-building/crm/account?limit=1.5', undefined, 'query.limit: must be a whole number'],
    ['a bad date-time', 'GET', '/v1/link-building/crm/event?since=yesterday', undefined, 'query.since: must be an ISO 8601 date-time (e.g. 2026-01-31T09:00:00Z)'],
    ['a null', 'POST', '/v1/link-building/crm/relationship', { workspaceId: null, accountId: 'acct_1' }, 'body.workspaceId: must be a string, not null'],
  ])('says %s plainly', async (_name, method, path, body, message) => {
    const token = path.startsWith('/v1/admin') ? ADMIN_TOKEN : key;
    const res = await svc.call<Err>(method, path, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('names the webhook field once (no doubled body.body prefix)', async () => {
    const s = await seedAgency(svc, 'Webhook wording');
    const hook = `/v1/webhooks/instantly/${s.ws1}`;
    const headers = { 'x-webhook-secret': s.ws1Secret };
    const notObject = await svc.call<Err>('POST', hook, { headers, body: [1] });
    expect(notObject.status).toBe(400);
    expect(notObject.body.error).toMatchObject({ code: 'validation', message: 'body: must be a JSON object', field: 'body' });
    const missing = await svc.call<Err>('POST', hook, { headers, body: { timestamp: '2026-01-01T00:00:00Z' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'validation', message: 'body.event_type: is required', field: 'body.event_type' });
  });
});

describe('allowedMethods', () => {
  const routes = [
    { method: 'get', path: '/v1/crm/account' },
    { method: 'post', path: '/v1/crm/account' },
    { method: 'get', path: '/v1/crm/account/:id' },
    { method: 'patch', path: '/v1/crm/account/:id' },
    { method: 'post', path: '/v1/crm/account/:id/assertions' },
  ].map((r) => ({ method: r.method, re: pathPattern(r.path) }));
  it.each([
    ['/v1/crm/account', ['GET', 'HEAD', 'POST']],
    ['/v1/crm/account/', ['GET', 'HEAD', 'POST']],
    ['/V1/CRM/Account', ['GET', 'HEAD', 'POST']],
    ['/v1/crm/account/acct_1', ['GET', 'HEAD', 'PATCH']],
    ['/v1/crm/account/acct_1/assertions', ['POST']],
    ['/v1/crm/account/acct_1/x', []],
    ['/v1/crm', []],
    ['/v1/crm/account//', []],
  ])('%s → %j', (path, allow) => {
    expect(allowedMethods(routes, path)).toEqual(allow);
  });
});

describe('issueMessage', () => {
  it.each([
    [{ code: 'invalid_type', expected: 'string', input: undefined }, 'is required'],
    [{ code: 'invalid_type', expected: 'number', input: 'x' }, 'must be a number'],
    [{ code: 'invalid_type', expected: 'object', input: null }, 'must be an object, not null'],
    [{ code: 'invalid_type', expected: 'never', input: 1 }, 'is not allowed'],
    [{ code: 'invalid_value', values: ['A'], input: 'B' }, 'must be A'],
    [{ code: 'invalid_value', values: [1, 2], input: 3 }, 'must be one of 1, 2'],
    [{ code: 'invalid_format', format: 'email', input: 'x' }, 'is not an email address'],
    [{ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, input: '' }, 'must not be empty'],
    [{ code: 'too_small', origin: 'string', minimum: 3, inclusive: true, input: 'a' }, 'must be at least 3 characters long'],
    [{ code: 'too_big', origin: 'array', maximum: 50, inclusive: true, input: [] }, 'must have at most 50 items'],
    [{ code: 'too_small', origin: 'number', minimum: 0, inclusive: false, input: 0 }, 'must be greater than 0'],
    [{ code: 'too_big', origin: 'number', maximum: 100, inclusive: true, input: 101 }, 'must be at most 100'],
    [{ code: 'not_multiple_of', divisor: 0.01, input: 0.001 }, 'must be a multiple of 0.01'],
    [{ code: 'unrecognized_keys', keys: ['a', 'b'], input: {} }, 'unknown field "a", "b"'],
    [{ code: 'custom', input: 1 }, 'is not valid'],
  ])('%j → %s', (issue, message) => {
    expect(issueMessage(issue as never)).toBe(message);
  });
});
