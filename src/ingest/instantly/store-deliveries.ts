/**
 * What a webhook request does before it is acknowledged: store the deliveries of a group-commit batch
 * with one multi-row INSERT (the idempotency key absorbs redeliveries) and one job per new delivery,
 * in the same transaction. Matching and CRM events happen in the job, so an acknowledgement costs a
 * few statements per batch, not a few dozen per webhook, and never waits on a partner's row locks.
 * A delivery's texts are stored bounded (src/ingest/stored-text.ts): a megabyte reply would otherwise
 * hold the embedded database, and the event loop with it, on every statement that touches it.
 */
import type { Queryable } from '../../db/types.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { EnqueueInTx } from '../ports.ts';
import { idempotencyKey, type InstantlyWebhookPayload } from './webhook-payload.ts';
import { boundPayloadTexts } from '../stored-text.ts';

export interface Delivery {
  workspaceId: string;
  payload: InstantlyWebhookPayload;
}

export interface StoredDelivery {
  deliveryId: string | null;
  duplicate: boolean;
}

export async function storeDeliveries(tx: Queryable, items: readonly Delivery[], enqueue: EnqueueInTx): Promise<StoredDelivery[]> {
  const keys = items.map((i) => idempotencyKey(i.payload));
  // The batch is one JSON text, rows in order: the driver sends it as it is. As a jsonb[] parameter each
  // payload was first a JSON string, then escaped again into the array literal (quotes and backslashes
  // doubled) and then copied into it: three copies of every payload per statement (docs/benchmarks.md, "Memory").
  const batch = JSON.stringify(items.map((i, n) => ({ w: i.workspaceId, t: i.payload.event_type, k: keys[n], p: boundPayloadTexts(i.payload) })));
  const { rows } = await tx.query<{ id: string | number; workspace_id: string; idempotency_key: string }>(
    `insert into webhook_events (workspace_id, event_type, idempotency_key, payload)
     select w, t, k, p from jsonb_to_recordset($1::jsonb) as d(w text, t text, k text, p jsonb)
     on conflict (workspace_id, idempotency_key) do nothing
     returning id, workspace_id, idempotency_key`,
    [batch],
  );
  const created = new Map(rows.map((r) => [`${r.workspace_id} ${r.idempotency_key}`, String(r.id)]));
  const out = items.map((item, i) => {
    const k = `${item.workspaceId} ${keys[i]}`;
    const id = created.get(k);
    if (id) created.delete(k); // a second copy in the same batch is a duplicate
    return { deliveryId: id ?? null, duplicate: !id };
  });
  // A send names its Instantly email, which the ingest step checks with Instantly before its transaction.
  const fresh = out.flatMap((o, i) => {
    if (!o.deliveryId) return [];
    const p = items[i]!.payload;
    return [{ webhookEventId: o.deliveryId, ...(p.event_type === 'email_sent' && p.email_id ? { sentEmailId: p.email_id } : {}) }];
  });
  await enqueue(tx, QUEUES.ingestWebhook, fresh);
  return out;
}
