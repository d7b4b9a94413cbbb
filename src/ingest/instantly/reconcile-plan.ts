/**
 * Reconciliation: which replies and events the webhooks missed. Pure.
 *
 * Inputs are what the periodic job fetched (recent received emails from GET /api/v2/emails, and the
 * webhook delivery log from GET /api/v2/webhook-events) plus what we already hold. Output is what to
 * ingest, oldest first, and why everything else was skipped.
 *
 * - An API email is ingested when it is a received email (ue_type 2) whose id we do not hold yet.
 * - A logged webhook delivery is replayed only when Instantly gave up on it (success false, no retry
 *   pending: a pending retry will arrive by itself), its payload is valid, it means something to the
 *   CRM (a reply, a bounce, an unsubscribe, a label), and neither its idempotency key nor its email id
 *   is already held or already planned from the API list. This is how a missed unsubscribe still
 *   becomes DNC.
 */
import { UE_TYPE_RECEIVED } from './api-types.ts';
import type { InstantlyEmail, InstantlyWebhookEvent } from './api-types.ts';
import { idempotencyKey, parseInstantlyWebhook, planInstantlyEvent } from './webhook-payload.ts';
import type { InstantlyWebhookPayload } from './webhook-payload.ts';

export interface AlreadyIngested {
  /** Instantly email ids (InboundMessage.externalId for source INSTANTLY). */
  emailIds: ReadonlySet<string>;
  /** Webhook idempotency keys already stored. */
  idempotencyKeys: ReadonlySet<string>;
}

export type SkipReason =
  | 'already-ingested'
  | 'duplicate-in-batch'
  | 'not-received'
  | 'delivered'
  | 'retry-pending'
  | 'malformed-payload'
  | 'not-actionable';

export interface ReconcilePlan {
  emailsToIngest: InstantlyEmail[];
  webhookPayloadsToReplay: Array<{ deliveryId: string; key: string; payload: InstantlyWebhookPayload }>;
  skipped: Array<{ source: 'email' | 'webhook-event'; id: string; reason: SkipReason }>;
}

export interface ReconcileInput {
  emails: readonly InstantlyEmail[];
  webhookEvents?: readonly InstantlyWebhookEvent[];
  ingested: AlreadyIngested;
}

const instantOf = (email: InstantlyEmail): number => {
  const parsed = Date.parse(email.timestamp_email ?? email.timestamp_created ?? '');
  return Number.isNaN(parsed) ? 0 : parsed;
};

export function planReconciliation({ emails, webhookEvents = [], ingested }: ReconcileInput): ReconcilePlan {
  const skipped: ReconcilePlan['skipped'] = [];
  const plannedEmailIds = new Set<string>();
  const emailsToIngest: InstantlyEmail[] = [];

  for (const email of emails) {
    const reason: SkipReason | null =
      typeof email.ue_type === 'number' && email.ue_type !== UE_TYPE_RECEIVED ? 'not-received'
      : ingested.emailIds.has(email.id) ? 'already-ingested'
      : plannedEmailIds.has(email.id) ? 'duplicate-in-batch'
      : null;
    if (reason) {
      skipped.push({ source: 'email', id: email.id, reason });
      continue;
    }
    plannedEmailIds.add(email.id);
    emailsToIngest.push(email);
  }
  emailsToIngest.sort((a, b) => instantOf(a) - instantOf(b));

  const plannedKeys = new Set<string>();
  const webhookPayloadsToReplay: ReconcilePlan['webhookPayloadsToReplay'] = [];
  for (const delivery of webhookEvents) {
    const skip = (reason: SkipReason) => skipped.push({ source: 'webhook-event', id: delivery.id, reason });
    if (delivery.success) {
      skip('delivered');
      continue;
    }
    if (delivery.will_retry === true) {
      skip('retry-pending');
      continue;
    }
    const parsed = parseInstantlyWebhook(delivery.payload);
    if (!parsed.ok) {
      skip('malformed-payload');
      continue;
    }
    const payload = parsed.payload;
    const plan = planInstantlyEvent(payload);
    if (plan.kind === 'raw') {
      skip('not-actionable');
      continue;
    }
    const key = idempotencyKey(payload);
    // Only a reply's email_id is the id of a received email; on other events it names our own email.
    const emailId = plan.kind === 'inbound' ? (payload.email_id ?? null) : null;
    if (ingested.idempotencyKeys.has(key) || (emailId !== null && ingested.emailIds.has(emailId))) {
      skip('already-ingested');
      continue;
    }
    if (plannedKeys.has(key) || (emailId !== null && plannedEmailIds.has(emailId))) {
      skip('duplicate-in-batch');
      continue;
    }
    plannedKeys.add(key);
    webhookPayloadsToReplay.push({ deliveryId: delivery.id, key, payload });
  }
  webhookPayloadsToReplay.sort((a, b) => Date.parse(a.payload.timestamp) - Date.parse(b.payload.timestamp));

  return { emailsToIngest, webhookPayloadsToReplay, skipped };
}
