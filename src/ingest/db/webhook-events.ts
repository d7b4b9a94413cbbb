/** The stored Instantly deliveries (`webhook_events`) as the ingest step reads and marks them. */
import type { Queryable } from '../../db/types.ts';
import type { InstantlyWebhookPayload } from '../instantly/webhook-payload.ts';

export interface StoredDeliveryRow {
  id: string;
  workspaceId: string;
  payload: InstantlyWebhookPayload;
  /** When the delivery reached us. */
  receivedAt: Date;
}

/**
 * The deliveries of a batch not processed yet, locked (in id order) in one statement: a retried job,
 * or a second job of the same delivery, finds its delivery processed and does nothing.
 */
export async function lockUnprocessedDeliveries(db: Queryable, ids: readonly string[]): Promise<Map<string, StoredDeliveryRow>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query<{ id: string | number; workspace_id: string; payload: InstantlyWebhookPayload; processed_at: Date | null; received_at: Date | string }>(
    'select id, workspace_id, payload, processed_at, received_at from webhook_events where id = any($1::bigint[]) order by id for update',
    [[...new Set(ids)]],
  );
  return new Map(
    rows.filter((r) => !r.processed_at).map((r) => [String(r.id), { id: String(r.id), workspaceId: r.workspace_id, payload: r.payload, receivedAt: new Date(r.received_at) }]),
  );
}

/** Marks deliveries processed, each with the message it became (if any), in one statement. */
export async function markDeliveriesProcessed(db: Queryable, done: ReadonlyArray<{ id: string; inboundId: string | null }>): Promise<void> {
  if (!done.length) return;
  await db.query(
    `update webhook_events w set processed_at = now(), inbound_id = coalesce(v.inbound_id, w.inbound_id)
     from unnest($1::bigint[], $2::text[]) as v(id, inbound_id) where w.id = v.id`,
    [done.map((d) => d.id), done.map((d) => d.inboundId)],
  );
}
