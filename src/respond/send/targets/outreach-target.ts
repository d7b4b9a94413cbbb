/** A first outreach email, as the respond step sends it: a new thread (no In-Reply-To), its own subject. */
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../../errors.ts';
import { appendEvent } from '../../../crm/append-event.ts';
import { getOutreach, lockOutreach, setOutreachStatus, type OutreachRow } from '../../outreach/db/outreach-db.ts';
import type { SendTarget, SenderInfo } from '../send-target.ts';

/** Who sends an outreach email: the mailbox it names, over SMTP. Throws AppError when it can't. */
export type OutreachSenderFor = (o: OutreachRow, q: Queryable) => Promise<SenderInfo>;

export async function loadOutreachTarget(
  tx: Queryable,
  outreachId: string,
  approvalId: string | null,
  lock: boolean,
  senderFor: OutreachSenderFor | undefined,
): Promise<SendTarget | null> {
  const o = lock ? await lockOutreach(tx, outreachId) : await getOutreach(tx, outreachId);
  if (!o) return null;
  return {
    key: { outreachId: o.id },
    id: o.id,
    workspaceId: o.workspaceId,
    relationshipId: o.relationshipId,
    contactId: o.contactId,
    accountId: o.accountId,
    autoReply: null,
    channelHint: o.channel,
    retryRound: 0,
    // Approved by this very approval, or cleared to go without one when it was created.
    due: o.status === 'APPROVED' && o.approvalId === approvalId,
    email: { to: o.to, subject: o.subject, text: o.text, html: o.html, inReplyTo: null, references: [] },
    sender: async (q) => {
      if (!senderFor) throw new AppError('PERMANENT', 'sending outreach email is not configured in this process');
      return senderFor(o, q);
    },
    sentMetadata: { outreachId: o.id, auto: false, outreach: true },
    async markSent(t, messageId) {
      await setOutreachStatus(t, o.id, 'SENT', { messageId });
    },
    ...(o.channel === 'INSTANTLY'
      ? {
          // The lead is in the Instantly campaign: QUEUED until its email_sent webhook records EMAIL_SENT.
          async markQueued(t: Queryable, at: string) {
            // Instantly's email_sent may have come first (the email is SENT): nothing to queue any more.
            if (!(await setOutreachStatus(t, o.id, 'QUEUED', { from: ['APPROVED'] }))) return;
            await appendEvent(t, {
              relationshipId: o.relationshipId, contactId: o.contactId, type: 'STATUS_CHANGED', occurredAt: at, idempotencyKey: `${o.id}:queued`,
              metadata: { to: 'QUEUED', outreachId: o.id, channel: 'INSTANTLY', instantlyCampaignId: o.instantlyCampaignId, reason: 'lead added to the Instantly campaign' },
            });
          },
        }
      : {}),
    async markFailed(t, reason) {
      await setOutreachStatus(t, o.id, 'FAILED', { sendError: reason, from: ['DRAFT', 'WAITING_APPROVAL', 'APPROVED', 'FAILED'] });
    },
  };
}
