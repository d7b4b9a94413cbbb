import type { Queryable } from '../../db/types.ts';
import { newId } from '../../ids.ts';

export type SendStatus = 'STARTED' | 'SENT' | 'RETRYABLE' | 'FAILED' | 'UNCERTAIN';

export interface SendRow {
  id: string;
  inboundId: string;
  messageId: string;
  status: SendStatus;
  attempts: number;
  channel: 'SMTP' | 'INSTANTLY';
}

export async function sendOf(tx: Queryable, inboundId: string): Promise<SendRow | null> {
  const { rows } = await tx.query<{ id: string; inbound_id: string; message_id: string; status: SendStatus; attempts: number; channel: 'SMTP' | 'INSTANTLY' }>(
    'select id, inbound_id, message_id, status, attempts, channel from outbound_sends where inbound_id = $1 for update',
    [inboundId],
  );
  const r = rows[0];
  return r ? { id: r.id, inboundId: r.inbound_id, messageId: r.message_id, status: r.status, attempts: r.attempts, channel: r.channel } : null;
}

export async function claimSend(
  tx: Queryable,
  s: { inboundId: string; approvalId: string | null; workspaceId: string; relationshipId: string; channel: 'SMTP' | 'INSTANTLY'; messageId: string },
): Promise<void> {
  await tx.query(
    `insert into outbound_sends (id, inbound_id, approval_id, workspace_id, relationship_id, channel, message_id, status, attempts)
     values ($1, $2, $3, $4, $5, $6, $7, 'STARTED', 1)`,
    [newId('evt').replace('evt_', 'snd_'), s.inboundId, s.approvalId, s.workspaceId, s.relationshipId, s.channel, s.messageId],
  );
}

export async function setSendStatus(tx: Queryable, inboundId: string, status: SendStatus, error: string | null = null): Promise<void> {
  await tx.query(
    `update outbound_sends set status = $2, last_error = coalesce($3, last_error), updated_at = now(),
       attempts = attempts + case when $2 = 'STARTED' then 1 else 0 end,
       sent_at = case when $2 = 'SENT' then now() else sent_at end
     where inbound_id = $1`,
    [inboundId, status, error],
  );
}
