import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstantlyClient } from '../../src/ingest/instantly/adapters/instantly-client.ts';
import { CHECK_SEND_ATTEMPTS, lookupSend } from '../../src/ingest/instantly/check-send.ts';
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
