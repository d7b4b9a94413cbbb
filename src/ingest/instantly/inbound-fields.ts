/**
 * The InboundMessage fields an Instantly reply gives us, from either source: a webhook payload or an
 * email object from the API (enrichment and reconciliation). Pure. Both sources use the same
 * `externalId` (the Instantly email id, the webhook's `email_id`), which is what makes a reply seen by
 * both the webhook and the reconciler one message, not two.
 */
import type { InstantlyEmail } from './api-types.ts';
import type { InstantlyWebhookPayload } from './webhook-payload.ts';
import type { InboundDraft } from '../db/inbound.ts';
import { boundStoredHtml, boundStoredText, MAX_STORED_TEXT_CHARS } from '../stored-text.ts';

export interface InstantlyInboundFields {
  /** Instantly email id; also the `reply_to_uuid` to answer it through Instantly. */
  externalId: string | null;
  threadId: string | null;
  /** RFC Message-ID: only the API knows it (the webhook payload has none). */
  messageId: string | null;
  from: string;
  /** The lead's name as Instantly knows it (its `firstName` / `lastName` lead fields), or ''. */
  fromName: string;
  /** The workspace mailbox that received it (Instantly's `eaccount` / `email_account`). */
  to: string | null;
  subject: string;
  text: string;
  html: string | null;
  /** ISO 8601. */
  receivedAt: string;
  autoReply: boolean;
  campaignId: string | null;
}

/**
 * Instantly merges the lead's own fields into the payload (`firstName`, `lastName`, as uploaded with
 * the lead): the name it has for the person who replied. Only short strings are taken; the greeting
 * reduces it to one word of letters anyway (src/respond/draft/first-name.ts).
 */
function leadName(payload: InstantlyWebhookPayload): string {
  const field = (...keys: string[]): string => {
    for (const k of keys) {
      const v = (payload as Record<string, unknown>)[k];
      if (typeof v === 'string' && v.trim() && v.length <= 100) return v.trim();
    }
    return '';
  };
  return [field('firstName', 'first_name'), field('lastName', 'last_name')].filter(Boolean).join(' ').replace(/[\r\n\t]+/g, ' ');
}

export function inboundFromWebhook(payload: InstantlyWebhookPayload): InstantlyInboundFields | null {
  if (!payload.lead_email) return null;
  return {
    externalId: payload.email_id ?? null,
    threadId: null,
    messageId: null,
    from: payload.lead_email.toLowerCase(),
    fromName: leadName(payload),
    to: payload.email_account ?? null,
    subject: payload.reply_subject ?? payload.email_subject ?? '',
    // The snippet is a last resort: enrichment from the API replaces it with the full text.
    text: payload.reply_text ?? payload.reply_text_snippet ?? '',
    html: payload.reply_html ?? null,
    receivedAt: payload.timestamp,
    autoReply: payload.event_type === 'auto_reply_received',
    campaignId: payload.campaign_id ?? null,
  };
}

export function inboundFromApiEmail(email: InstantlyEmail): InstantlyInboundFields | null {
  const from = email.from_address_email ?? email.lead;
  const receivedAt = email.timestamp_email ?? email.timestamp_created;
  if (!from || !receivedAt) return null;
  return {
    externalId: email.id,
    threadId: email.thread_id ?? null,
    messageId: email.message_id ?? null,
    from: from.toLowerCase(),
    fromName: '',
    to: email.eaccount ?? null,
    subject: email.subject ?? '',
    text: boundStoredText(email.body?.text ?? email.content_preview ?? '', MAX_STORED_TEXT_CHARS),
    html: boundStoredHtml(email.body?.html ?? null),
    receivedAt,
    autoReply: email.is_auto_reply === 1 || email.is_auto_reply === true,
    campaignId: email.campaign_id ?? null,
  };
}

/** The InboundMessage draft for an Instantly reply, from either source. */
export function instantlyDraft(workspaceId: string, f: InstantlyInboundFields, rawPayload: unknown): InboundDraft {
  return {
    workspaceId,
    source: 'INSTANTLY',
    mailboxId: null,
    externalId: f.externalId,
    messageId: f.messageId,
    inReplyTo: null,
    references: [],
    from: { address: f.from, name: f.fromName },
    to: f.to ? [{ address: f.to.toLowerCase(), name: '' }] : [],
    cc: [],
    subject: f.subject,
    text: f.text,
    html: f.html,
    headers: f.threadId ? { 'x-instantly-thread-id': f.threadId } : {},
    attachments: [],
    reportParts: [],
    rawSha256: null,
    receivedAt: new Date(f.receivedAt).toISOString(),
    rawPayload,
  };
}
