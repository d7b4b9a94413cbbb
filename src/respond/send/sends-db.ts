/** Typed queries on outbound_sends: one row per email we send, keyed by the reply's inbound message or the outreach email. */
import type { Queryable } from '../../db/types.ts';
import { newId } from '../../ids.ts';

export type SendStatus = 'STARTED' | 'SENT' | 'RETRYABLE' | 'FAILED' | 'UNCERTAIN';

/** What the send is for: a reply to an inbound message, or a first outreach email. */
export type SendKey = { inboundId: string } | { outreachId: string };

export interface SendRow {
  id: string;
  messageId: string;
  status: SendStatus;
  attempts: number;
  channel: 'SMTP' | 'INSTANTLY';
}

const column = (key: SendKey): ['inbound_id' | 'outreach_id', string] => ('inboundId' in key ? ['inbound_id', key.inboundId] : ['outreach_id', key.outreachId]);

export async function sendOf(tx: Queryable, key: SendKey): Promise<SendRow | null> {
  const [col, id] = column(key);
  const { rows } = await tx.query<{ id: string; message_id: string; status: SendStatus; attempts: number; channel: 'SMTP' | 'INSTANTLY' }>(
    `select id, message_id, status, attempts, channel from outbound_sends where ${col} = $1 for update`,
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, messageId: r.message_id, status: r.status, attempts: r.attempts, channel: r.channel } : null;
}

/** Records the send as STARTED with its Message-ID, before anything leaves. */
export async function claimSend(
  tx: Queryable,
  s: { key: SendKey; approvalId: string | null; workspaceId: string; relationshipId: string; channel: 'SMTP' | 'INSTANTLY'; messageId: string },
): Promise<void> {
  const inboundId = 'inboundId' in s.key ? s.key.inboundId : null;
  const outreachId = 'outreachId' in s.key ? s.key.outreachId : null;
  await tx.query(
    `insert into outbound_sends (id, inbound_id, outreach_id, approval_id, workspace_id, relationship_id, channel, message_id, status, attempts)
     values ($1, $2, $3, $4, $5, $6, $7, $8, 'STARTED', 1)`,
    [newId('snd'), inboundId, outreachId, s.approvalId, s.workspaceId, s.relationshipId, s.channel, s.messageId],
  );
}

export async function setSendStatus(tx: Queryable, key: SendKey, status: SendStatus, error: string | null = null): Promise<void> {
  const [col, id] = column(key);
  await tx.query(
    `update outbound_sends set status = $2, last_error = coalesce($3, last_error), updated_at = now(),
       attempts = attempts + case when $2 = 'STARTED' then 1 else 0 end,
       sent_at = case when $2 = 'SENT' then now() else sent_at end
     where ${col} = $1`,
    [id, status, error],
  );
}
