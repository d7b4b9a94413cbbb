/**
 * Shapes of the Instantly API v2 responses we read, as zod schemas (loose: unknown keys are kept, and
 * only what we use is required). Pure.
 *
 * Email object per https://developer.instantly.ai/api-reference/email/list-email and the reply
 * endpoint (https://developer.instantly.ai/api-reference/email/reply-to-an-email): `id` (usable as
 * `reply_to_uuid`), `thread_id`, `message_id`, `subject`, `body {text, html}`, `from_address_email`,
 * `to_address_email_list` (comma-separated), `eaccount`, `lead`, `campaign_id`, `ue_type`
 * (1 campaign-sent, 2 received, 3 sent manually, 4 scheduled), `is_auto_reply` (0/1),
 * `timestamp_email` (the email's own date) and `timestamp_created` (when Instantly stored it).
 * Lists are `{ items, next_starting_after }`, paged with `starting_after`.
 *
 * Webhook delivery log entry per https://developer.instantly.ai/api-reference/schemas/webhook-event:
 * `id`, `timestamp_created`, `organization_id`, `payload` (what was sent), `success`, `retry_count`,
 * `will_retry`, `webhook_url`, `status_code`, `error_message`, `timestamp_next_retry`,
 * `retry_group_id`, `retry_successful`, `lead_email`.
 */
import { z } from 'zod';

const nullableText = z.string().nullish();
const zeroOrOne = z.union([z.number(), z.boolean()]).nullish();

export const UE_TYPE_RECEIVED = 2;

export const instantlyEmailSchema = z.looseObject({
  id: z.string().min(1),
  thread_id: nullableText,
  message_id: nullableText,
  subject: nullableText,
  body: z.looseObject({ text: nullableText, html: nullableText }).nullish(),
  content_preview: nullableText,
  from_address_email: nullableText,
  to_address_email_list: nullableText,
  cc_address_email_list: nullableText,
  eaccount: nullableText,
  lead: nullableText,
  lead_id: nullableText,
  campaign_id: nullableText,
  ue_type: z.number().nullish(),
  is_auto_reply: zeroOrOne,
  i_status: z.number().nullish(),
  timestamp_email: nullableText,
  timestamp_created: nullableText,
});
export type InstantlyEmail = z.infer<typeof instantlyEmailSchema>;

export const instantlyWebhookEventSchema = z.looseObject({
  id: z.string().min(1),
  timestamp_created: nullableText,
  organization_id: nullableText,
  payload: z.record(z.string(), z.unknown()).nullish(),
  success: z.boolean(),
  retry_count: z.number().nullish(),
  will_retry: z.boolean().nullish(),
  webhook_url: nullableText,
  status_code: z.number().nullish(),
  error_message: nullableText,
  lead_email: nullableText,
});
export type InstantlyWebhookEvent = z.infer<typeof instantlyWebhookEventSchema>;

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), next_starting_after: z.string().nullish() });
}

export interface Page<T> {
  items: T[];
  /** Pass back as `startingAfter` for the next page; null when this is the last one. */
  nextStartingAfter: string | null;
}
