/**
 * How much pipeline work each workspace has waiting, for fair queueing (src/jobs/fair-priority.ts):
 * Instantly deliveries not yet processed, plus inbound messages not yet decided (RECEIVED or
 * CLASSIFIED), that arrived within BACKLOG_WINDOW (an item stuck in the dead-letter queue stops
 * counting after that). Each part is counted up to BACKLOG_COUNT_CAP on a partial index
 * (migration 012), so a huge backlog costs no more to count than a capped one.
 */
import type { Queryable } from '../../db/types.ts';
import { BACKLOG_COUNT_CAP } from '../fair-priority.ts';

const BACKLOG_WINDOW = '6 hours';

/** The job payload fields that name a pipeline item. */
export interface ItemRef {
  webhookEventId?: unknown;
  inboundId?: unknown;
}

/**
 * For each payload, its workspace's backlog, or null when the payload names no pipeline item (then
 * the job keeps the default priority). One query for the whole list.
 */
export async function backlogOfItems(db: Queryable, items: readonly ItemRef[]): Promise<Array<number | null>> {
  const webhookIds = items.map((p) => (typeof p.webhookEventId === 'string' && /^\d{1,18}$/.test(p.webhookEventId) ? p.webhookEventId : null));
  const inboundIds = items.map((p) => (typeof p.inboundId === 'string' ? p.inboundId : null));
  if (webhookIds.every((x) => x === null) && inboundIds.every((x) => x === null)) return items.map(() => null);
  const { rows } = await db.query<{ ord: number; backlog: number | null }>(
    `with item as (
       select i.ord, coalesce(w.workspace_id, m.workspace_id) as workspace_id
       from unnest($1::bigint[], $2::text[]) with ordinality as i(webhook_id, inbound_id, ord)
       left join webhook_events w on w.id = i.webhook_id
       left join inbound_messages m on m.id = i.inbound_id
     ), ws as (
       select distinct workspace_id from item where workspace_id is not null
     ), backlog as (
       select ws.workspace_id,
         (select count(*) from (select 1 from webhook_events e where e.workspace_id = ws.workspace_id and e.processed_at is null and e.received_at > now() - interval '${BACKLOG_WINDOW}' limit $3) a)
         + (select count(*) from (select 1 from inbound_messages x where x.workspace_id = ws.workspace_id and x.status in ('RECEIVED', 'CLASSIFIED') and x.created_at > now() - interval '${BACKLOG_WINDOW}' limit $3) b) as n
       from ws
     )
     select item.ord::int as ord, backlog.n::int as backlog from item left join backlog using (workspace_id) order by item.ord`,
    [webhookIds, inboundIds, BACKLOG_COUNT_CAP],
  );
  return rows.map((r) => r.backlog);
}
