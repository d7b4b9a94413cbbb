import { describe, expect, it } from 'vitest';
import {
  idempotencyKey,
  parseInstantlyWebhook,
  planInstantlyEvent,
} from '../../../src/ingest/instantly/webhook-payload.ts';
import type { InstantlyEventPlan, InstantlyWebhookPayload } from '../../../src/ingest/instantly/webhook-payload.ts';

const base = {
  timestamp: '2025-03-01T10:00:00.000Z',
  workspace: 'ws-uuid',
  campaign_id: 'camp-uuid',
  campaign_name: 'Gardening Q1',
  lead_email: 'Editor@Blog.example',
  email_account: 'outreach@agency.example',
};

const reply = {
  ...base,
  event_type: 'reply_received',
  email_id: 'email-uuid-1',
  unibox_url: 'https://app.instantly.ai/unibox/x',
  step: 1,
  variant: 1,
  is_first: true,
  reply_subject: 'Re: Guest post idea',
  reply_text: 'Sounds good, send it over.',
  reply_html: '<p>Sounds good, send it over.</p>',
  reply_text_snippet: 'Sounds good',
};

function parsed(body: unknown): InstantlyWebhookPayload {
  const result = parseInstantlyWebhook(body);
  if (!result.ok) throw new Error(result.message);
  return result.payload;
}

describe('parseInstantlyWebhook: malformed payloads name the field', () => {
  it.each([
    ['not an object', 'reply_received', 'body'],
    ['an array', [reply], 'body'],
    ['null', null, 'body'],
    ['no event_type', { ...base }, 'event_type'],
    ['an empty event_type', { ...base, event_type: '  ' }, 'event_type'],
    ['a numeric event_type', { ...base, event_type: 7 }, 'event_type'],
    ['no timestamp', { ...reply, timestamp: undefined }, 'timestamp'],
    ['a timestamp that is not a date', { ...reply, timestamp: 'yesterday' }, 'timestamp'],
    ['a lead_email that is not an address', { ...reply, lead_email: 'not-an-address' }, 'lead_email'],
    ['a reply without lead_email', { ...reply, lead_email: undefined }, 'lead_email'],
    ['an unsubscribe without lead_email', { ...base, event_type: 'lead_unsubscribed', lead_email: null }, 'lead_email'],
    ['reply_text of the wrong type', { ...reply, reply_text: { text: 'x' } }, 'reply_text'],
    ['a step that is not a number', { ...reply, step: 'first' }, 'step'],
    ['is_first as a string', { ...reply, is_first: 'yes' }, 'is_first'],
  ])('%s → 400 on %s', (_name, body, field) => {
    const result = parseInstantlyWebhook(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message.startsWith(field)).toBe(true);
    }
  });

  it('says "is required" for a missing field', () => {
    expect(parseInstantlyWebhook({ ...base })).toMatchObject({ ok: false, message: 'event_type is required' });
  });
});

describe('parseInstantlyWebhook: accepts', () => {
  it('a documented reply payload, keeping unknown (lead data) keys', () => {
    const payload = parsed({ ...reply, firstName: 'Eve', website: 'blog.example' });
    expect(payload.reply_text).toBe('Sounds good, send it over.');
    expect((payload as Record<string, unknown>)['firstName']).toBe('Eve');
  });

  it.each(['My Custom Label', 'lead_maybe_later', 'supersearch_enrichment_completed', 'account_error'])(
    'event type %j, without a lead',
    (eventType) => {
      expect(parseInstantlyWebhook({ event_type: eventType, timestamp: base.timestamp }).ok).toBe(true);
    },
  );

  it('nulls where optional fields are absent, and numeric-string steps', () => {
    const payload = parsed({ ...reply, campaign_id: null, step: '2', variant: '1' });
    expect(payload.campaign_id).toBeNull();
    expect(payload.step).toBe(2);
  });
});

describe('planInstantlyEvent: every event type', () => {
  const rows: Array<[string, InstantlyEventPlan]> = [
    ['reply_received', { kind: 'inbound', autoReply: false }],
    ['auto_reply_received', { kind: 'inbound', autoReply: true }],
    ['email_sent', { kind: 'crm-event', eventType: 'EMAIL_SENT', dnc: false, label: 'email_sent' }],
    ['email_bounced', { kind: 'crm-event', eventType: 'BOUNCED', dnc: false, label: 'email_bounced' }],
    ['lead_unsubscribed', { kind: 'crm-event', eventType: 'REJECTED', dnc: true, label: 'lead_unsubscribed' }],
    ['lead_not_interested', { kind: 'crm-event', eventType: 'REJECTED', dnc: false, label: 'lead_not_interested' }],
    ['lead_meeting_booked', { kind: 'crm-event', eventType: 'CALL_SCHEDULED', dnc: false, label: 'lead_meeting_booked' }],
    ['lead_interested', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_interested' }],
    ['lead_neutral', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_neutral' }],
    ['lead_out_of_office', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_out_of_office' }],
    ['lead_wrong_person', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_wrong_person' }],
    ['lead_meeting_completed', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_meeting_completed' }],
    ['lead_closed', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_closed' }],
    ['lead_no_show', { kind: 'crm-event', eventType: 'NOTE_ADDED', dnc: false, label: 'lead_no_show' }],
    ['email_opened', { kind: 'raw', reason: 'engagement' }],
    ['link_clicked', { kind: 'raw', reason: 'engagement' }],
    ['email_link_clicked', { kind: 'raw', reason: 'engagement' }],
    ['account_error', { kind: 'raw', reason: 'workspace-event' }],
    ['campaign_completed', { kind: 'raw', reason: 'workspace-event' }],
    ['supersearch_enrichment_completed', { kind: 'raw', reason: 'workspace-event' }],
    ['Hot Lead (custom label)', { kind: 'raw', reason: 'unknown-type' }],
    ['REPLY_RECEIVED', { kind: 'raw', reason: 'unknown-type' }],
  ];

  it.each(rows)('%s', (eventType, plan) => {
    expect(planInstantlyEvent(parsed({ ...base, event_type: eventType }))).toEqual(plan);
  });
});

describe('idempotencyKey', () => {
  const payload = parsed(reply);

  it('is stable for a redelivery, and ignores the case of the lead address and unrelated fields', () => {
    const again = parsed({ ...reply, lead_email: 'editor@blog.example', reply_text: 'edited', unibox_url: 'other' });
    expect(idempotencyKey(again)).toBe(idempotencyKey(payload));
    expect(idempotencyKey(payload)).toMatch(/^instantly:[0-9a-f]{64}$/);
  });

  it.each([
    ['event_type', { event_type: 'auto_reply_received' }],
    ['email_id', { email_id: 'email-uuid-2' }],
    ['lead_email', { lead_email: 'other@blog.example' }],
    ['timestamp', { timestamp: '2025-03-01T10:00:01.000Z' }],
  ])('changes with %s', (_field, change) => {
    expect(idempotencyKey(parsed({ ...reply, ...change }))).not.toBe(idempotencyKey(payload));
  });

  it('does not confuse a missing email_id with a shifted field', () => {
    const a = { event_type: 'x', email_id: null, lead_email: 'a@b.c', timestamp: 't' };
    const b = { event_type: 'x', email_id: 'a@b.c', lead_email: null, timestamp: 't' };
    expect(idempotencyKey(a)).not.toBe(idempotencyKey(b));
  });
});
