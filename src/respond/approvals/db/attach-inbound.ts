/** The inbound_messages reads and writes of attaching an unknown sender to a partner. */
import type { Queryable } from '../../../db/types.ts';

export interface InboundToAttach {
  id: string;
  workspaceId: string;
  source: string;
  status: string;
  relationshipId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  text: string | null;
  messageId: string | null;
  receivedAt: string;
  /** When we stored it: the EMAIL_RECEIVED recorded on attaching is never dated after it. */
  createdAt: string;
}

/** Locks the message, if the caller may see it. */
export async function lockInboundToAttach(tx: Queryable, id: string, workspaceIds: readonly string[]): Promise<InboundToAttach | null> {
  const { rows } = await tx.query<{
    id: string; workspace_id: string; source: string; status: string; relationship_id: string | null; from_address: string | null; from_name: string | null;
    subject: string | null; text: string | null; message_id: string | null; received_at: Date | string; created_at: Date | string;
  }>(
    `select id, workspace_id, source, status, relationship_id, from_address, from_name, subject, text, message_id, received_at, created_at
     from inbound_messages where id = $1 and workspace_id = any($2) for update`,
    [id, workspaceIds],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id, workspaceId: r.workspace_id, source: r.source, status: r.status, relationshipId: r.relationship_id, fromAddress: r.from_address,
    fromName: r.from_name, subject: r.subject, text: r.text, messageId: r.message_id, receivedAt: new Date(r.received_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Back to RECEIVED, without the earlier decision and draft: classification and the gates run again. */
export async function resetForDecision(tx: Queryable, id: string): Promise<void> {
  await tx.query(`update inbound_messages set status = 'RECEIVED', decision = null, draft = null, updated_at = now() where id = $1`, [id]);
}
