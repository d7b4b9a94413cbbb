/**
 * An Instantly webhook delivery, in the caller's transaction. The raw payload is kept first (its
 * idempotency key absorbs redeliveries), then: replies become InboundMessages; bounces, unsubscribes,
 * sends and interest changes become CRM events on the lead's relationship (an unsubscribe makes the
 * account DO_NOT_CONTACT for every agency); opens, clicks and unknown types are kept raw.
 */
import type { Queryable } from '../../db/types.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { ingestInbound, matchByAddress } from '../ingest-inbound.ts';
import type { EnqueueInTx } from '../ports.ts';
import { inboundFromWebhook } from './inbound-fields.ts';
import { idempotencyKey, planInstantlyEvent, type InstantlyWebhookPayload } from './webhook-payload.ts';

export interface WebhookOutcome {
  duplicate: boolean;
  kind: 'inbound' | 'crm-event' | 'raw';
  inboundId: string | null;
  eventId: string | null;
}

export async function handleInstantlyWebhook(
  tx: Queryable,
  workspaceId: string,
  payload: InstantlyWebhookPayload,
  deps: { enqueue: EnqueueInTx; enrich: boolean },
): Promise<WebhookOutcome> {
  const key = idempotencyKey(payload);
  const plan = planInstantlyEvent(payload);
  const stored = await tx.query<{ id: string }>(
    `insert into webhook_events (workspace_id, event_type, idempotency_key, payload) values ($1, $2, $3, $4)
     on conflict (workspace_id, idempotency_key) do nothing returning id`,
    [workspaceId, payload.event_type, key, JSON.stringify(payload)],
  );
  const webhookEventId = stored.rows[0]?.id;
  if (!webhookEventId) return { duplicate: true, kind: plan.kind, inboundId: null, eventId: null };

  if (plan.kind === 'inbound') {
    const f = inboundFromWebhook(payload);
    if (!f) return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
    const result = await ingestInbound(
      tx,
      {
        workspaceId,
        source: 'INSTANTLY',
        mailboxId: null,
        externalId: f.externalId,
        messageId: f.messageId,
        inReplyTo: null,
        references: [],
        from: { address: f.from, name: '' },
        to: f.to ? [{ address: f.to.toLowerCase(), name: '' }] : [],
        cc: [],
        subject: f.subject,
        text: f.text,
        html: f.html,
        headers: {},
        attachments: [],
        reportParts: [],
        rawSha256: null,
        receivedAt: new Date(f.receivedAt).toISOString(),
        rawPayload: payload,
      },
      deps.enqueue,
      {
        autoReplyHint: f.autoReply,
        // Instantly's payload has no Message-ID, From name or thread: fetch them before classifying.
        ...(deps.enrich && f.externalId ? { next: { queue: QUEUES.instantlyEnrich, data: (inboundId: string) => ({ inboundId, emailId: f.externalId }) } } : {}),
      },
    );
    if (result.inboundId) await tx.query('update webhook_events set inbound_id = $2 where id = $1', [webhookEventId, result.inboundId]);
    return { duplicate: result.duplicate, kind: 'inbound', inboundId: result.inboundId, eventId: null };
  }

  if (plan.kind === 'crm-event' && payload.lead_email) {
    const m = await matchByAddress(tx, workspaceId, payload.lead_email.toLowerCase(), undefined, true, 'IMPORT');
    if (!m?.relationshipId) return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
    const { event } = await appendEvent(tx, {
      relationshipId: m.relationshipId,
      contactId: m.contactId,
      type: plan.eventType,
      subject: payload.reply_subject ?? payload.email_subject ?? null,
      content: null,
      occurredAt: new Date(payload.timestamp).toISOString(),
      idempotencyKey: key,
      metadata: {
        source: 'INSTANTLY',
        instantlyEvent: plan.label,
        instantlyEmailId: payload.email_id ?? null,
        campaignId: payload.campaign_id ?? null,
        ...(plan.dnc ? { doNotContact: true, reason: 'unsubscribed in Instantly' } : {}),
      },
    });
    return { duplicate: false, kind: 'crm-event', inboundId: null, eventId: event.id };
  }
  return { duplicate: false, kind: 'raw', inboundId: null, eventId: null };
}
