/**
 * The gates engine: runs every gate in a fixed order and turns the results into a decision.
 *
 * Order (also in docs/gates.md). It only changes how results are listed to an approver, since every
 * gate always runs (auditors see all of them, passed and tripped); "stop" reasons come first so the
 * approver reads the most serious one at the top.
 *   1. no-reply-intent           1b. confirm-effects           2. do-not-contact             3. cooling-off
 *   3a. send-channel-available   4. model-unavailable          5. prompt-injection           5b. red-flags (never off)
 *   6. sensitive-content
 *   7. intent-allowed            8. min-confidence             9. price-ceiling
 *  10. min-domain-rating        11. other-workspace-active-relationship
 *  12. max-auto-replies-per-thread                            13. max-auto-replies-per-day
 *  14. model-agreement
 *
 * Decision rules:
 *   - WAITING_APPROVAL whenever an effect waits for a human's confirmation ("confirm: mark as link
 *     placed?"), even for a no-reply intent: a doubtful CRM change is never hidden behind NO_REPLY.
 *   - NO_REPLY when the primary intent is a no-reply intent (unsubscribe, OOO, auto-reply, bounce,
 *     complaint, not interested, link placed). Nothing is drafted; CRM effects happen elsewhere.
 *   - AUTO_REPLY only when every gate passed.
 *   - WAITING_APPROVAL otherwise. A DO_NOT_CONTACT account can reach WAITING_APPROVAL (a human may want to
 *     see a partner writing back), never AUTO_REPLY, and the send path refuses it at send time anyway.
 *
 * Pure and deterministic: `now`, policy and history come in; ids (approvalId) are set by the handler.
 */
import type { Decision, Gate, GateInput, GateName, GateResult } from './types.ts';
import { isNoReplyIntent } from './no-reply-intents.ts';
import { runGate } from './gate-result.ts';
import { noReplyIntent } from './gates/no-reply-intent.ts';
import { doNotContact } from './gates/do-not-contact.ts';
import { coolingOff } from './gates/cooling-off.ts';
import { sendChannelAvailable } from './gates/send-channel-available.ts';
import { modelUnavailable } from './gates/model-unavailable.ts';
import { promptInjection } from './gates/prompt-injection.ts';
import { redFlags } from './gates/red-flags.ts';
import { confirmEffects } from './gates/confirm-effects.ts';
import { sensitiveContent } from './gates/sensitive-content.ts';
import { intentAllowed } from './gates/intent-allowed.ts';
import { minConfidence } from './gates/min-confidence.ts';
import { priceCeiling } from './gates/price-ceiling.ts';
import { minDomainRating } from './gates/min-domain-rating.ts';
import { otherWorkspaceActiveRelationship } from './gates/other-workspace-active-relationship.ts';
import { maxAutoRepliesPerThread } from './gates/max-auto-replies-per-thread.ts';
import { maxAutoRepliesPerDay } from './gates/max-auto-replies-per-day.ts';
import { modelAgreement } from './gates/model-agreement.ts';

export const GATES: readonly (readonly [GateName, Gate])[] = [
  ['no-reply-intent', noReplyIntent],
  ['confirm-effects', confirmEffects],
  ['do-not-contact', doNotContact],
  ['cooling-off', coolingOff],
  ['send-channel-available', sendChannelAvailable],
  ['model-unavailable', modelUnavailable],
  ['prompt-injection', promptInjection],
  ['red-flags', redFlags],
  ['sensitive-content', sensitiveContent],
  ['intent-allowed', intentAllowed],
  ['min-confidence', minConfidence],
  ['price-ceiling', priceCeiling],
  ['min-domain-rating', minDomainRating],
  ['other-workspace-active-relationship', otherWorkspaceActiveRelationship],
  ['max-auto-replies-per-thread', maxAutoRepliesPerThread],
  ['max-auto-replies-per-day', maxAutoRepliesPerDay],
  ['model-agreement', modelAgreement],
];

export function evaluateGates(input: GateInput): Decision {
  const gates = GATES.map(([name, gate]) => runGate(name, gate, input));
  return { action: decideAction(input, gates), gates, approvalId: null };
}

function decideAction(input: GateInput, gates: readonly GateResult[]): Decision['action'] {
  // An effect held for confirmation must reach a human even when no reply is due.
  if ((input.classification.pendingEffects ?? []).length > 0) return 'WAITING_APPROVAL';
  if (isNoReplyIntent(input.classification.intent)) return 'NO_REPLY';
  return gates.every((g) => g.passed) ? 'AUTO_REPLY' : 'WAITING_APPROVAL';
}

/**
 * Adds the draft checks' results to a decision. A failed check turns AUTO_REPLY into WAITING_APPROVAL;
 * NO_REPLY stays NO_REPLY (there should be no draft, but a stray one must not revive a reply).
 */
export function applyDraftChecks(decision: Decision, checks: readonly GateResult[]): Decision {
  const gates = [...decision.gates, ...checks];
  if (decision.action !== 'AUTO_REPLY') return { ...decision, gates };
  const action = checks.every((c) => c.passed) ? 'AUTO_REPLY' : 'WAITING_APPROVAL';
  return { ...decision, action, gates };
}

/** The tripped gates, in engine order: what the approver is shown. */
export const trippedGates = (decision: Decision): GateResult[] => decision.gates.filter((g) => !g.passed);

/** The shape clients read (`{gate, passed, reason}`), without the audit-only `inputs`. */
export const publicDecision = (decision: Decision): Decision => ({
  ...decision,
  gates: decision.gates.map(({ gate, passed, reason }) => ({ gate, passed, reason })),
});
