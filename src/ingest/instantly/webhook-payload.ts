/**
 * Instantly webhook payloads: validation, what each event type means for us, and the redelivery key.
 * Pure.
 *
 * The payload is Instantly's flat JSON. Fields per the Instantly developer docs, "Webhook events"
 * (https://developer.instantly.ai/guides/webhook-events): always `timestamp`, `event_type`, `workspace`,
 * `campaign_id`, `campaign_name`; optionally `lead_email`, `email_account`, `unibox_url`, `step`,
 * `variant`, `is_first`, `email_id` ("the ID of the email (reply_to_uuid)"), `email_subject`,
 * `email_text`, `email_html`, and for replies `reply_text_snippet`, `reply_subject`, `reply_text`,
 * `reply_html`; the lead's own fields are merged in as extra keys, so unknown keys are kept.
 * Event types listed there: email_sent, email_opened, reply_received, auto_reply_received,
 * link_clicked, email_bounced, lead_unsubscribed, account_error, campaign_completed, lead_neutral,
 * lead_interested, lead_not_interested, lead_meeting_booked, lead_meeting_completed, lead_closed,
 * lead_out_of_office, lead_wrong_person; "any custom label configured in your workspace will be sent
 * as-is". The webhook schema page (https://developer.instantly.ai/api-reference/schemas/webhook) also
 * lists email_link_clicked, lead_no_show and supersearch_enrichment_completed as subscribable types.
 *
 * Every event type is accepted (Instantly switches a webhook off after repeated failures, so an
 * unknown label must never be refused). A payload is malformed only when it is not an object, lacks
 * `event_type` / `timestamp`, has a field of the wrong type, or is a lead event without `lead_email`:
 * those get a 400 naming the field.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EventType } from '../../crm/types.ts';
import { findNulPath } from '../../nul-character.ts';
import { OUT_OF_RANGE_MESSAGE, isAcceptedInstant } from '../../time-range.ts';

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;
const optionalText = z.string().nullish();
/** Step and variant are documented as numbers; tolerate numeric strings from older integrations. */
const positionNumber = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullish();

export const instantlyWebhookSchema = z.looseObject({
  event_type: z.string().trim().min(1, 'is required'),
  timestamp: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time')
    .refine((value) => isAcceptedInstant(value), OUT_OF_RANGE_MESSAGE),
  workspace: optionalText,
  campaign_id: optionalText,
  campaign_name: optionalText,
  lead_email: z.string().trim().regex(EMAIL_ADDRESS, 'must be an email address').nullish(),
  email_account: optionalText,
  email_id: optionalText,
  unibox_url: optionalText,
  step: positionNumber,
  variant: positionNumber,
  is_first: z.boolean().nullish(),
  email_subject: optionalText,
  email_text: optionalText,
  email_html: optionalText,
  reply_subject: optionalText,
  reply_text: optionalText,
  reply_html: optionalText,
  reply_text_snippet: optionalText,
});

export type InstantlyWebhookPayload = z.infer<typeof instantlyWebhookSchema>;

export const INBOUND_EVENT_TYPES = ['reply_received', 'auto_reply_received'] as const;

/** Known lead events and the CRM event each becomes. Unsubscribe is the one that means DNC for everyone. */
const CRM_EVENT_TABLE: Readonly<Record<string, { eventType: EventType; dnc?: true }>> = {
  email_sent: { eventType: 'EMAIL_SENT' },
  email_bounced: { eventType: 'BOUNCED' },
  lead_unsubscribed: { eventType: 'REJECTED', dnc: true },
  lead_not_interested: { eventType: 'REJECTED' },
  lead_meeting_booked: { eventType: 'CALL_SCHEDULED' },
  // Interest labels set in Instantly (by a person or its AI) are recorded, but do not move the
  // pipeline: the stage follows the messages themselves (SPEC section 2).
  lead_interested: { eventType: 'NOTE_ADDED' },
  lead_neutral: { eventType: 'NOTE_ADDED' },
  lead_out_of_office: { eventType: 'NOTE_ADDED' },
  lead_wrong_person: { eventType: 'NOTE_ADDED' },
  lead_meeting_completed: { eventType: 'NOTE_ADDED' },
  lead_closed: { eventType: 'NOTE_ADDED' },
  lead_no_show: { eventType: 'NOTE_ADDED' },
};

const ENGAGEMENT_EVENT_TYPES = new Set(['email_opened', 'link_clicked', 'email_link_clicked']);
const WORKSPACE_EVENT_TYPES = new Set(['account_error', 'campaign_completed', 'supersearch_enrichment_completed']);

export type InstantlyEventPlan =
  | { kind: 'inbound'; autoReply: boolean }
  | { kind: 'crm-event'; eventType: EventType; dnc: boolean; label: string }
  | { kind: 'raw'; reason: 'engagement' | 'workspace-event' | 'unknown-type' };

/** Event types that name a lead and are useless without one. */
function needsLeadEmail(eventType: string): boolean {
  return (INBOUND_EVENT_TYPES as readonly string[]).includes(eventType) || eventType in CRM_EVENT_TABLE;
}

export type ParsedWebhook =
  | { ok: true; payload: InstantlyWebhookPayload }
  | { ok: false; field: string; message: string };

/** Validates a webhook body. On failure names the first offending field, for a 400. */
export function parseInstantlyWebhook(body: unknown): ParsedWebhook {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: 'body', message: 'body must be a JSON object' };
  }
  // checked before the schema, so no stored payload can fail its batch's insert (src/db/group-commit.ts)
  const nul = findNulPath(body, []);
  if (nul) {
    const field = nul.length ? nul.join('.') : 'body';
    return { ok: false, field, message: `${field} must not contain the NUL character` };
  }
  const result = instantlyWebhookSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const field = path.length > 0 ? path.join('.') : 'body';
    const missing = path.length === 1 && (body as Record<PropertyKey, unknown>)[path[0] as PropertyKey] === undefined;
    const reason =
      missing ? 'is required'
      : issue?.code === 'invalid_type' ? `must be a ${issue.expected}`
      : (issue?.message ?? 'is invalid');
    return { ok: false, field, message: `${field} ${reason}` };
  }
  const payload = result.data;
  if (needsLeadEmail(payload.event_type) && !payload.lead_email) {
    return { ok: false, field: 'lead_email', message: `lead_email is required for ${payload.event_type}` };
  }
  return { ok: true, payload };
}

/** What the ingest step does with a valid payload. */
export function planInstantlyEvent(payload: InstantlyWebhookPayload): InstantlyEventPlan {
  const type = payload.event_type;
  if (type === 'reply_received') return { kind: 'inbound', autoReply: false };
  if (type === 'auto_reply_received') return { kind: 'inbound', autoReply: true };
  const crm = CRM_EVENT_TABLE[type];
  if (crm) return { kind: 'crm-event', eventType: crm.eventType, dnc: crm.dnc === true, label: type };
  if (ENGAGEMENT_EVENT_TYPES.has(type)) return { kind: 'raw', reason: 'engagement' };
  if (WORKSPACE_EVENT_TYPES.has(type)) return { kind: 'raw', reason: 'workspace-event' };
  return { kind: 'raw', reason: 'unknown-type' };
}

/**
 * The redelivery key: the same event delivered twice gives the same key. Built from the fields the
 * issue names; the lead address is lower-cased because Instantly does not promise a case.
 */
export function idempotencyKey(payload: Pick<InstantlyWebhookPayload, 'event_type' | 'email_id' | 'lead_email' | 'timestamp'>): string {
  const parts = [payload.event_type, payload.email_id ?? '', (payload.lead_email ?? '').toLowerCase(), payload.timestamp];
  return `instantly:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}
