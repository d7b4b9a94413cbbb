/**
 * What the steps read of a relationship's event log, in the shape each needs, for many relationships
 * in one statement: classify the totals its history summary is made of (src/classify/history.ts),
 * gates the last few emails of each thread for the drafter. Neither reads the events themselves.
 */
import type { Queryable } from '../../db/types.ts';

/** The events a history summary counts; the others are identities of its fold. */
const SUMMARY_TYPES = ['EMAIL_SENT', 'EMAIL_RECEIVED', 'STATUS_CHANGED', 'RATE_NEGOTIATED'];

/**
 * A relationship's events folded in SQL, over all of them (in `listEvents` order, occurred_at then
 * id): what `summaryOf` (src/classify/history.ts) makes the same summary of as `summarizeHistory` makes of
 * the events.
 */
export interface HistoryTotals {
  sent: number;
  autoSent: number;
  received: number;
  /** the latest EMAIL_SENT, ISO */
  lastSentAt: string | null;
  /** STATUS_CHANGED's string `metadata.to`, in order */
  statuses: string[];
  /** RATE_NEGOTIATED's array `metadata.offers`, in order */
  offers: unknown[][];
}

/** A relationship without any of those events. */
export const NO_HISTORY: HistoryTotals = { sent: 0, autoSent: 0, received: 0, lastSentAt: null, statuses: [], offers: [] };

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

/**
 * Each relationship's history totals, restricted to its workspace (as `listEvents` with that one
 * workspace): one row per relationship, one range of `events_history_idx` (migration 031) each.
 */
export async function historyTotalsOf(db: Queryable, rels: ReadonlyArray<{ id: string; workspaceId: string }>): Promise<Map<string, HistoryTotals>> {
  const unique = [...new Map(rels.map((r) => [r.id, r])).values()];
  if (!unique.length) return new Map();
  const { rows } = await db.query<{ id: string; sent: number; auto_sent: number; received: number; last_sent_at: unknown; statuses: string[]; offers: unknown[][] }>(
    `select r.id, h.* from unnest($1::text[], $2::text[]) as r(id, ws)
       cross join lateral (
         select count(*) filter (where type = 'EMAIL_SENT')::int as sent,
                count(*) filter (where type = 'EMAIL_SENT' and metadata->'auto' = 'true'::jsonb)::int as auto_sent,
                count(*) filter (where type = 'EMAIL_RECEIVED')::int as received,
                max(occurred_at) filter (where type = 'EMAIL_SENT') as last_sent_at,
                coalesce(array_agg(metadata->>'to' order by occurred_at, id)
                  filter (where type = 'STATUS_CHANGED' and jsonb_typeof(metadata->'to') = 'string'), '{}') as statuses,
                coalesce(jsonb_agg(metadata->'offers' order by occurred_at, id)
                  filter (where type = 'RATE_NEGOTIATED' and jsonb_typeof(metadata->'offers') = 'array'), '[]') as offers
           from events where relationship_id = r.id and workspace_id = r.ws and type = any($3)) h`,
    [unique.map((r) => r.id), unique.map((r) => r.workspaceId), SUMMARY_TYPES],
  );
  return new Map(rows.map((r) => [r.id, {
    sent: r.sent, autoSent: r.auto_sent, received: r.received, lastSentAt: iso(r.last_sent_at), statuses: r.statuses, offers: r.offers,
  }]));
}

/** An email of a thread as the drafter and the draft checks read it. */
export interface ThreadEmail {
  type: 'EMAIL_SENT' | 'EMAIL_RECEIVED';
  content: string;
  /** `metadata.inboundId`: the inbound message it is (EMAIL_RECEIVED) or answers (EMAIL_SENT) */
  inboundId: string | null;
}

/**
 * Each relationship's last `keep` emails with content (EMAIL_SENT, EMAIL_RECEIVED), restricted to its
 * workspace, in chronological order (occurred_at, id): read backwards from the end of
 * `events_history_idx`, however long the relationship. `except` leaves out the emails of that
 * inbound message (`metadata.inboundId`) before counting.
 */
export async function lastEmailsOf(db: Queryable, rels: ReadonlyArray<{ id: string; workspaceId: string; keep: number; except?: string | null }>): Promise<Map<string, ThreadEmail[]>> {
  const out = new Map<string, ThreadEmail[]>(rels.map((r) => [r.id, []]));
  if (!rels.length) return out;
  const { rows } = await db.query<{ rel: string; type: ThreadEmail['type']; content: string; inbound_id: string | null; place: string | number }>(
    `select r.id as rel, e.type, e.content, e.inbound_id, e.place
       from unnest($1::text[], $2::text[], $3::int[], $4::text[]) as r(id, ws, keep, except_inbound)
       cross join lateral (
         select type, content, metadata->>'inboundId' as inbound_id, row_number() over (order by occurred_at desc, id desc) as place
           from events
          where relationship_id = r.id and workspace_id = r.ws and type in ('EMAIL_SENT', 'EMAIL_RECEIVED') and content <> ''
            and (r.except_inbound is null or (metadata->>'inboundId') is distinct from r.except_inbound)
          order by occurred_at desc, id desc limit r.keep) e`,
    [rels.map((r) => r.id), rels.map((r) => r.workspaceId), rels.map((r) => Math.max(0, Math.floor(r.keep))), rels.map((r) => r.except ?? null)],
  );
  const placed = new Map<string, Array<{ place: number; email: ThreadEmail }>>();
  for (const r of rows) {
    const list = placed.get(r.rel) ?? [];
    list.push({ place: Number(r.place), email: { type: r.type, content: r.content, inboundId: r.inbound_id } });
    placed.set(r.rel, list);
  }
  // the latest first in each relationship's rows: put back in time order
  for (const [id, list] of placed) out.set(id, list.sort((a, b) => b.place - a.place).map((x) => x.email));
  return out;
}
