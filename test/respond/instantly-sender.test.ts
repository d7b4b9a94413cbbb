import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstantlyClient } from '../../src/ingest/instantly/adapters/instantly-client.ts';
import { createInstantlyReplySender } from '../../src/respond/send/adapters/instantly-sender.ts';
import type { OutgoingReply } from '../../src/respond/send/ports.ts';
import { fakeEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';

describe('Instantly reply sender against the fake API', () => {
  let fake: FakeInstantlyServer;
  beforeAll(async () => {
    fake = await startFakeInstantly({ apiKey: 'k', emails: [fakeEmail({ id: 'orig-1', eaccount: 'alex@agency.example' })] });
  });
  afterAll(() => fake.close());

  const reply = (text: string): OutgoingReply => ({
    from: { address: 'alex@agency.example', name: '' }, to: 'editor@blog.example', subject: 'Re: Guest post idea', text, html: null,
    messageId: '<ours@agency.example>', inReplyTo: null, references: [],
  });

  it('finds a reply that went out (after a crash between send and record) by its exact text in the thread; otherwise cannot tell', async () => {
    const sender = createInstantlyReplySender(createInstantlyClient({ apiKey: 'k', baseURL: fake.baseURL }), { eaccount: 'alex@agency.example', replyToUuid: 'orig-1' });
    expect(await sender.alreadySent('<ours@agency.example>', reply('Thanks! Here is the article.'))).toBeNull();
    expect(await sender.send(reply('Thanks! Here is the article.'))).toEqual({ ok: true });
    expect(await sender.alreadySent('<ours@agency.example>', reply('Thanks! Here is the article.'))).toBe(true);
    expect(await sender.alreadySent('<ours@agency.example>', reply('A different text'))).toBeNull();
    expect(fake.replies).toHaveLength(1);
  });
});
