/**
 * Combines the rules classifier's result with the model's answer. Pure.
 *
 * The primary intent and its confidence come from the agreement rule (agreement.ts): agreement or a
 * sure model widening unsure rules may reply alone; either saying UNSUBSCRIBE/COMPLAINT makes it
 * primary (DO_NOT_CONTACT + REJECTED); anything else goes to a human.
 * Both labels are recorded apart: `classification.rules` and `classification.model.{intent, confidence}`,
 * with the verdict in `classification.agreement`.
 *
 * Facts: the rules' safety findings stand whatever the model says (the bounce fact, injection signs,
 * sensitive content and red flags are kept as they are). The model may add offers, an injection sign
 * and red flags of its own (never remove one), and may fill a return date, a link or a referral address the
 * rules missed (a URL or address only when it literally appears in the email, never an invented one).
 * No answer (down, slow, invalid) gives the rules' result with `model.available = false`, which the
 * gates escalate.
 */
import type { Classification, Intent, IntentLabel, IntentScore, Offer, RedFlag } from '../types.ts';
import { agreementRecord, decideAgreement } from './agreement.ts';
import type { ModelAnswer } from './model-answer.ts';

const MODEL_FLAG_EXCERPT_CHARS = 200;
/** The kind of injection sign the model adds when it suspects injected instructions. */
export const MODEL_INJECTION_FLAG = 'model-flagged';

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
  const rulesLabel: IntentLabel = { intent: rules.intent, confidence: rules.confidence };
  const modelInfo = {
    name: meta.name,
    promptVersion: meta.promptVersion,
    available: model !== null,
    ...(model === null ? {} : { intent: model.intent, confidence: model.confidence }),
    ...(meta.inputTokens === undefined ? {} : { inputTokens: meta.inputTokens }),
    ...(meta.outputTokens === undefined ? {} : { outputTokens: meta.outputTokens }),
    ...(meta.latencyMs === undefined ? {} : { latencyMs: meta.latencyMs }),
  };
  const rulesFacts: Classification['facts'] = rules.facts;
  const agreement = decideAgreement({
    rules: { ...rulesLabel, intents: rules.intents },
    model: model === null ? null : { intent: model.intent, confidence: model.confidence },
    redFlag: hasRedFlag(rulesFacts) || (model !== null && modelRedFlags(model).length > 0),
  });
  const labels = { rules: rulesLabel, agreement: agreementRecord(agreement) };
  if (model === null) return { ...rules, ...labels, model: modelInfo };

  const { intent, confidence } = agreement;
  const injectionSign = model.injectionSuspected ? { kind: MODEL_INJECTION_FLAG, excerpt: model.notes.slice(0, MODEL_FLAG_EXCERPT_CHARS) } : null;
  const addedFlags = modelRedFlags(model);
  const facts: Classification['facts'] = {
    ...rulesFacts,
    offers: mergeOffers(rulesFacts.offers, model.offers),
    returnDate: rulesFacts.returnDate ?? model.returnDate,
    linkUrl: rulesFacts.linkUrl ?? appearsIn(meta.sourceText, model.linkUrl),
    referralEmail: rulesFacts.referralEmail ?? appearsIn(meta.sourceText, model.referralEmail),
    injectionSigns: injectionSign ? [...rulesFacts.injectionSigns, injectionSign] : [...rulesFacts.injectionSigns],
    ...(addedFlags.length > 0 ? { redFlags: [...(rulesFacts.redFlags ?? []), ...addedFlags] } : {}),
  };
  return {
    ...rules,
    intent,
    confidence,
    intents: mergeIntentScores(intent, confidence, [
      ...rules.intents,
      { intent: model.intent, confidence: model.confidence },
      ...model.secondaryIntents,
    ]),
    facts,
    model: modelInfo,
    ...labels,
  };
}

/** The model's red flags, plus one for an injection it suspects without listing it as a flag. Added after the rules' own. */
function modelRedFlags(model: ModelAnswer): RedFlag[] {
  const flags: RedFlag[] = model.redFlags.map((flag) => ({ kind: flag.kind, where: 'text' as const, excerpt: flag.excerpt }));
  if (model.injectionSuspected && !flags.some((flag) => flag.kind === 'injection')) {
    flags.push({ kind: 'injection', where: 'text', excerpt: model.notes.slice(0, MODEL_FLAG_EXCERPT_CHARS) });
  }
  return flags;
}

function hasRedFlag(facts: Classification['facts']): boolean {
  return (facts.redFlags?.length ?? 0) > 0 || facts.injectionSigns.length > 0 || (facts.sensitive?.length ?? 0) > 0;
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

function appearsIn(sourceText: string, value: string | null): string | null {
  if (value === null) return null;
  return sourceText.toLowerCase().includes(value.toLowerCase()) ? value : null;
}
