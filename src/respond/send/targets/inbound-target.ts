/** A reply to an inbound message, as the respond step sends it: in the thread, to the sender. */
import type { Queryable } from '../../../db/types.ts';
import { getInbound, type InboundRow } from '../../../ingest/db/inbound.ts';
import { releaseAutoReply } from '../../../gates/db/auto-reply-reservations.ts';
import { replyHeaders } from '../compose-reply.ts';
import type { SendTarget, SenderInfo } from '../send-target.ts';

/** Who sends for this message: its mailbox over SMTP, or Instantly. Throws AppError when it can't. */
export type SenderFor = (m: InboundRow, q: Queryable) => Promise<SenderInfo>;

export async function loadInboundTarget(tx: Queryable, inboundId: string, approvalId: string | null, lock: boolean, senderFor: SenderFor): Promise<SendTarget | null> {
  if (lock) await tx.query('select status from inbound_messages where id = $1 for update', [inboundId]);
  const m = await getInbound(tx, inboundId);
  if (!m) return null;
  const draft = m.draft as { subject?: string; text?: string; html?: string } | null;
  const h = replyHeaders({ subject: m.subject, messageId: m.messageId, references: m.references ?? [], inReplyTo: m.inReplyTo });
  return {
    key: { inboundId: m.id },
    id: m.id,
    workspaceId: m.workspaceId,
    relationshipId: m.relationshipId,
    contactId: m.contactId,
    accountId: m.accountId,
    channelHint: m.source === 'INSTANTLY' ? 'INSTANTLY' : 'SMTP',
    retryRound: Number((m.decision as { sendRetries?: unknown } | null)?.sendRetries ?? 0) || 0,
    autoReply: !approvalId && m.relationshipId ? { inboundId: m.id, workspaceId: m.workspaceId, relationshipId: m.relationshipId } : null,
    due: approvalId ? m.status === 'APPROVED' : m.status === 'CLASSIFIED',
    email: { to: m.fromAddress, subject: h.subject, text: draft?.text ?? null, html: draft?.html ?? null, inReplyTo: h.inReplyTo, references: h.references },
    sender: (q) => senderFor(m, q),
    sentMetadata: { inboundId: m.id, auto: !approvalId },
    async markSent(t) {
      await t.query('update inbound_messages set status = $2, updated_at = now() where id = $1', [m.id, approvalId ? 'SENT' : 'AUTO_REPLIED']);
    },
    async markFailed(t, reason) {
      // an automatic reply that failed for good gives its place under the limits back
      await releaseAutoReply(t, m.id, `not sent: ${reason}`);
      await t.query(
        `update inbound_messages set status = 'FAILED', decision = coalesce(decision, '{}'::jsonb) || jsonb_build_object('sendError', $2::text), updated_at = now() where id = $1`,
        [m.id, reason],
      );
    },
  };
}
