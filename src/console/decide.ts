/**
 * A decision from the console goes through the approval service exactly as Slack, the emailed page and
 * the API do (compare-and-set: the first decision from any channel wins), recorded as
 * `decidedBy: {channel: "console", actor: <the signed-in person>}`. An edited text first goes through the
 * draft checks again; a failed check refuses the approval unless the approver confirms ("approve-anyway").
 */
import type { Db } from '../db/types.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { checkDraft } from '../gates/draft-checks/check-draft.ts';
import { decideApproval } from '../respond/approvals/approval-service.ts';
import { normalizeDraftText } from '../respond/approvals/line-diff.ts';
import { getApproval } from '../respond/approvals/db/approvals.ts';
import type { DecideOutcome } from '../respond/approvals/types.ts';
import { draftCheckContext } from './db/draft-check-context.ts';

export type ConsoleAction = 'approve' | 'approve-anyway' | 'reject' | 'redraft';
export const CONSOLE_ACTIONS: readonly ConsoleAction[] = ['approve', 'approve-anyway', 'reject', 'redraft'];

export type ConsoleDecideResult =
  | { kind: 'not-found' }
  | { kind: 'checks-failed'; text: string; failed: Array<{ gate: string; reason: string }> }
  | { kind: 'decided'; outcome: DecideOutcome };

export interface ConsoleDecideInput {
  approvalId: string;
  workspaceIds: readonly string[];
  person: string;
  action: ConsoleAction;
  text?: string | undefined;
  reason?: string | undefined;
  now: Date;
}

export async function consoleDecide(deps: { db: Db; enqueue: EnqueueInTx }, input: ConsoleDecideInput): Promise<ConsoleDecideResult> {
  const before = await getApproval(deps.db, input.approvalId, input.workspaceIds);
  if (!before) return { kind: 'not-found' };
  const by = { channel: 'console' as const, actor: input.person };
  if (input.action === 'reject' || input.action === 'redraft') {
    const outcome = await decideApproval(deps.db, {
      approvalId: before.id, action: 'reject', by, reason: input.reason ?? null, redraft: input.action === 'redraft', now: input.now,
    }, deps.enqueue);
    return { kind: 'decided', outcome };
  }
  const edited = input.text !== undefined && before.draft !== null && normalizeDraftText(input.text) !== normalizeDraftText(before.draft.text)
    ? input.text
    : input.text !== undefined && before.draft === null ? input.text : undefined;
  let failed: Array<{ gate: string; reason: string }> = [];
  if (edited !== undefined && before.status === 'PENDING' && edited.trim()) {
    const ctx = await draftCheckContext(deps.db, before);
    if (ctx) {
      failed = checkDraft({ subject: before.draft?.subject ?? '', text: normalizeDraftText(edited) }, ctx.context, ctx.policy)
        .filter((c) => !c.passed).map((c) => ({ gate: c.gate, reason: c.reason }));
      if (failed.length && input.action === 'approve') return { kind: 'checks-failed', text: edited, failed };
    }
  }
  // "Approve anyway": the checks the approver read and overrode stay on the APPROVAL_GRANTED event.
  const outcome = await decideApproval(deps.db, {
    approvalId: before.id, action: 'approve', by, ...(edited !== undefined ? { editedText: edited } : {}),
    ...(failed.length ? { overriddenChecks: failed } : {}), now: input.now,
  }, deps.enqueue);
  return { kind: 'decided', outcome };
}
