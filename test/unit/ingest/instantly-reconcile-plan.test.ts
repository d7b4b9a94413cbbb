import { describe, expect, it } from 'vitest';
import type { InstantlyEmail, InstantlyWebhookEvent } from '../../../src/ingest/instantly/api-types.ts';
import { inboundFromApiEmail, inboundFromWebhook } from '../../../src/ingest/instantly/inbound-fields.ts';
import { planReconciliation } from '../../../src/ingest/instantly/reconcile-plan.ts';
import { idempotencyKey, parseInstantlyWebhook } from '../../../src/ingest/instantly/webhook-payload.ts';

const email = (id: string, overrides: Partial<InstantlyEmail> = {}): InstantlyEmail => ({
  id,
  thread_id: `t-${id}`,
  message_id: `<${id}@blog.example>`,
  subject: 'Re: Guest post',
  body: { text: `text of ${id}`, html: null },
  from_address_email: 'Editor@Blog.example',
  eaccount: 'outreach@agency.example',
  lead: 'editor@blog.example',
  ue_type: 2,
  is_auto_reply: 0,
  timestamp_email: '2025-03-01T10:00:00.000Z',
  timestamp_created: '2025-03-01T10:00:05.000Z',
  ...overrides,
});

const replyPayload = (emailId: string, overrides: Record<string, unknown> = {}) => ({
  event_type: 'reply_received',
  timestamp: '2025-03-01T09:00:00.000Z',
  lead_email: 'editor@blog.example',
  email_account: 'outreach@agency.example',
  email_id: emailId,
  reply_text: 'yes',
  ...overrides,
});

const delivery = (id: string, payload: unknown, overrides: Partial<InstantlyWebhookEvent> = {}): InstantlyWebhookEvent => ({
  id,
  timestamp_created: '2025-03-01T09:00:01.000Z',
  success: false,
  will_retry: false,
  retry_count: 3,
  webhook_url: 'https://agent.example/v1/webhooks/instantly/ws_acme',
  payload: payload as Record<string, unknown>,
  ...overrides,
});

const nothing = { emailIds: new Set<string>(), idempotencyKeys: new Set<string>() };

describe('planReconciliation: API emails', () => {
  it.each([
    ['a new received email is ingested', [email('e1')], nothing, ['e1'], []],
    ['one we hold is skipped', [email('e1')], { ...nothing, emailIds: new Set(['e1']) }, [], [['e1', 'already-ingested']]],
    ['a sent email is skipped', [email('e1', { ue_type: 3 })], nothing, [], [['e1', 'not-received']]],
    ['a campaign email is skipped', [email('e1', { ue_type: 1 })], nothing, [], [['e1', 'not-received']]],
    ['a repeat in the same batch is skipped', [email('e1'), email('e1')], nothing, ['e1'], [['e1', 'duplicate-in-batch']]],
    ['an email without ue_type is trusted to the received filter', [email('e1', { ue_type: null })], nothing, ['e1'], []],
  ] as const)('%s', (_name, emails, ingested, ingestIds, skipped) => {
    const plan = planReconciliation({ emails, ingested });
    expect(plan.emailsToIngest.map((e) => e.id)).toEqual(ingestIds);
    expect(plan.skipped.map((s) => [s.id, s.reason])).toEqual(skipped);
  });

  it('orders what to ingest oldest first', () => {
    const plan = planReconciliation({
      emails: [
        email('late', { timestamp_email: '2025-03-03T00:00:00Z' }),
        email('early', { timestamp_email: '2025-03-01T00:00:00Z' }),
        email('middle', { timestamp_email: null, timestamp_created: '2025-03-02T00:00:00Z' }),
      ],
      ingested: nothing,
    });
    expect(plan.emailsToIngest.map((e) => e.id)).toEqual(['early', 'middle', 'late']);
  });
});

describe('planReconciliation: webhook delivery log', () => {
  const key = (payload: unknown) => {
    const parsed = parseInstantlyWebhook(payload);
    if (!parsed.ok) throw new Error(parsed.message);
    return idempotencyKey(parsed.payload);
  };

  it.each([
    ['a delivered event', delivery('d1', replyPayload('x1'), { success: true }), nothing, 'delivered'],
    ['a failure Instantly will retry', delivery('d1', replyPayload('x1'), { will_retry: true }), nothing, 'retry-pending'],
    ['a malformed payload', delivery('d1', { event_type: 'reply_received' }), nothing, 'malformed-payload'],
    ['no payload', delivery('d1', null), nothing, 'malformed-payload'],
    ['an open', delivery('d1', { ...replyPayload('x1'), event_type: 'email_opened' }), nothing, 'not-actionable'],
    ['a custom label', delivery('d1', { ...replyPayload('x1'), event_type: 'VIP' }), nothing, 'not-actionable'],
    ['a key we hold', delivery('d1', replyPayload('x1')), { ...nothing, idempotencyKeys: new Set([key(replyPayload('x1'))]) }, 'already-ingested'],
    ['a reply whose email we hold', delivery('d1', replyPayload('x1')), { ...nothing, emailIds: new Set(['x1']) }, 'already-ingested'],
  ] as const)('skips %s', (_name, event, ingested, reason) => {
    const plan = planReconciliation({ emails: [], webhookEvents: [event], ingested });
    expect(plan.webhookPayloadsToReplay).toEqual([]);
    expect(plan.skipped).toEqual([{ source: 'webhook-event', id: 'd1', reason }]);
  });

  it('replays a failed reply and a failed unsubscribe, oldest first, with their keys', () => {
    const unsubscribe = { ...replyPayload(''), event_type: 'lead_unsubscribed', email_id: null, timestamp: '2025-03-01T08:00:00.000Z' };
    const plan = planReconciliation({
      emails: [],
      webhookEvents: [delivery('d-reply', replyPayload('x1')), delivery('d-unsub', unsubscribe)],
      ingested: nothing,
    });
    expect(plan.webhookPayloadsToReplay.map((r) => [r.deliveryId, r.payload.event_type])).toEqual([
      ['d-unsub', 'lead_unsubscribed'],
      ['d-reply', 'reply_received'],
    ]);
    expect(plan.webhookPayloadsToReplay[1]?.key).toBe(key(replyPayload('x1')));
  });

  it('does not replay a reply already planned from the API list, nor the same event twice', () => {
    const plan = planReconciliation({
      emails: [email('x1')],
      webhookEvents: [delivery('d1', replyPayload('x1')), delivery('d2', replyPayload('x2')), delivery('d3', replyPayload('x2'))],
      ingested: nothing,
    });
    expect(plan.emailsToIngest.map((e) => e.id)).toEqual(['x1']);
    expect(plan.webhookPayloadsToReplay.map((r) => r.deliveryId)).toEqual(['d2']);
    expect(plan.skipped).toEqual([
      { source: 'webhook-event', id: 'd1', reason: 'duplicate-in-batch' },
      { source: 'webhook-event', id: 'd3', reason: 'duplicate-in-batch' },
    ]);
  });

  it('does not treat a bounce email_id (our own email) as a received email', () => {
    const bounce = { ...replyPayload('sent-1'), event_type: 'email_bounced' };
    const plan = planReconciliation({ emails: [], webhookEvents: [delivery('d1', bounce)], ingested: { ...nothing, emailIds: new Set(['sent-1']) } });
    expect(plan.webhookPayloadsToReplay.map((r) => r.deliveryId)).toEqual(['d1']);
  });
});

describe('inbound fields from both sources share the external id', () => {
  it('maps an API email and the matching webhook to the same message', () => {
    const fromApi = inboundFromApiEmail(email('x1', { is_auto_reply: 1 }));
    const parsed = parseInstantlyWebhook(replyPayload('x1', { event_type: 'auto_reply_received' }));
    const fromWebhook = parsed.ok ? inboundFromWebhook(parsed.payload) : null;
    expect(fromApi).toMatchObject({ externalId: 'x1', from: 'editor@blog.example', text: 'text of x1', autoReply: true, messageId: '<x1@blog.example>' });
    expect(fromWebhook).toMatchObject({ externalId: 'x1', from: 'editor@blog.example', text: 'yes', autoReply: true, messageId: null });
  });

  it('falls back to the snippet and the preview when there is no full text', () => {
    const parsed = parseInstantlyWebhook(replyPayload('x1', { reply_text: undefined, reply_text_snippet: 'snip' }));
    expect(parsed.ok && inboundFromWebhook(parsed.payload)?.text).toBe('snip');
    expect(inboundFromApiEmail(email('x1', { body: null, content_preview: 'preview' }))?.text).toBe('preview');
  });

  it('cannot build a message without a sender or a date', () => {
    expect(inboundFromApiEmail(email('x1', { from_address_email: null, lead: null }))).toBeNull();
    expect(inboundFromApiEmail(email('x1', { timestamp_email: null, timestamp_created: null }))).toBeNull();
  });
});
