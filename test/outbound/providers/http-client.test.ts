/**
 * The shared provider HTTP client against a loopback server: retries on 429/5xx within bounds,
 * Retry-After (seconds and HTTP date), timeouts (retried for GET only), and errors that name the
 * provider and endpoint but never a secret.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderHttp, retryAfterMs } from '../../../src/outbound/providers/http-client.ts';
import { ProviderError } from '../../../src/outbound/providers/ports.ts';
import { startProviderFake } from '../../fakes/provider-fake-http.ts';
import type { FakeProviderServer } from '../../fakes/provider-fake-http.ts';

let server: FakeProviderServer;
const waits: number[] = [];
const SECRET = 'sk-very-secret-123';

beforeAll(async () => {
  server = await startProviderFake((req) => ({ status: 200, body: { ok: true, echo: req.query } }));
});
afterAll(async () => server?.close());
beforeEach(() => {
  waits.length = 0;
});

const client = (over: Parameters<typeof createProviderHttp>[0] extends infer O ? Partial<O> : never = {}) =>
  createProviderHttp({
    provider: 'ahrefs',
    baseURL: `${server.baseURL}/`,
    headers: { authorization: `Bearer ${SECRET}` },
    secrets: [SECRET],
    sleep: async (ms) => void waits.push(ms),
    ...over,
  });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('provider http client', () => {
  it('sends repeated array parameters and returns the JSON', async () => {
    const res = await client().request({ method: 'GET', path: '/x', endpoint: 'x', query: { 'a[]': ['1', '2'], b: 3, c: undefined } });
    expect(res.json).toEqual({ ok: true, echo: { 'a[]': '2', b: '3' } });
    expect(server.requests.at(-1)?.params.getAll('a[]')).toEqual(['1', '2']);
  });

  it('retries 503 with backoff and succeeds', async () => {
    server.injectFault({ kind: 'status', status: 503 }, {}, 2);
    const res = await client().request({ method: 'POST', path: '/x', endpoint: 'x', body: {} });
    expect(res.status).toBe(200);
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up after maxRetries, retryable, naming provider, endpoint and the vendor words', async () => {
    server.injectFault({ kind: 'status', status: 500, body: { error: 'backend exploded' } }, {}, 3);
    const error = await failure(client().request({ method: 'GET', path: '/x', endpoint: 'site-explorer/refdomains' }));
    expect(error.message).toBe('ahrefs: site-explorer/refdomains: HTTP 500 after 3 attempts: backend exploded');
    expect(error.retryable).toBe(true);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();
    server.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': at } });
    await client().request({ method: 'GET', path: '/x', endpoint: 'x' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(3_000);
  });

  it('does not retry 401/400 and never echoes the key', async () => {
    server.injectFault({ kind: 'status', status: 401, body: { error: `bad key ${SECRET}` } });
    const error = await failure(client().request({ method: 'GET', path: '/x', endpoint: 'x' }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('401');
    expect(error.message).not.toContain(SECRET);
    expect(waits).toEqual([]);
  });

  it('retries a GET that timed out, but not a POST (it may have been done and billed)', async () => {
    server.injectFault({ kind: 'delay', ms: 400 }, { method: 'GET' });
    const res = await client({ timeoutMs: 100 }).request({ method: 'GET', path: '/x', endpoint: 'x' });
    expect(res.status).toBe(200);
    expect(waits).toHaveLength(1);

    server.injectFault({ kind: 'delay', ms: 400 }, { method: 'POST' });
    const before = server.requests.length;
    const error = await failure(client({ timeoutMs: 100 }).request({ method: 'POST', path: '/x', endpoint: 'people/match', body: {} }));
    expect(error.message).toContain('no answer within');
    expect(error.retryable).toBe(true);
    expect(server.requests.length - before).toBe(1);
  });

  it('a dropped connection on POST fails retryable at once', async () => {
    server.injectFault({ kind: 'drop-connection' }, { method: 'POST' });
    const error = await failure(client().request({ method: 'POST', path: '/x', endpoint: 'x', body: {} }));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('network error');
  });

  it('a redirect is a non-retryable error naming the base URL, not followed', async () => {
    server.injectFault({ kind: 'status', status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    const error = await failure(client().request({ method: 'GET', path: '/x', endpoint: 'x' }));
    expect(error.message).toContain('redirect');
    expect(error.retryable).toBe(false);
    expect(waits).toEqual([]);
  });

  it('a 200 that is not JSON is a non-retryable error', async () => {
    server.injectFault({ kind: 'not-json' });
    const error = await failure(client().request({ method: 'GET', path: '/x', endpoint: 'x' }));
    expect(error.message).toContain('not JSON');
    expect(error.retryable).toBe(false);
  });

  it.each([
    [null, null],
    ['5', 5_000],
    ['0.5', 500],
    ['Mon, 07 Dec 2026 09:00:10 GMT', 10_000],
    ['Mon, 07 Dec 2026 08:59:00 GMT', 0],
    ['soon', null],
  ])('retryAfterMs(%s) = %s', (header, ms) => {
    expect(retryAfterMs(header, Date.parse('2026-12-07T09:00:00Z'))).toBe(ms);
  });
});
