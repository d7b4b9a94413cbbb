/**
 * The agreement rule (issue 9, item 6): how the rules' label and the model's label become one. Pure.
 *
 *  1. No model answer (down, slow, invalid) → the rules' label; the model-unavailable gate sends it to a
 *     human.
 *  2. Either says UNSUBSCRIBE or COMPLAINT → that intent is primary (the rules' when both do), so the
 *     account becomes DO_NOT_CONTACT and the relationship REJECTED. A false DNC costs less than
 *     replying to someone who asked us to stop.
 *  3. Both say the same intent → that intent, at the lower of the two confidences; alone only when no
 *     red flag is present.
 *  4. The rules had no reading (OTHER), the model is confident (at or above the threshold) and no red
 *     flag is present → the model's label, and it may go out alone ("widened").
 *     Rules that read something specific but unsurely (below the threshold) and a model that reads
 *     something else are two readings, not one: the model's intent becomes primary (it understood
 *     more) but a human decides. Measured with scripts/eval/model-stress.ts: letting a confident
 *     model widen an unsure REFERRAL/LINK_PLACED/QUESTION into an auto-reply let an always-INTERESTED
 *     model send 20 more unsafe replies on the dev set (rules at 93dcf3b), and gained a right
 *     model one safe reply in 240.
 *     Rules that read machine mail, a decline, or a hint of unsubscribe are never widened: the model
 *     may add to what is understood, not turn a "no" into a "yes".
 *  5. Anything else is a disagreement → a human: the confidence is capped below the threshold (so the
 *     min-confidence gate trips under the default policy) and `autoReply` is false (so the
 *     model-agreement gate trips whatever a workspace sets as its minimum). The primary intent is the
 *     model's when the rules could have been widened (the model understood more, but not surely enough,
 *     or a red flag stands), the rules' otherwise.
 *
 * A red flag never becomes an auto-reply: under one, `autoReply` is always false (so the model-agreement
 * gate trips), and the red-flag / injection / sensitive-content gates trip on the flags themselves.
 */
import type { AgreementKind, Intent, IntentLabel, IntentScore } from '../types.ts';

/** The default policy's minConfidence (SPEC section 4): "sure" means at least this. */
export const AGREEMENT_THRESHOLD = 0.8;
/** A disagreement's confidence never exceeds this, well below AGREEMENT_THRESHOLD. */
export const DISAGREEMENT_CONFIDENCE_CAP = 0.5;

export const STOP_INTENTS: readonly Intent[] = ['UNSUBSCRIBE', 'COMPLAINT'];
/** Rules' readings of machine mail: structural evidence the model may not overturn. */
const MACHINE_INTENTS: readonly Intent[] = ['BOUNCE', 'AUTO_REPLY', 'OUT_OF_OFFICE'];

export type DisagreementWhy =
  /** The rules were sure of a different intent. */
  | 'rules-confident'
  /** The rules read a bounce, an auto-reply or an out-of-office. */
  | 'rules-machine-mail'
  /** The rules read a decline; a "no" is never widened. */
  | 'rules-decline'
  /** The rules also read an unsubscribe or complaint among their secondary intents. */
  | 'rules-stop-hint'
  /** The rules were unsure and the model was not sure either. */
  | 'model-unsure'
  /** The rules read a specific intent unsurely; the model, surely, another one. */
  | 'two-readings'
  /** The rules were unsure, the model sure, but a red flag is present. */
  | 'red-flag';

export type AgreementReason =
  | { kind: 'model-unavailable'; rules: IntentLabel }
  | { kind: 'agree'; redFlag: boolean; rules: IntentLabel; model: IntentLabel }
  | { kind: 'widened'; rules: IntentLabel; model: IntentLabel }
  | { kind: 'do-not-contact'; by: 'rules' | 'model' | 'both'; rules: IntentLabel; model: IntentLabel }
  | { kind: 'disagree'; why: DisagreementWhy; rules: IntentLabel; model: IntentLabel };

export interface AgreementInput {
  /** The rules' primary label and every intent they read (secondary stop intents matter). */
  rules: IntentLabel & { intents: readonly IntentScore[] };
  /** The model's primary label, or null when it gave no usable answer. */
  model: IntentLabel | null;
  /** Any red flag in the new text: the rules' flags, injection signs, sensitive content, the model's injection suspicion. */
  redFlag: boolean;
  threshold?: number;
}

export interface Agreement extends IntentLabel {
  reason: AgreementReason;
  /** Whether this rule lets the reply go out alone (the other gates still apply). */
  autoReply: boolean;
}

export function decideAgreement({ rules, model, redFlag, threshold = AGREEMENT_THRESHOLD }: AgreementInput): Agreement {
  const rulesLabel: IntentLabel = { intent: rules.intent, confidence: rules.confidence };
  if (model === null) {
    return { ...rulesLabel, autoReply: false, reason: { kind: 'model-unavailable', rules: rulesLabel } };
  }
  const modelLabel: IntentLabel = { intent: model.intent, confidence: model.confidence };
  const labels = { rules: rulesLabel, model: modelLabel };

  const rulesStop = STOP_INTENTS.includes(rules.intent);
  const modelStop = STOP_INTENTS.includes(model.intent);
  if (rulesStop || modelStop) {
    const by = rulesStop && modelStop ? 'both' : rulesStop ? 'rules' : 'model';
    const intent = rulesStop ? rules.intent : model.intent;
    const confidence = by === 'both' ? Math.max(rules.confidence, model.confidence) : by === 'rules' ? rules.confidence : model.confidence;
    return { intent, confidence, autoReply: false, reason: { kind: 'do-not-contact', by, ...labels } };
  }

  if (rules.intent === model.intent) {
    const confidence = Math.min(rules.confidence, model.confidence);
    return { intent: rules.intent, confidence, autoReply: !redFlag, reason: { kind: 'agree', redFlag, ...labels } };
  }

  const notWidenable = whyNotWidenable(rules, threshold);
  const modelSure = model.confidence >= threshold;
  if (notWidenable === null && modelSure && !redFlag && rules.intent === 'OTHER') {
    return { ...modelLabel, autoReply: true, reason: { kind: 'widened', ...labels } };
  }
  const why: DisagreementWhy = notWidenable ?? (!modelSure ? 'model-unsure' : redFlag ? 'red-flag' : 'two-readings');
  const confidence = Math.min(rules.confidence, model.confidence, DISAGREEMENT_CONFIDENCE_CAP);
  const intent = notWidenable === null ? model.intent : rules.intent;
  return { intent, confidence, autoReply: false, reason: { kind: 'disagree', why, ...labels } };
}

/** Null when the rules are unsure and nothing forbids the model to widen them; else why not. */
function whyNotWidenable(rules: AgreementInput['rules'], threshold: number): DisagreementWhy | null {
  if (MACHINE_INTENTS.includes(rules.intent)) return 'rules-machine-mail';
  if (rules.intent === 'NOT_INTERESTED') return 'rules-decline';
  if (rules.intents.some((score) => STOP_INTENTS.includes(score.intent))) return 'rules-stop-hint';
  const unsure = rules.intent === 'OTHER' || rules.confidence < threshold;
  return unsure ? null : 'rules-confident';
}

const fmt = (label: IntentLabel): string => `${label.intent} ${Number(label.confidence.toFixed(2))}`;

const DISAGREEMENT_NOTE: Record<DisagreementWhy, string> = {
  'rules-confident': '',
  'rules-machine-mail': ' (the rules read machine mail)',
  'rules-decline': ' (a decline is never widened)',
  'rules-stop-hint': ' (the rules also read a request to stop)',
  'model-unsure': '',
  'red-flag': '',
  'two-readings': '',
};

/** The reason as a sentence for the approver and the event log. */
export function describeAgreement(reason: AgreementReason): string {
  switch (reason.kind) {
    case 'model-unavailable':
      return `model unavailable: rules alone (${fmt(reason.rules)}) → a human`;
    case 'agree':
      return reason.redFlag
        ? `rules and model agree on ${reason.rules.intent}, but a red flag is present → a human`
        : `rules and model agree on ${reason.rules.intent}`;
    case 'widened':
      return `rules unsure (${fmt(reason.rules)}), model confident ${fmt(reason.model)}`;
    case 'do-not-contact':
      if (reason.by === 'rules') return `rules say ${reason.rules.intent}: do not contact`;
      if (reason.by === 'model') return `model says ${reason.model.intent}: do not contact`;
      return reason.rules.intent === reason.model.intent
        ? `rules and model say ${reason.rules.intent}: do not contact`
        : `rules say ${reason.rules.intent}, model says ${reason.model.intent}: do not contact`;
    case 'disagree':
      if (reason.why === 'model-unsure') return `rules unsure (${fmt(reason.rules)}), model unsure ${fmt(reason.model)} → a human`;
      if (reason.why === 'red-flag') return `rules unsure (${fmt(reason.rules)}), model confident ${fmt(reason.model)}, but a red flag is present → a human`;
      if (reason.why === 'two-readings') return `rules unsure (${fmt(reason.rules)}), model confident ${fmt(reason.model)}: two readings → a human`;
      return `disagree: ${reason.rules.intent} vs ${reason.model.intent} → a human${DISAGREEMENT_NOTE[reason.why]}`;
  }
}

/** The compact record stored on the classification (`classification.agreement`). */
export function agreementRecord(agreement: Agreement): { kind: AgreementKind; autoReply: boolean; reason: string } {
  return { kind: agreement.reason.kind, autoReply: agreement.autoReply, reason: describeAgreement(agreement.reason) };
}
