/**
 * What an approval is about: a reply to an inbound message (`in_`) or a first outreach email (`out_`).
 * The approval lifecycle is the same for both; only these reads and writes of the subject's own row differ.
 */
import type { Queryable } from '../../../db/types.ts';
import { textToHtml } from '../../draft/text-to-html.ts';
import { lockOutreach, setOutreachStatus } from '../../outreach/db/outreach-db.ts';
import { readDraft, readTrippedGates } from '../approval-facts.ts';
import type { ApprovalDraft, TrippedGate } from '../types.ts';
import { lockInboundForApproval, setInboundDecided, setInboundWaiting } from './inbound-approval.ts';

export type ApprovalSubjectRef = { kind: 'inbound'; id: string } | { kind: 'outreach'; id: string };

export interface ApprovalSubject {
  ref: ApprovalSubjectRef;
  workspaceId: string;
  relationshipId: string | null;
  contactId: string | null;
  /** What the approver approves, and the checks that tripped on the way here. */
  draft: ApprovalDraft | null;
  gates: TrippedGate[];
}

/** The subject of a stored approval. */
export const subjectOf = (a: { inboundId: string | null; outreachId: string | null }): ApprovalSubjectRef =>
  a.outreachId ? { kind: 'outreach', id: a.outreachId } : { kind: 'inbound', id: a.inboundId ?? '' };

/** `{inboundId}` or `{outreachId}`: the key events and respond jobs carry. */
export const subjectKey = (ref: ApprovalSubjectRef): { inboundId: string } | { outreachId: string } =>
  ref.kind === 'inbound' ? { inboundId: ref.id } : { outreachId: ref.id };

/** Locks the subject's row (concurrent requests queue up) and reads what the approval snapshots. */
export async function lockSubject(tx: Queryable, ref: ApprovalSubjectRef): Promise<ApprovalSubject | null> {
  if (ref.kind === 'inbound') {
    const m = await lockInboundForApproval(tx, ref.id);
    if (!m) return null;
    return { ref, workspaceId: m.workspaceId, relationshipId: m.relationshipId, contactId: m.contactId, draft: readDraft(m.draft), gates: readTrippedGates(m.decision) };
  }
  const o = await lockOutreach(tx, ref.id);
  if (!o) return null;
  return {
    ref,
    workspaceId: o.workspaceId,
    relationshipId: o.relationshipId,
    contactId: o.contactId,
    draft: { subject: o.subject, text: o.text, html: o.html },
    gates: o.checks.filter((c) => !c.passed).map((c) => ({ gate: c.gate, reason: c.reason })),
  };
}

export async function setSubjectWaiting(tx: Queryable, ref: ApprovalSubjectRef, approvalId: string): Promise<void> {
  if (ref.kind === 'inbound') return setInboundWaiting(tx, ref.id, approvalId);
  await setOutreachStatus(tx, ref.id, 'WAITING_APPROVAL', { from: ['DRAFT', 'WAITING_APPROVAL'], approvalId });
}

/**
 * After a decision: APPROVED / DENIED / EXPIRED, only from WAITING_APPROVAL (a subject that moved on is
 * never pulled back). An edited text replaces the one to send; its HTML is regenerated from it.
 */
export async function setSubjectDecided(
  tx: Queryable,
  ref: ApprovalSubjectRef,
  status: 'APPROVED' | 'DENIED' | 'EXPIRED',
  edit?: { text: string; draft: ApprovalDraft | null },
): Promise<void> {
  if (ref.kind === 'inbound') {
    const draft = edit ? { subject: edit.draft?.subject ?? '', text: edit.text, html: textToHtml(edit.text) } : undefined;
    return setInboundDecided(tx, ref.id, status, draft);
  }
  // An outreach email written as plain text stays plain text after an edit.
  const change = edit ? { text: edit.text, html: edit.draft?.html ? textToHtml(edit.text) : null } : {};
  await setOutreachStatus(tx, ref.id, status, { from: ['WAITING_APPROVAL'], ...change });
}
