/**
 * POST /inbound/:id/retry-send: a reply that FAILED to send (no channel configured, a refused email, a
 * partner blocked at the time) is queued to send again once the cause is fixed — the same path as the
 * first attempt, so DNC, cooling-off, the channel and (for an automatic reply) the auto-reply limits are
 * checked again at send time. Exactly once: the message row is locked and must be FAILED, so of two
 * concurrent retries one re-queues and the other gets a 409; an email that was sent, may have been sent,
 * or is on its way is a 409 naming that state, never sent twice.
 */
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendEvent } from '../../crm/append-event.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { sendOf, setSendStatus } from './sends-db.ts';
import { approvedApprovalOf, lockRetrySubject, requeueInbound } from './retry-db.ts';

export interface RetrySendInput {
  inboundId: string;
  workspaceIds: readonly string[];
  /** Who asked, for the CRM note (e.g. `api:ag_…`). */
  by: string;
  now: Date;
}

export interface RetrySendResult {
  inboundId: string;
  status: 'APPROVED' | 'CLASSIFIED';
  approvalId: string | null;
  retry: number;
  previousError: string | null;
}

export async function retrySend(db: Db, input: RetrySendInput, enqueue: EnqueueInTx): Promise<RetrySendResult> {
  return db.transaction(async (tx) => {
    const m = await lockRetrySubject(tx, input.inboundId, input.workspaceIds);
    if (!m) throw new AppError('NOT_FOUND', 'inbound message not found');
    const send = await sendOf(tx, { inboundId: m.id });
    if (send?.status === 'SENT' || m.status === 'SENT' || m.status === 'AUTO_REPLIED') {
      throw new AppError('CONFLICT', `the reply was already sent (message ${m.status}${send ? `, send ${send.status}` : ''}): it is never sent twice`);
    }
    if (send?.status === 'UNCERTAIN') {
      throw new AppError('CONFLICT', 'the send is UNCERTAIN: an earlier attempt may have gone out, so it is never retried automatically; check the thread and reply by hand if needed');
    }
    if (send?.status === 'STARTED' || send?.status === 'RETRYABLE') {
      throw new AppError('CONFLICT', `a send of this reply is already in progress (send ${send.status})`);
    }
    if (m.status !== 'FAILED') {
      throw new AppError('CONFLICT', `the message is ${m.status}: only a FAILED send can be retried`);
    }
    if (!m.relationshipId) throw new AppError('CONFLICT', 'the message is not matched to a partner: attach it first (POST /inbound/:id/attach)');
    if (!m.hasDraft) throw new AppError('CONFLICT', 'the message has no draft to send');

    const approvalId = await approvedApprovalOf(tx, m.id);
    const status = approvalId ? 'APPROVED' : 'CLASSIFIED';
    const retry = m.sendRetries + 1;
    // A refused email never left: the next attempt reuses its row (and Message-ID).
    if (send?.status === 'FAILED') await setSendStatus(tx, { inboundId: m.id }, 'RETRYABLE');
    await requeueInbound(tx, m.id, status, retry);
    await appendEvent(tx, {
      relationshipId: m.relationshipId, contactId: m.contactId, type: 'NOTE_ADDED', occurredAt: input.now,
      content: `send retried (round ${retry}) after: ${m.sendError ?? 'a failed send'}`,
      metadata: { inboundId: m.id, sendRetry: retry, approvalId, by: input.by, previousError: m.sendError },
      idempotencyKey: `${m.id}:send-retry:${retry}`,
    });
    await enqueue(tx, QUEUES.respond, [{ inboundId: m.id, approvalId }]);
    return { inboundId: m.id, status, approvalId, retry, previousError: m.sendError };
  });
}
