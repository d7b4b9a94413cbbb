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
import { ingestInboundBatch, matchByAddress, type IngestItem, type IngestResult } from '../ingest-inbound.ts';
import { lockUnprocessedDeliveries, markDeliveriesProcessed, type StoredDeliveryRow } from '../db/webhook-events.ts';
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
  const { sendLookup, ...rest } = deps;
  const d = { id: stored.deliveryId, workspaceId, payload, receivedAt: new Date() };
  return (await processDeliveries(tx, [{ delivery: d, sendLookup }], rest)).get(d.id)!;
}

/**
 * The ingest.webhook step's batch: its deliveries read and locked in one statement (those already
 * processed are left out: a retried batch writes nothing twice), its replies ingested set-based
 * (`ingestInboundBatch`), its CRM events appended one by one, and every delivery marked processed in
 * one statement. Outcomes by delivery id; a delivery already processed has none.
 */
export async function processStoredDeliveries(
  tx: Queryable,
  jobs: ReadonlyArray<{ webhookEventId: string; sendLookup?: SendLookup | undefined }>,
  deps: Omit<ProcessDeps, 'sendLookup'>,
): Promise<Map<string, WebhookOutcome>> {
  const rows = await lockUnprocessedDeliveries(tx, jobs.map((j) => j.webhookEventId));
  const seen = new Set<string>();
  const deliveries = jobs.flatMap((j) => {
    const delivery = rows.get(j.webhookEventId);
    if (!delivery || seen.has(delivery.id)) return [];
    seen.add(delivery.id);
    return [{ delivery, sendLookup: j.sendLookup }];
  });
  return processDeliveries(tx, deliveries, deps);
}

/** `receivedAt`: when a delivery reached us; no event is dated after it (arrival-time.ts). */
async function processDeliveries(
  tx: Queryable,
  deliveries: ReadonlyArray<{ delivery: StoredDeliveryRow; sendLookup: SendLookup | undefined }>,
  deps: Omit<ProcessDeps, 'sendLookup'>,
): Promise<Map<string, WebhookOutcome>> {
  const out = new Map<string, WebhookOutcome>();
  const replies: Array<{ id: string; item: IngestItem }> = [];
  const events: Array<{ d: StoredDeliveryRow; payload: InstantlyWebhookPayload; sendLookup: SendLookup | undefined }> = [];
  for (const { delivery: d, sendLookup } of deliveries) {
    const payload = boundPayloadTexts(d.payload); // a replayed delivery was not stored bounded
    const plan = planInstantlyEvent(payload);
    const f = plan.kind === 'inbound' ? inboundFromWebhook(payload) : null;
    if (f) {
      replies.push({
        id: d.id,
        item: {
          draft: instantlyDraft(d.workspaceId, f, payload),
          opts: {
            autoReplyHint: f.autoReply,
            receivedByUsAt: d.receivedAt,
            // Instantly's payload has no Message-ID, From name or thread: fetch them before classifying.
            ...(deps.enrich && f.externalId ? { next: { queue: QUEUES.instantlyEnrich, data: (inboundId: string) => ({ inboundId, emailId: f.externalId }) } } : {}),
          },
        },
      });
    } else if (plan.kind === 'crm-event') events.push({ d, payload, sendLookup });
    else out.set(d.id, { duplicate: false, kind: 'raw', inboundId: null, eventId: null });
  }
  const ingested = await ingestInboundBatch(tx, replies.map((r) => r.item), deps.enqueue);
  replies.forEach((r, i) => {
    const result = ingested[i]!;
    out.set(r.id, { duplicate: result.duplicate, kind: 'inbound', inboundId: result.inboundId, eventId: null, ingested: result });
  });
  for (const e of events) out.set(e.d.id, await appendInstantlyEvent(tx, e.d, e.payload, { ...deps, sendLookup: e.sendLookup }));
  await markDeliveriesProcessed(tx, deliveries.map(({ delivery: d }) => ({ id: d.id, inboundId: out.get(d.id)?.inboundId ?? null })));
  return out;
}

/** A bounce, unsubscribe, send or interest change: a CRM event on the lead's relationship. */
async function appendInstantlyEvent(tx: Queryable, d: StoredDeliveryRow, payload: InstantlyWebhookPayload, deps: ProcessDeps): Promise<WebhookOutcome> {
  const { workspaceId } = d;
  const key = idempotencyKey(payload);
  const plan = planInstantlyEvent(payload);
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
