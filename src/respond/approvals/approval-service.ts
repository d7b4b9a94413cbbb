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
import { appendEvent, recordEvents } from '../../crm/append-event.ts';
import { applyConfirmedEffects } from './confirmed-effects.ts';
import { approvalExpiresAt, approvalReminderAt, DEFAULT_APPROVAL_TTL_MS } from './approval-token.ts';
import { alreadyDecidedMessage } from './approval-facts.ts';
import { lineDiff, normalizeDraftText } from './line-diff.ts';
import { decideIfPending, getApproval, insertApprovals, pendingApprovalOf, pendingApprovalsOfInbounds, publicApproval } from './db/approvals.ts';
import { markLinkUsed } from './db/approval-links.ts';
import { lockSubject, setSubjectDecided, setSubjectWaiting, subjectKey, subjectOf, type ApprovalSubject, type ApprovalSubjectRef } from './db/approval-subject.ts';
import type { Approval, ApprovalRow, DecideAction, DecideOutcome, DecidedBy, NotifyJob } from './types.ts';

export const MAX_EDITED_TEXT = 20_000;
export const MAX_REASON = 2_000;

export type RequestApprovalInput = ({ inboundId: string } | { outreachId: string }) & {
  now: Date;
  /** Default 72 h. */
  ttlMs?: number;
};

const refOfInput = (input: RequestApprovalInput): ApprovalSubjectRef =>
  'outreachId' in input ? { kind: 'outreach', id: input.outreachId } : { kind: 'inbound', id: input.inboundId };

/**
 * Creates the approval for a reply the gates sent to WAITING_APPROVAL, or for a first outreach email, in
 * the caller's transaction: the approval row (draft and tripped gates snapshotted), the subject's status
 * WAITING_APPROVAL (and, for a reply, `decision.approvalId`), APPROVAL_REQUESTED, and the notify job. No
 * token is made here: the notify job makes one per emailed recipient and stores only its hash.
 * Idempotent: while an approval for the subject is PENDING, a retry returns it.
 */
export async function requestApproval(tx: Queryable, input: RequestApprovalInput, enqueue: EnqueueInTx): Promise<{ approval: Approval; created: boolean }> {
  const ref = refOfInput(input);
  const subject = await lockSubject(tx, ref);
  if (!subject) throw new AppError('NOT_FOUND', `${ref.kind === 'inbound' ? 'inbound message' : 'outreach email'} ${ref.id} not found`);
  const existing = await pendingApprovalOf(tx, ref);
  if (existing) return { approval: publicApproval(existing), created: false };
  // A reply from a sender who matches no partner still goes to a human ("who is this?"); an outreach
  // email always has its relationship.
  if (!subject.relationshipId && ref.kind !== 'inbound') {
    throw new AppError('PERMANENT', `outreach email ${ref.id} is not matched to a relationship; an approval needs one`);
  }
  const [row] = await insertApprovalsOf(tx, [subject], input);
  await setSubjectWaiting(tx, ref, row!.id);
  await announceApprovals(tx, [{ row: row!, subject }], input.now, enqueue);
  return { approval: publicApproval(row!), created: true };
}

/**
 * `requestApproval` for several replies a batch of the gates step sent to WAITING_APPROVAL, set-based:
 * the caller has locked the messages and knows what it stores on them (`subjects`: their workspace,
 * partner, draft and tripped gates, as `lockSubject` would read them back), and stores each message's
 * status WAITING_APPROVAL with `decision.approvalId` itself, in the same statement as the rest of its
 * decision (a message that already had a PENDING approval keeps its decision as it is, as
 * `requestApproval` does). One read of the pending approvals, one insert, APPROVAL_REQUESTED each, and
 * the notify jobs. Idempotent as `requestApproval`.
 */
export async function requestInboundApprovals(
  tx: Queryable,
  subjects: ReadonlyArray<ApprovalSubject & { ref: { kind: 'inbound'; id: string } }>,
  input: { now: Date; ttlMs?: number },
  enqueue: EnqueueInTx,
): Promise<Map<string, { approvalId: string; created: boolean }>> {
  const out = new Map<string, { approvalId: string; created: boolean }>();
  const pending = await pendingApprovalsOfInbounds(tx, subjects.map((s) => s.ref.id));
  for (const [id, row] of pending) out.set(id, { approvalId: row.id, created: false });
  // a message named twice gets one approval
  const fresh = [...new Map(subjects.filter((s) => !pending.has(s.ref.id)).map((s) => [s.ref.id, s])).values()];
  const rows = await insertApprovalsOf(tx, fresh, input);
  for (const row of rows) out.set(row.inboundId!, { approvalId: row.id, created: true });
  await announceApprovals(tx, rows.map((row, i) => ({ row, subject: fresh[i]! })), input.now, enqueue);
  return out;
}

async function insertApprovalsOf(tx: Queryable, subjects: readonly ApprovalSubject[], input: { now: Date; ttlMs?: number }): Promise<ApprovalRow[]> {
  const expiresAt = approvalExpiresAt(input.now, input.ttlMs ?? DEFAULT_APPROVAL_TTL_MS);
  return insertApprovals(tx, subjects.map((subject) => ({
    id: newId('apr', input.now.getTime()),
    workspaceId: subject.workspaceId,
    subject: subject.ref,
    relationshipId: subject.relationshipId,
    draft: subject.draft,
    gates: subject.gates,
    expiresAt,
    reminderAt: approvalReminderAt(input.now, expiresAt),
    now: input.now,
  })));
}

/** APPROVAL_REQUESTED for each new approval, and their notify jobs. */
async function announceApprovals(tx: Queryable, created: ReadonlyArray<{ row: ApprovalRow; subject: ApprovalSubject }>, now: Date, enqueue: EnqueueInTx): Promise<void> {
  // Events belong to a relationship: an unknown sender's approval has none until it is attached.
  // Records (they change no projection): one insert for all of them.
  await recordEvents(tx, created.flatMap(({ row, subject }) => !subject.relationshipId ? [] : [{
    relationshipId: subject.relationshipId,
    contactId: subject.contactId,
    type: 'APPROVAL_REQUESTED' as const,
    occurredAt: now,
    metadata: { approvalId: row.id, ...subjectKey(subject.ref), gates: subject.gates, expiresAt: row.expiresAt },
    idempotencyKey: `${row.id}:requested`,
  }]));
  if (created.length) await enqueue(tx, QUEUES.approvalsNotify, created.map(({ row }) => ({ approvalId: row.id, kind: 'request' } satisfies NotifyJob)));
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
  /** Reject and ask for a new draft of the reply, guided by the reason (replies only). */
  redraft?: boolean;
  /** Draft checks the edited text failed and the approver overrode ("approve anyway"); kept on APPROVAL_GRANTED. */
  overriddenChecks?: ReadonlyArray<{ gate: string; reason: string }>;
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
 * when. On approve: APPROVAL_GRANTED (who, when, the line diff of an edit), the subject APPROVED with the
 * edited text, and the respond job `{inboundId | outreachId, approvalId}`. On reject: APPROVAL_DENIED
 * with the reason, the subject DENIED. Either way a notify job updates the Slack message.
 */
export async function decideApproval(db: Db, input: DecideInput, enqueue: EnqueueInTx): Promise<DecideOutcome> {
  const reason = input.reason?.trim() ? input.reason.trim().slice(0, MAX_REASON) : null;
  return db.transaction(async (tx) => {
    const before = await getApproval(tx, input.approvalId);
    if (!before) return { ok: false, reason: 'not-found' };
    if (input.action === 'approve' && !before.relationshipId) {
      throw new AppError('CONFLICT', `the sender matches no partner, so there is nobody to send to yet: attach the message to a partner first (POST /v1/link-building/inbound/${before.inboundId ?? ''}/attach); it is then decided again`);
    }
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
    const ref = subjectOf(row);
    const common = { approvalId: row.id, ...subjectKey(ref), decidedBy: input.by, decidedAt: input.now.toISOString() };
    if (input.action === 'approve') {
      const draft = row.draft;
      await setSubjectDecided(tx, ref, 'APPROVED', editedText !== null ? { text: editedText, draft } : undefined);
      await appendEvent(tx, {
        relationshipId: row.relationshipId!,
        type: 'APPROVAL_GRANTED',
        occurredAt: input.now,
        content: editedText,
        metadata: {
          ...common, edited: editedText !== null, ...(editedText !== null ? { diff: lineDiff(draft?.text ?? '', editedText) } : {}),
          ...(input.overriddenChecks?.length ? { overriddenChecks: input.overriddenChecks } : {}),
        },
        idempotencyKey: `${row.id}:granted`,
      });
      if (ref.kind === 'inbound') await applyConfirmedEffects(tx, ref.id, input.now);
      else await markApprovedToContact(tx, row.relationshipId!, row.id, input.now);
      await enqueue(tx, QUEUES.respond, [{ ...subjectKey(ref), approvalId: row.id }]);
    } else {
      const redraft = input.redraft === true && ref.kind === 'inbound';
      if (redraft) {
        // Back to the gates step, which drafts again (guided by the reason) and asks for a new approval.
        await tx.query(`update inbound_messages set status = 'CLASSIFIED', updated_at = now() where id = $1`, [ref.id]);
        await enqueue(tx, QUEUES.gates, [{ inboundId: ref.id, redraftOf: row.id, guidance: reason }]);
      } else {
        await setSubjectDecided(tx, ref, 'DENIED');
      }
      if (row.relationshipId) {
        await appendEvent(tx, {
          relationshipId: row.relationshipId,
          type: 'APPROVAL_DENIED',
          occurredAt: input.now,
          content: reason,
          metadata: { ...common, reason, expired: false, redraft },
          idempotencyKey: `${row.id}:denied`,
        });
      }
    }
    await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: row.id, kind: 'decided' } satisfies NotifyJob]);
    return { ok: true, approval: publicApproval(row) };
  });
}

/**
 * An approved first email: the partner is now APPROVED_TO_CONTACT (SPEC section 8) until EMAIL_SENT
 * (or, through Instantly, QUEUED). Only from a stage before contact: a relationship that moved on keeps
 * its stage.
 */
async function markApprovedToContact(tx: Queryable, relationshipId: string, approvalId: string, now: Date): Promise<void> {
  const { rows } = await tx.query<{ status: string }>('select status from relationships where id = $1', [relationshipId]);
  if (!['PROSPECTING', 'CONTACTED_BY_OTHER_ORG'].includes(rows[0]?.status ?? '')) return;
  await appendEvent(tx, {
    relationshipId, type: 'STATUS_CHANGED', occurredAt: now, idempotencyKey: `${approvalId}:approved-to-contact`,
    metadata: { from: rows[0]!.status, to: 'APPROVED_TO_CONTACT', approvalId, reason: 'first email approved' },
  });
}

/** Fail closed: a PENDING approval past its expiry becomes EXPIRED, APPROVAL_DENIED (reason "expired"), its subject EXPIRED. */
export async function expireApproval(tx: Queryable, approvalId: string, now: Date, enqueue: EnqueueInTx) {
  const row = await decideIfPending(tx, {
    id: approvalId, status: 'EXPIRED', decidedBy: { channel: 'system', actor: 'expiry' }, editedText: null, rejectReason: 'expired', now,
  });
  if (!row) return null;
  const ref = subjectOf(row);
  await setSubjectDecided(tx, ref, 'EXPIRED');
  if (row.relationshipId) {
    await appendEvent(tx, {
      relationshipId: row.relationshipId,
      type: 'APPROVAL_DENIED',
      occurredAt: now,
      content: 'expired',
      metadata: { approvalId: row.id, ...subjectKey(ref), decidedBy: row.decidedBy, decidedAt: now.toISOString(), reason: 'expired', expired: true },
      idempotencyKey: `${row.id}:denied`,
    });
  }
  await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: row.id, kind: 'decided' } satisfies NotifyJob]);
  return row;
}
