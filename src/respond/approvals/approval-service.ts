/**
 * The approval lifecycle: request (from the gates/draft step, inside its transaction), decide (from
 * Slack, the emailed page or the API: the first decision wins), expire and remind (approval-expiry.ts).
 * Every write happens with its CRM event and its follow-up job in one transaction, so a retry repeats
 * nothing visible: events carry `<approval id>:<step>` idempotency keys.
 */
import type { Db, Queryable } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { textToHtml } from '../draft/text-to-html.ts';
import { approvalExpiresAt, approvalReminderAt, DEFAULT_APPROVAL_TTL_MS } from './approval-token.ts';
import { alreadyDecidedMessage, readDraft, readTrippedGates } from './approval-facts.ts';
import { lineDiff, normalizeDraftText } from './line-diff.ts';
import { decideIfPending, getApproval, insertApproval, pendingApprovalOfInbound, publicApproval } from './db/approvals.ts';
import { markLinkUsed } from './db/approval-links.ts';
import { lockInboundForApproval, setInboundDecided, setInboundWaiting } from './db/inbound-approval.ts';
import type { Approval, DecideAction, DecideOutcome, DecidedBy, NotifyJob } from './types.ts';

export const MAX_EDITED_TEXT = 20_000;
export const MAX_REASON = 2_000;

export interface RequestApprovalInput {
  inboundId: string;
  now: Date;
  /** Default 72 h. */
  ttlMs?: number;
}

/**
 * Creates the approval for a message the gates sent to WAITING_APPROVAL, in the caller's transaction:
 * the approval row (draft and tripped gates snapshotted), inbound status WAITING_APPROVAL with
 * `decision.approvalId`, APPROVAL_REQUESTED, and the notify job. No token is made here: the notify job
 * makes one per emailed recipient and stores only its hash. Idempotent: while an approval for the message
 * is PENDING, a retry returns it.
 */
export async function requestApproval(tx: Queryable, input: RequestApprovalInput, enqueue: EnqueueInTx): Promise<{ approval: Approval; created: boolean }> {
  const inbound = await lockInboundForApproval(tx, input.inboundId);
  if (!inbound) throw new AppError('NOT_FOUND', `inbound message ${input.inboundId} not found`);
  const existing = await pendingApprovalOfInbound(tx, inbound.id);
  if (existing) return { approval: publicApproval(existing), created: false };
  if (!inbound.relationshipId) {
    throw new AppError('PERMANENT', `inbound message ${inbound.id} is not matched to a relationship; an approval needs one`);
  }
  const expiresAt = approvalExpiresAt(input.now, input.ttlMs ?? DEFAULT_APPROVAL_TTL_MS);
  const gates = readTrippedGates(inbound.decision);
  const row = await insertApproval(tx, {
    id: newId('apr', input.now.getTime()),
    workspaceId: inbound.workspaceId,
    inboundId: inbound.id,
    relationshipId: inbound.relationshipId,
    draft: readDraft(inbound.draft),
    gates,
    expiresAt,
    reminderAt: approvalReminderAt(input.now, expiresAt),
    now: input.now,
  });
  await setInboundWaiting(tx, inbound.id, row.id);
  await appendEvent(tx, {
    relationshipId: inbound.relationshipId,
    contactId: inbound.contactId,
    type: 'APPROVAL_REQUESTED',
    occurredAt: input.now,
    metadata: { approvalId: row.id, inboundId: inbound.id, gates, expiresAt: row.expiresAt },
    idempotencyKey: `${row.id}:requested`,
  });
  await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: row.id, kind: 'request' } satisfies NotifyJob]);
  return { approval: publicApproval(row), created: true };
}

export interface DecideInput {
  approvalId: string;
  action: DecideAction;
  by: DecidedBy;
  /** Approve with this body instead of the draft's. */
  editedText?: string | null;
  reason?: string | null;
  now: Date;
  /** The emailed link the decision came through; marked used with the decision. */
  linkTokenHash?: string;
}

function editedTextOf(input: DecideInput, draftText: string | null): string | null {
  if (input.action !== 'approve' || input.editedText === undefined || input.editedText === null) return null;
  const text = normalizeDraftText(input.editedText);
  if (!text.trim()) throw new AppError('VALIDATION', 'text: the edited reply is empty', { field: 'text' });
  if (text.length > MAX_EDITED_TEXT) throw new AppError('VALIDATION', `text: longer than ${MAX_EDITED_TEXT} characters`, { field: 'text' });
  return draftText !== null && text === normalizeDraftText(draftText) ? null : text;
}

/**
 * Approve or reject. Compare-and-set on PENDING and unexpired: of concurrent decisions from any
 * channels exactly one wins; the others get `already-decided` (or `expired`) with who decided, how and
 * when. On approve: APPROVAL_GRANTED (who, when, the line diff of an edit), inbound APPROVED with the
 * edited draft, and the respond job `{inboundId, approvalId}`. On reject: APPROVAL_DENIED with the
 * reason, inbound DENIED. Either way a notify job updates the Slack message.
 */
export async function decideApproval(db: Db, input: DecideInput, enqueue: EnqueueInTx): Promise<DecideOutcome> {
  const reason = input.reason?.trim() ? input.reason.trim().slice(0, MAX_REASON) : null;
  return db.transaction(async (tx) => {
    const before = await getApproval(tx, input.approvalId);
    if (!before) return { ok: false, reason: 'not-found' };
    const editedText = editedTextOf(input, before.draft?.text ?? null);
    if (input.action === 'approve' && !before.draft && editedText === null) {
      throw new AppError('VALIDATION', 'text: this approval has no draft; approve with the text to send', { field: 'text' });
    }
    const row = await decideIfPending(tx, {
      id: input.approvalId,
      status: input.action === 'approve' ? 'APPROVED' : 'REJECTED',
      decidedBy: input.by,
      editedText,
      rejectReason: input.action === 'reject' ? reason : null,
      now: input.now,
    });
    if (!row) {
      let current = (await getApproval(tx, input.approvalId)) ?? before;
      if (current.status === 'PENDING') current = (await expireApproval(tx, current.id, input.now, enqueue)) ?? current;
      const approval = publicApproval(current);
      return { ok: false, reason: current.status === 'EXPIRED' ? 'expired' : 'already-decided', approval, message: alreadyDecidedMessage(approval) };
    }
    if (input.linkTokenHash) await markLinkUsed(tx, input.linkTokenHash, input.now);
    const common = { approvalId: row.id, inboundId: row.inboundId, decidedBy: input.by, decidedAt: input.now.toISOString() };
    if (input.action === 'approve') {
      const draft = row.draft;
      const finalDraft = editedText !== null ? { subject: draft?.subject ?? '', text: editedText, html: textToHtml(editedText) } : undefined;
      await setInboundDecided(tx, row.inboundId, 'APPROVED', finalDraft);
      await appendEvent(tx, {
        relationshipId: row.relationshipId,
        type: 'APPROVAL_GRANTED',
        occurredAt: input.now,
        content: editedText,
        metadata: { ...common, edited: editedText !== null, ...(editedText !== null ? { diff: lineDiff(draft?.text ?? '', editedText) } : {}) },
        idempotencyKey: `${row.id}:granted`,
      });
      await enqueue(tx, QUEUES.respond, [{ inboundId: row.inboundId, approvalId: row.id }]);
    } else {
      await setInboundDecided(tx, row.inboundId, 'DENIED');
      await appendEvent(tx, {
        relationshipId: row.relationshipId,
        type: 'APPROVAL_DENIED',
        occurredAt: input.now,
        content: reason,
        metadata: { ...common, reason, expired: false },
        idempotencyKey: `${row.id}:denied`,
      });
    }
    await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: row.id, kind: 'decided' } satisfies NotifyJob]);
    return { ok: true, approval: publicApproval(row) };
  });
}

/** Fail closed: a PENDING approval past its expiry becomes EXPIRED, APPROVAL_DENIED (reason "expired"), inbound EXPIRED. */
export async function expireApproval(tx: Queryable, approvalId: string, now: Date, enqueue: EnqueueInTx) {
  const row = await decideIfPending(tx, {
    id: approvalId, status: 'EXPIRED', decidedBy: { channel: 'system', actor: 'expiry' }, editedText: null, rejectReason: 'expired', now,
  });
  if (!row) return null;
  await setInboundDecided(tx, row.inboundId, 'EXPIRED');
  await appendEvent(tx, {
    relationshipId: row.relationshipId,
    type: 'APPROVAL_DENIED',
    occurredAt: now,
    content: 'expired',
    metadata: { approvalId: row.id, inboundId: row.inboundId, decidedBy: row.decidedBy, decidedAt: now.toISOString(), reason: 'expired', expired: true },
    idempotencyKey: `${row.id}:denied`,
  });
  await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: row.id, kind: 'decided' } satisfies NotifyJob]);
  return row;
}
