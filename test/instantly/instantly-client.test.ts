/** The Instantly client against a local fake of the API on 127.0.0.1. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { createInstantlyClient, isReplyOutcomeUnknown } from '../../src/ingest/instantly/adapters/instantly-client.ts';
import type { InstantlyClient } from '../../src/ingest/instantly/adapters/instantly-client.ts';
import { planReconciliation } from '../../src/ingest/instantly/reconcile-plan.ts';
import { fakeEmail, startFakeInstantly } from '../fakes/instantly-server.ts';
import type { FakeInstantlyServer } from '../fakes/instantly-server.ts';

let fake: FakeInstantlyServer;
let client: InstantlyClient;

const minute = (n: number) => new Date(Date.UTC(2025, 2, 1, 10, n)).toISOString();

beforeAll(async () => {
  const received = Array.from({ length: 25 }, (_, i) =>
    fakeEmail({ id: `r${String(i).padStart(2, '0')}`, timestamp_created: minute(i), lead: i % 5 === 0 ? 'anna@blog.example' : 'editor@blog.example' }),
  );
  fake = await startFakeInstantly({
    emails: [...received, fakeEmail({ id: 'sent-1', ue_type: 1, thread_id: 'thread-r00', timestamp_created: minute(59) })],
    webhookEvents: [
      {
        id: 'd-ok',
        timestamp_created: minute(1),
        success: true,
        will_retry: false,
        webhook_url: 'https://agent.example/hook',
        payload: { event_type: 'reply_received', timestamp: minute(1), lead_email: 'editor@blog.example', email_id: 'r01' },
      },
      {
        id: 'd-failed',
        timestamp_created: minute(2),
        success: false,
        will_retry: false,
        status_code: 503,
        error_message: 'Service Unavailable',
        webhook_url: 'https://agent.example/hook',
        lead_email: 'editor@blog.example',
        payload: { event_type: 'lead_unsubscribed', timestamp: minute(2), lead_email: 'editor@blog.example' },
      },
    ],
  });
  client = createInstantlyClient({ apiKey: fake.apiKey, baseURL: fake.baseURL, timeoutMs: 500 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('reading emails', () => {
  it('gets one email by id with a bearer token', async () => {
    const email = await client.getEmail('r03');
    expect(email).toMatchObject({ id: 'r03', ue_type: 2, thread_id: 'thread-r03' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('sends the filters Instantly expects', async () => {
    await client.listEmails({
      emailType: 'received',
      lead: 'anna@blog.example',
      threadId: 'thread-r00',
      minTimestampCreated: minute(0),
      maxTimestampCreated: minute(30),
      sortOrder: 'asc',
      previewOnly: false,
      limit: 5,
    });
    expect(fake.requests[0]?.query).toEqual({
      email_type: 'received',
      lead: 'anna@blog.example',
      search: 'thread:thread-r00',
      min_timestamp_created: minute(0),
      max_timestamp_created: minute(30),
      sort_order: 'asc',
      preview_only: 'false',
      limit: '5',
    });
  });

  it('pages with starting_after / next_starting_after until the end', async () => {
    const first = await client.listEmails({ emailType: 'received', limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.nextStartingAfter).toBe('r15');
    const second = await client.listEmails({ emailType: 'received', limit: 10, startingAfter: first.nextStartingAfter ?? '' });
    expect(second.items[0]?.id).toBe('r14');
    const all = await client.listAllEmails({ emailType: 'received', limit: 10 });
    expect(all).toHaveLength(25);
    expect(new Set(all.map((e) => e.id)).size).toBe(25);
  });

  it('stops at maxPages', async () => {
    const some = await client.listAllEmails({ emailType: 'received', limit: 10 }, 2);
    expect(some).toHaveLength(20);
    expect(fake.requests).toHaveLength(2);
  });

  it('filters by time window and by thread', async () => {
    const window = await client.listEmails({ emailType: 'received', minTimestampCreated: minute(20), limit: 100 });
    expect(window.items.map((e) => e.id).sort()).toEqual(['r20', 'r21', 'r22', 'r23', 'r24']);
    const thread = await client.listEmails({ threadId: 'thread-r00' });
    expect(thread.items.map((e) => e.id).sort()).toEqual(['r00', 'sent-1']);
  });

  it('reads the webhook delivery log, and the reconcile plan replays the failed unsubscribe', async () => {
    const failed = await client.listWebhookEvents({ success: false });
    expect(fake.requests[0]?.query).toEqual({ success: 'false' });
    expect(failed.items.map((e) => e.id)).toEqual(['d-failed']);
    const recent = await client.listEmails({ emailType: 'received', limit: 100 });
    const plan = planReconciliation({
      emails: recent.items,
      webhookEvents: failed.items,
      ingested: { emailIds: new Set(recent.items.slice(1).map((e) => e.id)), idempotencyKeys: new Set() },
    });
    expect(plan.emailsToIngest.map((e) => e.id)).toEqual([recent.items[0]?.id]);
    expect(plan.webhookPayloadsToReplay.map((r) => r.payload.event_type)).toEqual(['lead_unsubscribed']);
  });
});

describe('replying', () => {
  it('posts {eaccount, reply_to_uuid, subject, body} and returns the sent email', async () => {
    const sent = await client.replyToEmail({
      eaccount: 'outreach@agency.example',
      replyToUuid: 'r02',
      subject: 'Re: Guest post idea',
      body: { text: 'Great, here it is.', html: '<p>Great, here it is.</p>' },
    });
    expect(fake.requests[0]?.body).toEqual({
      eaccount: 'outreach@agency.example',
      reply_to_uuid: 'r02',
      subject: 'Re: Guest post idea',
      body: { text: 'Great, here it is.', html: '<p>Great, here it is.</p>' },
    });
    expect(fake.replies.at(-1)).toMatchObject({ reply_to_uuid: 'r02' });
    expect(sent).toMatchObject({ ue_type: 3, thread_id: 'thread-r02', eaccount: 'outreach@agency.example' });
  });

  it('is a non-retryable NOT_FOUND for an unknown email and sends nothing', async () => {
    const before = fake.replies.length;
    const error = await rejection(client.replyToEmail({ eaccount: 'a@b.c', replyToUuid: 'nope', subject: 's', body: { text: 't' } }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    expect(isReplyOutcomeUnknown(error)).toBe(false);
    expect(fake.replies).toHaveLength(before);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 } as const, 'UPSTREAM'],
    ['a timeout', { kind: 'delay', ms: 1_000 } as const, 'UNAVAILABLE'],
    ['a dropped connection', { kind: 'drop-connection' } as const, 'UNAVAILABLE'],
  ])('marks the outcome unknown (maybe sent) after %s, retryable', async (_name, fault, code) => {
    fake.injectFault(fault, { method: 'POST' });
    const error = await rejection(client.replyToEmail({ eaccount: 'a@b.c', replyToUuid: 'r02', subject: 's', body: { text: 't' } }));
    expect(error).toMatchObject({ code, retryable: true });
    expect(isReplyOutcomeUnknown(error)).toBe(true);
  });

  it('does not call a 429 "maybe sent"', async () => {
    fake.injectFault({ kind: 'status', status: 429 }, { method: 'POST' });
    const error = await rejection(client.replyToEmail({ eaccount: 'a@b.c', replyToUuid: 'r02', subject: 's', body: { text: 't' } }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(isReplyOutcomeUnknown(error)).toBe(false);
  });

  it('never asks to retry a reply whose 2xx body it cannot read (it was sent)', async () => {
    fake.injectFault({ kind: 'not-json' }, { method: 'POST' });
    const error = await rejection(client.replyToEmail({ eaccount: 'a@b.c', replyToUuid: 'r02', subject: 's', body: { text: 't' } }));
    expect(error).toMatchObject({ code: 'UPSTREAM', retryable: false });
  });
});

describe('errors on reads', () => {
  it.each([
    [{ kind: 'status', status: 429 } as const, 'UNAVAILABLE', true],
    [{ kind: 'status', status: 500 } as const, 'UPSTREAM', true],
    [{ kind: 'status', status: 503 } as const, 'UPSTREAM', true],
    [{ kind: 'status', status: 400 } as const, 'VALIDATION', false],
    [{ kind: 'status', status: 403 } as const, 'UNAUTHORIZED', false],
    [{ kind: 'status', status: 404 } as const, 'NOT_FOUND', false],
    [{ kind: 'status', status: 409 } as const, 'PERMANENT', false],
    [{ kind: 'delay', ms: 1_000 } as const, 'UNAVAILABLE', true],
    [{ kind: 'drop-connection' } as const, 'UNAVAILABLE', true],
    [{ kind: 'not-json' } as const, 'UPSTREAM', true],
    [{ kind: 'wrong-shape' } as const, 'UPSTREAM', false],
  ])('%o → %s (retryable %s)', async (fault, code, retryable) => {
    fake.injectFault(fault);
    const error = await rejection(client.listEmails({ emailType: 'received' }));
    expect(error).toMatchObject({ code, retryable });
  });

  it('is UNAUTHORIZED, not retryable, with a wrong key', async () => {
    const wrong = createInstantlyClient({ apiKey: 'wrong', baseURL: fake.baseURL });
    expect(await rejection(wrong.getEmail('r01'))).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
  });

  it('is a retryable UNAVAILABLE when nothing listens', async () => {
    const gone = await startFakeInstantly();
    const baseURL = gone.baseURL;
    await gone.close();
    const unreachable = createInstantlyClient({ apiKey: 'k', baseURL });
    expect(await rejection(unreachable.listEmails())).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
  });

  it('recovers on the next call after injected failures (no hidden retries)', async () => {
    fake.injectFault({ kind: 'status', status: 503 }, {}, 2);
    await rejection(client.getEmail('r01'));
    await rejection(client.getEmail('r01'));
    await expect(client.getEmail('r01')).resolves.toMatchObject({ id: 'r01' });
    expect(fake.requests).toHaveLength(3);
  });
});
