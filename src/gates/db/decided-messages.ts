/**
 * The inbound_messages rows the gates step decides: locked a part at a time, and their decisions
 * written in one statement for the part.
 */
import type { Queryable } from '../../db/types.ts';

export interface LockedMessage {
  id: string;
  status: string;
  /** `decision.action` as stored (an AUTO_REPLY stays CLASSIFIED until it is sent) */
  action: string | null;
  workspaceId: string;
  relationshipId: string | null;
  contactId: string | null;
}

/** Locks the messages (in id order, one statement) and reads what deciding them needs. */
export async function lockMessagesToDecide(tx: Queryable, ids: readonly string[]): Promise<Map<string, LockedMessage>> {
  const sorted = [...new Set(ids)].sort();
  if (!sorted.length) return new Map();
  const { rows } = await tx.query<{ id: string; status: string; action: string | null; workspace_id: string; relationship_id: string | null; contact_id: string | null }>(
    `select id, status, decision->>'action' as action, workspace_id, relationship_id, contact_id from inbound_messages where id = any($1::text[]) order by id for update`,
    [sorted],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, status: r.status, action: r.action, workspaceId: r.workspace_id, relationshipId: r.relationship_id, contactId: r.contact_id }]));
}

export interface DecisionWrite {
  id: string;
  decision: unknown;
  draft: unknown;
  status: string;
}

/** Stores each message's decision, draft (null: none) and status, in one statement. */
export async function writeDecisions(tx: Queryable, rows: readonly DecisionWrite[]): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    // one JSON document (a JSON null draft is SQL null): an array parameter of JSON texts is escaped character by character by the driver
    `update inbound_messages m set decision = v.decision, draft = v.draft, status = v.status, updated_at = now()
       from jsonb_to_recordset($1::jsonb) as v(id text, decision jsonb, draft jsonb, status text)
      where m.id = v.id`,
    [JSON.stringify(rows.map((r) => ({ id: r.id, decision: r.decision, draft: r.draft, status: r.status })))],
  );
}
