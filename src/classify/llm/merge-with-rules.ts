/**
 * Combines the rules classifier's result with the model's answer. Pure.
 *
 * The model can only make the outcome MORE cautious (SPEC section 7):
 *  - The rules' safety findings stand whatever the model says: a safety primary intent (unsubscribe,
 *    complaint, bounce, auto-reply, out-of-office), an unsubscribe/complaint anywhere in the rules'
 *    intents, the bounce fact, injection signs and sensitive content are all kept as they are.
 *  - The model may refine the primary intent only among human intents, and only when the rules found
 *    no safety intent. A model that calls a human reply an unsubscribe or a bounce does not get to
 *    trigger DNC or invalidate an address by itself: its opinion is kept as a secondary intent and the
 *    disagreement sends the message to a human.
 *  - Confidence never rises above the rules' own: agreement keeps the lower of the two, and any
 *    disagreement caps it at DISAGREEMENT_CONFIDENCE_CAP, below the default 0.8 auto-reply threshold.
 *  - The model may add offers, may add an injection sign, and may fill a link or referral address the
 *    rules missed, but only one that literally appears in the email (never an invented one).
 *  - No answer (down, slow, invalid) gives the rules' result with `model.available = false`, which the
 *    gates escalate.
 */
import type { Classification, Intent, IntentScore, InjectionSign, Offer } from '../types.ts';
import type { ModelAnswer } from './model-answer.ts';

export const SAFETY_INTENTS: readonly Intent[] = ['UNSUBSCRIBE', 'COMPLAINT', 'BOUNCE', 'AUTO_REPLY', 'OUT_OF_OFFICE'];
/** Safety intents whose effect (DNC for everyone) must hold even when they are only secondary. */
const DO_NOT_CONTACT_INTENTS: readonly Intent[] = ['UNSUBSCRIBE', 'COMPLAINT'];
export const HUMAN_INTENTS: readonly Intent[] = [
  'INTERESTED',
  'PRICE_QUOTE',
  'QUESTION',
  'NOT_INTERESTED',
  'LINK_PLACED',
  'REFERRAL',
  'OTHER',
];
export const DISAGREEMENT_CONFIDENCE_CAP = 0.5;
const MODEL_FLAG_EXCERPT_CHARS = 200;

export interface ModelRunMeta {
  name: string;
  promptVersion: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number;
  /** The email text the model read: model-extracted URLs and addresses must appear in it verbatim. */
  sourceText: string;
}

export function mergeModelWithRules(rules: Classification, model: ModelAnswer | null, meta: ModelRunMeta): Classification {
  const modelInfo = {
    name: meta.name,
    promptVersion: meta.promptVersion,
    available: model !== null,
    ...(meta.inputTokens === undefined ? {} : { inputTokens: meta.inputTokens }),
    ...(meta.outputTokens === undefined ? {} : { outputTokens: meta.outputTokens }),
    ...(meta.latencyMs === undefined ? {} : { latencyMs: meta.latencyMs }),
  };
  if (model === null) return { ...rules, model: modelInfo };

  const rulesHaveSafetyFinding =
    SAFETY_INTENTS.includes(rules.intent) || rules.intents.some((score) => DO_NOT_CONTACT_INTENTS.includes(score.intent));
  const intent = !rulesHaveSafetyFinding && HUMAN_INTENTS.includes(model.intent) ? model.intent : rules.intent;
  const disagreement = model.intent !== rules.intent;
  const agreedConfidence = Math.min(rules.confidence, model.confidence);
  const confidence = disagreement ? Math.min(agreedConfidence, DISAGREEMENT_CONFIDENCE_CAP) : agreedConfidence;

  return {
    ...rules,
    intent,
    confidence,
    intents: mergeIntentScores(intent, confidence, [
      ...rules.intents,
      { intent: model.intent, confidence: model.confidence },
      ...model.secondaryIntents,
    ]),
    facts: {
      ...rules.facts,
      offers: mergeOffers(rules.facts.offers, model.offers),
      returnDate: rules.facts.returnDate ?? model.returnDate,
      linkUrl: rules.facts.linkUrl ?? appearsIn(meta.sourceText, model.linkUrl),
      referralEmail: rules.facts.referralEmail ?? appearsIn(meta.sourceText, model.referralEmail),
      injectionSigns: mergeInjectionSigns(rules.facts.injectionSigns, model),
    },
    model: modelInfo,
  };
}

/** The primary first with the final confidence; every other intent once, at its highest score. */
function mergeIntentScores(primary: Intent, confidence: number, scores: readonly IntentScore[]): IntentScore[] {
  const best = new Map<Intent, number>();
  for (const score of scores) {
    if (score.intent === primary) continue;
    best.set(score.intent, Math.max(best.get(score.intent) ?? 0, score.confidence));
  }
  const others = [...best.entries()]
    .map(([intent, score]) => ({ intent, confidence: score }))
    .sort((a, b) => b.confidence - a.confidence);
  return [{ intent: primary, confidence }, ...others];
}

function mergeOffers(fromRules: readonly Offer[], fromModel: readonly Offer[]): Offer[] {
  const key = (offer: Offer) => `${offer.type}|${offer.amount}|${offer.maxAmount ?? ''}|${offer.currency}`;
  const seen = new Set(fromRules.map(key));
  const added = fromModel.filter((offer) => {
    if (seen.has(key(offer))) return false;
    seen.add(key(offer));
    return true;
  });
  return [...fromRules, ...added];
}

function mergeInjectionSigns(fromRules: readonly InjectionSign[], model: ModelAnswer): InjectionSign[] {
  if (!model.injectionSuspected) return [...fromRules];
  return [...fromRules, { kind: 'model-flagged', excerpt: model.notes.slice(0, MODEL_FLAG_EXCERPT_CHARS) }];
}

function appearsIn(sourceText: string, value: string | null): string | null {
  if (value === null) return null;
  return sourceText.toLowerCase().includes(value.toLowerCase()) ? value : null;
}
