/**
 * Processing one stored Instantly webhook delivery, in the caller's transaction (the ingest job; or
 * the reconciler, which stores and processes a replayed delivery at once): replies become
 * InboundMessages; bounces, unsubscribes,
 * sends and interest changes become CRM events on the lead's relationship (an unsubscribe makes the
 * account DO_NOT_CONTACT for every agency); opens, clicks and unknown types are kept raw.
 */
import type { Queryable } from '../../db/types.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { ingestInbound, matchByAddress, type IngestResult } from '../ingest-inbound.ts';
import type { EnqueueInTx } from '../ports.ts';
import { inboundFromWebhook, instantlyDraft } from './inbound-fields.ts';
import { idempotencyKey, planInstantlyEvent, type InstantlyWebhookPayload } from './webhook-payload.ts';
import { storeDeliveries } from './store-deliveries.ts';
import { verifyInstantlySend, type SendLookup, type SendVerification } from './send-verification.ts';
import { instantlySendProvedElsewhere } from '../../crm/db/evidence.ts';
import { boundPayloadTexts } from '../stored-text.ts';
import { arrivalEventTime } from '../arrival-time.ts';

export interface WebhookOutcome {
  duplicate: boolean;
  kind: 'inbound' | 'crm-event' | 'raw';
  inboundId: string | null;
  eventId: string | null;
  /** A reply stored as an InboundMessage: how it was matched (the story line "ingested" reads it). */
  ingested?: IngestResult;
}

export interface ProcessDeps {
  enqueue: EnqueueInTx;
  enrich: boolean;
  /**
   * For an `email_sent` delivery: what Instantly's API said of the email (fetched before the
   * transaction, src/wiring/workers.ts). Absent: the send is recorded unverified.
   */
  sendLookup?: SendLookup | undefined;
}

/** An `email_sent` checked against Instantly; one Instantly email proves one workspace's send. */
async function verifySend(tx: Queryable, workspaceId: string, accountId: string | null, payload: InstantlyWebhookPayload, lookup: SendLookup | undefined): Promise<SendVerification> {
  if (!payload.email_id || !payload.lead_email) return { verified: false, why: 'the webhook names no Instantly email id' };
  const v = verifyInstantlySend(
    { emailId: payload.email_id, leadEmail: payload.lead_email, emailAccount: payload.email_account ?? null, campaignId: payload.campaign_id ?? null },
    lookup ?? { kind: 'unchecked', why: 'not checked against Instantly (no INSTANTLY_API_KEY, or a replayed delivery)' },
  );
  if (v.verified && accountId && (await instantlySendProvedElsewhere(tx, workspaceId, accountId, payload.email_id))) {
    return { verified: false, why: "this Instantly email already proves another workspace's send" };
  }
  return v;
}

/** Stores one delivery and processes it at once (reconciliation replays). */
export async function handleInstantlyWebhook(tx: Queryable, workspaceId: string, payload: InstantlyWebhookPayload, deps: ProcessDeps): Promise<WebhookOutcome> {
  const [stored] = await storeDeliveries(tx, [{ workspaceId, payload }], async () => {});
  if (!stored?.deliveryId) return { duplicate: true, kind: planInstantlyEvent(payload).kind, inboundId: null, eventId: null };
  return processDelivery(tx, { id: stored.deliveryId, workspaceId, payload, receivedAt: new Date() }, deps);
}

/** The ingest.webhook job: process a stored delivery once (a retry finds it processed). */
export async function processStoredDelivery(tx: Queryable, webhookEventId: string, deps: ProcessDeps): Promise<WebhookOutcome | null> {
  const { rows } = await tx.query<{ workspace_id: string; payload: InstantlyWebhookPayload; processed_at: Date | null; received_at: Date | string }>(
    'select workspace_id, payload, processed_at, received_at from webhook_events where id = $1 for update',
    [webhookEventId],
  );
  const row = rows[0];
  if (!row || row.processed_at) return null;
  return processDelivery(tx, { id: webhookEventId, workspaceId: row.workspace_id, payload: row.payload, receivedAt: new Date(row.received_at) }, deps);
}

/** `receivedAt`: when the delivery reached us; no event is dated after it (arrival-time.ts). */
async function processDelivery(tx: Queryable, d: { id: string; workspaceId: string; payload: InstantlyWebhookPayload; receivedAt: Date }, deps: ProcessDeps): Promise<WebhookOutcome> {
  const { workspaceId } = d;
  const payload = boundPayloadTexts(d.payload); // a replayed delivery was not stored bounded
  const webhookEventId = d.id;
  const key = idempotencyKey(payload);
  const plan = planInstantlyEvent(payload);
  await tx.query('update webhook_events set processed_at = now() where id = $1', [webhookEventId]);

  if (plan.kind === 'inbound') {
    const f = inboundFromWebhook(payload);
    if (!f) return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
    const result = await ingestInbound(
      tx,
      instantlyDraft(workspaceId, f, payload),
      deps.enqueue,
      {
        autoReplyHint: f.autoReply,
        receivedByUsAt: d.receivedAt,
        // Instantly's payload has no Message-ID, From name or thread: fetch them before classifying.
        ...(deps.enrich && f.externalId ? { next: { queue: QUEUES.instantlyEnrich, data: (inboundId: string) => ({ inboundId, emailId: f.externalId }) } } : {}),
      },
    );
    if (result.inboundId) await tx.query('update webhook_events set inbound_id = $2 where id = $1', [webhookEventId, result.inboundId]);
    return { duplicate: result.duplicate, kind: 'inbound', inboundId: result.inboundId, eventId: null, ingested: result };
  }

  if (plan.kind === 'crm-event' && payload.lead_email) {
    const m = await matchByAddress(tx, workspaceId, payload.lead_email.toLowerCase(), undefined, true, 'IMPORT', plan.eventType !== 'BOUNCED');
    if (!m?.relationshipId) return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
    // Instantly signs nothing: a send counts as evidence for shared facts only once Instantly confirms it.
    const check = plan.eventType === 'EMAIL_SENT' ? await verifySend(tx, workspaceId, m.accountId, payload, deps.sendLookup) : null;
    const { event, inserted } = await appendEvent(tx, {
      relationshipId: m.relationshipId,
      contactId: m.contactId,
      type: plan.eventType,
      subject: payload.reply_subject ?? payload.email_subject ?? null,
      content: null,
      occurredAt: arrivalEventTime(payload.timestamp, d.receivedAt),
      idempotencyKey: key,
      metadata: {
        source: 'INSTANTLY',
        instantlyEvent: plan.label,
        // the lead's address: a send's recipient is the evidence later facts about the partner rest on
        leadEmail: payload.lead_email.toLowerCase(),
        ...(check ? { to: payload.lead_email.toLowerCase(), verified: check.verified, verification: check.why } : {}),
        instantlyEmailId: payload.email_id ?? null,
        campaignId: payload.campaign_id ?? null,
        ...(plan.dnc ? { doNotContact: true, reason: 'unsubscribed in Instantly' } : {}),
      },
    });
    // A first email handed to Instantly (QUEUED) is now sent: respond marks it so (outreach/instantly-sent.ts).
    if (inserted && plan.eventType === 'EMAIL_SENT') await deps.enqueue(tx, QUEUES.outreachInstantlySent, [{ eventId: event.id, workspaceId }]);
    return { duplicate: false, kind: 'crm-event', inboundId: null, eventId: event.id };
  }
  return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
}
