import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstantlyClient, parseRetryAfter } from '../../src/ingest/instantly/adapters/instantly-client.ts';
import { boundedEmailLookups, CHECK_SEND_ATTEMPTS, CHECK_SEND_CONCURRENCY, lookupSend } from '../../src/ingest/instantly/check-send.ts';
import { fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';

describe('lookupSend: what Instantly says of the email an email_sent webhook names (the real client, a loopback fake)', () => {
  let fake: FakeInstantlyServer;
  let client: ReturnType<typeof createInstantlyClient>;
  beforeAll(async () => {
    fake = await startFakeInstantly({ emails: [fakeSentEmail('sent-1', 'editor@blog.example')] });
    client = createInstantlyClient({ apiKey: fake.apiKey, baseURL: fake.baseURL, timeoutMs: 2_000 });
  });
  afterAll(() => fake.close());

  it('finds a send Instantly made', async () => {
    expect(await lookupSend(client, 'sent-1', 0)).toMatchObject({ kind: 'found', email: { id: 'sent-1', ue_type: 1, lead: 'editor@blog.example' } });
  });

  it('an id Instantly does not know is missing (no retry)', async () => {
    expect(await lookupSend(client, 'invented-1', 0)).toEqual({ kind: 'missing' });
  });

  it('a retryable failure is retried by the job, then the send stays unchecked', async () => {
    fake.injectFault({ kind: 'status', status: 503 }, { pathPrefix: '/api/v2/emails/' }, 2);
    await expect(lookupSend(client, 'sent-1', 0)).rejects.toMatchObject({ retryable: true });
    expect(await lookupSend(client, 'sent-1', CHECK_SEND_ATTEMPTS - 1)).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/could not be asked.*503/) });
  });

  it('without an API key the send is unchecked; a delivery that is not a send is not looked up', async () => {
    expect(await lookupSend(null, 'sent-1', 0)).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/INSTANTLY_API_KEY/) });
    const before = fake.requests.length;
    expect(await lookupSend(client, undefined, 0)).toBeUndefined();
    expect(fake.requests.length).toBe(before);
  });
});

describe('a batch of email_sent checks: a few at a time, and Instantly\'s 429 Retry-After honoured (the real client, a loopback fake)', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `batch-${i}`);
  let fake: FakeInstantlyServer;
  let client: ReturnType<typeof createInstantlyClient>;
  beforeAll(async () => {
    fake = await startFakeInstantly({ emails: ids.map((id) => fakeSentEmail(id, `${id}@blog.example`)) });
    client = createInstantlyClient({ apiKey: fake.apiKey, baseURL: fake.baseURL, timeoutMs: 10_000 });
  });
  afterAll(() => fake.close());

  it(`asks for 12 emails ${CHECK_SEND_CONCURRENCY} at a time, never more`, async () => {
    // Each answer is held back, so the lookups overlap as much as the gate lets them.
    fake.injectFault({ kind: 'delay', ms: 400 }, { pathPrefix: '/api/v2/emails/' }, ids.length);
    const lookups = boundedEmailLookups(client);
    const found = await Promise.all(ids.map((id) => lookupSend(lookups, id, 0)));
    expect(found.map((f) => (f?.kind === 'found' ? f.email.id : f?.kind))).toEqual(ids);
    expect(fake.requests.filter((r) => r.path.startsWith('/api/v2/emails/batch-'))).toHaveLength(ids.length);
    expect(fake.maxInFlight).toBe(CHECK_SEND_CONCURRENCY);
  });

  it('a 429 makes every lookup wait out its Retry-After before the next GET, then each is asked again', async () => {
    const before = fake.requests.length;
    fake.injectFault({ kind: 'status', status: 429, body: 'slow down', headers: { 'retry-after': '2' } }, { pathPrefix: '/api/v2/emails/' });
    const slept: number[] = [];
    const lookups = boundedEmailLookups(client, { concurrency: 1, sleep: async (ms) => void slept.push(ms) });
    const found = await Promise.all(ids.slice(0, 3).map((id) => lookupSend(lookups, id, 0)));
    expect(found.map((f) => f?.kind)).toEqual(['found', 'found', 'found']);
    // The first GET was refused and asked again; the other two started only after the pause.
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual(['/api/v2/emails/batch-0', '/api/v2/emails/batch-1', '/api/v2/emails/batch-2', '/api/v2/emails/batch-0']);
    expect(slept).toHaveLength(3);
    for (const ms of slept) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(2_000);
    }
  });

  it('a Retry-After longer than 30 s is left to the job\'s retries: no wait, a retryable failure, then unchecked', async () => {
    fake.injectFault({ kind: 'status', status: 429, headers: { 'retry-after': '120' } }, { pathPrefix: '/api/v2/emails/' }, 2);
    const slept: number[] = [];
    const lookups = boundedEmailLookups(client, { sleep: async (ms) => void slept.push(ms) });
    await expect(lookupSend(lookups, 'batch-0', 0)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/HTTP 429/) });
    expect(await lookupSend(lookups, 'batch-0', CHECK_SEND_ATTEMPTS - 1)).toMatchObject({ kind: 'unchecked', why: expect.stringMatching(/429/) });
    expect(slept).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
