import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_THRESHOLD,
  DISAGREEMENT_CONFIDENCE_CAP,
  STOP_INTENTS,
  agreementRecord,
  decideAgreement,
} from '../../src/classify/llm/agreement.ts';
import type { AgreementInput } from '../../src/classify/llm/agreement.ts';
import { INTENTS } from '../../src/classify/types.ts';
import type { AgreementKind, Intent, IntentScore } from '../../src/classify/types.ts';

const rules = (intent: Intent, confidence: number, intents?: IntentScore[]): AgreementInput['rules'] => ({
  intent,
  confidence,
  intents: intents ?? [{ intent, confidence }],
});
const model = (intent: Intent, confidence: number) => ({ intent, confidence });

interface Row {
  name: string;
  input: AgreementInput;
  intent: Intent;
  confidence: number;
  kind: AgreementKind;
  autoReply: boolean;
  reason: string;
}

const rows: Row[] = [
  // agreement
  { name: 'agree: the lower confidence', input: { rules: rules('INTERESTED', 0.9), model: model('INTERESTED', 0.85), redFlag: false }, intent: 'INTERESTED', confidence: 0.85, kind: 'agree', autoReply: true, reason: 'rules and model agree on INTERESTED' },
  { name: 'agree never raises unsure rules (min-confidence still decides)', input: { rules: rules('QUESTION', 0.6), model: model('QUESTION', 0.99), redFlag: false }, intent: 'QUESTION', confidence: 0.6, kind: 'agree', autoReply: true, reason: 'rules and model agree on QUESTION' },
  { name: 'agree under a red flag → still a human', input: { rules: rules('INTERESTED', 0.9), model: model('INTERESTED', 0.95), redFlag: true }, intent: 'INTERESTED', confidence: 0.9, kind: 'agree', autoReply: false, reason: 'rules and model agree on INTERESTED, but a red flag is present → a human' },
  { name: 'agree on a no-reply intent', input: { rules: rules('NOT_INTERESTED', 0.9), model: model('NOT_INTERESTED', 0.8), redFlag: false }, intent: 'NOT_INTERESTED', confidence: 0.8, kind: 'agree', autoReply: true, reason: 'rules and model agree on NOT_INTERESTED' },
  // the model widens unsure rules
  { name: 'widened: rules OTHER, model sure', input: { rules: rules('OTHER', 0.5), model: model('INTERESTED', 0.93), redFlag: false }, intent: 'INTERESTED', confidence: 0.93, kind: 'widened', autoReply: true, reason: 'rules unsure (OTHER 0.5), model confident INTERESTED 0.93' },
  { name: 'two readings: a weak LINK_PLACED the model reads as a price ("our price went up to $180") → PRICE_QUOTE, a human', input: { rules: rules('LINK_PLACED', 0.75), model: model('PRICE_QUOTE', 0.9), redFlag: false }, intent: 'PRICE_QUOTE', confidence: 0.5, kind: 'disagree', autoReply: false, reason: 'rules unsure (LINK_PLACED 0.75), model confident PRICE_QUOTE 0.9: two readings → a human' },
  { name: 'two readings: a weak REFERRAL is not widened into an auto-reply', input: { rules: rules('REFERRAL', 0.6), model: model('INTERESTED', 0.99), redFlag: false }, intent: 'INTERESTED', confidence: 0.5, kind: 'disagree', autoReply: false, reason: 'rules unsure (REFERRAL 0.6), model confident INTERESTED 0.99: two readings → a human' },
  { name: 'two readings: a weak QUESTION vs a sure INTERESTED', input: { rules: rules('QUESTION', 0.6), model: model('INTERESTED', 0.95), redFlag: false }, intent: 'INTERESTED', confidence: 0.5, kind: 'disagree', autoReply: false, reason: 'rules unsure (QUESTION 0.6), model confident INTERESTED 0.95: two readings → a human' },
  { name: 'widened: a model exactly at the threshold is sure', input: { rules: rules('OTHER', 0.3), model: model('QUESTION', AGREEMENT_THRESHOLD), redFlag: false }, intent: 'QUESTION', confidence: AGREEMENT_THRESHOLD, kind: 'widened', autoReply: true, reason: 'rules unsure (OTHER 0.3), model confident QUESTION 0.8' },
  { name: 'widened: OTHER is unsure even at a high confidence', input: { rules: rules('OTHER', 0.9), model: model('REFERRAL', 0.95), redFlag: false }, intent: 'REFERRAL', confidence: 0.95, kind: 'widened', autoReply: true, reason: 'rules unsure (OTHER 0.9), model confident REFERRAL 0.95' },
  // unsure on both sides, or a red flag
  { name: 'model unsure too → a human, the model label capped', input: { rules: rules('OTHER', 0.5), model: model('INTERESTED', 0.79), redFlag: false }, intent: 'INTERESTED', confidence: 0.5, kind: 'disagree', autoReply: false, reason: 'rules unsure (OTHER 0.5), model unsure INTERESTED 0.79 → a human' },
  { name: 'a red flag stops the widening', input: { rules: rules('OTHER', 0.5), model: model('INTERESTED', 0.93), redFlag: true }, intent: 'INTERESTED', confidence: 0.5, kind: 'disagree', autoReply: false, reason: 'rules unsure (OTHER 0.5), model confident INTERESTED 0.93, but a red flag is present → a human' },
  { name: 'a red flag with very unsure rules keeps their lower confidence', input: { rules: rules('OTHER', 0.2), model: model('QUESTION', 0.95), redFlag: true }, intent: 'QUESTION', confidence: 0.2, kind: 'disagree', autoReply: false, reason: 'rules unsure (OTHER 0.2), model confident QUESTION 0.95, but a red flag is present → a human' },
  // disagreement with sure or non-widenable rules
  { name: 'sure rules, another intent → a human, rules label kept', input: { rules: rules('INTERESTED', 0.9), model: model('PRICE_QUOTE', 0.93), redFlag: false }, intent: 'INTERESTED', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: INTERESTED vs PRICE_QUOTE → a human' },
  { name: 'two auto-reply intents still disagree', input: { rules: rules('QUESTION', 0.95), model: model('INTERESTED', 0.95), redFlag: false }, intent: 'QUESTION', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: QUESTION vs INTERESTED → a human' },
  { name: 'a disagreement keeps an even lower model confidence', input: { rules: rules('INTERESTED', 0.9), model: model('OTHER', 0.3), redFlag: false }, intent: 'INTERESTED', confidence: 0.3, kind: 'disagree', autoReply: false, reason: 'disagree: INTERESTED vs OTHER → a human' },
  { name: 'a bounce stays a bounce', input: { rules: rules('BOUNCE', 0.99), model: model('INTERESTED', 0.95), redFlag: false }, intent: 'BOUNCE', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: BOUNCE vs INTERESTED → a human (the rules read machine mail)' },
  { name: 'an unsure out-of-office is not widened into a person', input: { rules: rules('OUT_OF_OFFICE', 0.6), model: model('INTERESTED', 0.95), redFlag: false }, intent: 'OUT_OF_OFFICE', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: OUT_OF_OFFICE vs INTERESTED → a human (the rules read machine mail)' },
  { name: 'auto-reply vs out-of-office is still a disagreement', input: { rules: rules('AUTO_REPLY', 0.9), model: model('OUT_OF_OFFICE', 0.9), redFlag: false }, intent: 'AUTO_REPLY', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: AUTO_REPLY vs OUT_OF_OFFICE → a human (the rules read machine mail)' },
  { name: 'an unsure decline is never widened into a yes', input: { rules: rules('NOT_INTERESTED', 0.6), model: model('INTERESTED', 0.95), redFlag: false }, intent: 'NOT_INTERESTED', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: NOT_INTERESTED vs INTERESTED → a human (a decline is never widened)' },
  {
    name: 'a hint of unsubscribe in the rules blocks the widening',
    input: { rules: rules('INTERESTED', 0.6, [{ intent: 'INTERESTED', confidence: 0.6 }, { intent: 'UNSUBSCRIBE', confidence: 0.3 }]), model: model('QUESTION', 0.95), redFlag: false },
    intent: 'INTERESTED', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree', autoReply: false, reason: 'disagree: INTERESTED vs QUESTION → a human (the rules also read a request to stop)',
  },
  // do not contact: either side suffices
  { name: 'model-only UNSUBSCRIBE becomes primary', input: { rules: rules('INTERESTED', 0.9), model: model('UNSUBSCRIBE', 0.85), redFlag: false }, intent: 'UNSUBSCRIBE', confidence: 0.85, kind: 'do-not-contact', autoReply: false, reason: 'model says UNSUBSCRIBE: do not contact' },
  { name: 'model-only UNSUBSCRIBE counts even when the model is unsure', input: { rules: rules('QUESTION', 0.95), model: model('UNSUBSCRIBE', 0.4), redFlag: false }, intent: 'UNSUBSCRIBE', confidence: 0.4, kind: 'do-not-contact', autoReply: false, reason: 'model says UNSUBSCRIBE: do not contact' },
  { name: 'model-only COMPLAINT becomes primary', input: { rules: rules('OTHER', 0.4), model: model('COMPLAINT', 0.9), redFlag: true }, intent: 'COMPLAINT', confidence: 0.9, kind: 'do-not-contact', autoReply: false, reason: 'model says COMPLAINT: do not contact' },
  { name: 'a model UNSUBSCRIBE on what the rules call a bounce still stops contact', input: { rules: rules('BOUNCE', 0.99), model: model('UNSUBSCRIBE', 0.9), redFlag: false }, intent: 'UNSUBSCRIBE', confidence: 0.9, kind: 'do-not-contact', autoReply: false, reason: 'model says UNSUBSCRIBE: do not contact' },
  { name: 'rules UNSUBSCRIBE stands against a sure INTERESTED model', input: { rules: rules('UNSUBSCRIBE', 0.95), model: model('INTERESTED', 0.99), redFlag: false }, intent: 'UNSUBSCRIBE', confidence: 0.95, kind: 'do-not-contact', autoReply: false, reason: 'rules say UNSUBSCRIBE: do not contact' },
  { name: 'rules COMPLAINT stands', input: { rules: rules('COMPLAINT', 0.99), model: model('QUESTION', 0.9), redFlag: false }, intent: 'COMPLAINT', confidence: 0.99, kind: 'do-not-contact', autoReply: false, reason: 'rules say COMPLAINT: do not contact' },
  { name: 'both say UNSUBSCRIBE: the higher confidence', input: { rules: rules('UNSUBSCRIBE', 0.7), model: model('UNSUBSCRIBE', 0.9), redFlag: false }, intent: 'UNSUBSCRIBE', confidence: 0.9, kind: 'do-not-contact', autoReply: false, reason: 'rules and model say UNSUBSCRIBE: do not contact' },
  { name: 'both stop, differently: the rules intent is primary', input: { rules: rules('COMPLAINT', 0.99), model: model('UNSUBSCRIBE', 0.9), redFlag: false }, intent: 'COMPLAINT', confidence: 0.99, kind: 'do-not-contact', autoReply: false, reason: 'rules say COMPLAINT, model says UNSUBSCRIBE: do not contact' },
  // no model answer
  { name: 'model unavailable: the rules label, a human', input: { rules: rules('INTERESTED', 0.95), model: null, redFlag: false }, intent: 'INTERESTED', confidence: 0.95, kind: 'model-unavailable', autoReply: false, reason: 'model unavailable: rules alone (INTERESTED 0.95) → a human' },
];

describe('decideAgreement', () => {
  it.each(rows)('$name', ({ input, intent, confidence, kind, autoReply, reason }) => {
    const agreement = decideAgreement(input);
    expect(agreement).toMatchObject({ intent, confidence, autoReply });
    expect(agreementRecord(agreement)).toEqual({ kind, autoReply, reason });
  });

  it('uses a threshold passed in instead of the default', () => {
    const input = { rules: rules('OTHER', 0.5), model: model('INTERESTED', 0.7), redFlag: false };
    expect(decideAgreement(input).reason.kind).toBe('disagree');
    expect(decideAgreement({ ...input, threshold: 0.6 }).reason.kind).toBe('widened');
  });
});

describe('decideAgreement: invariants over every pair of intents', () => {
  const confidences = [0, 0.3, 0.5, 0.79, 0.8, 0.95, 1];
  const cases: AgreementInput[] = [];
  for (const r of INTENTS) for (const m of INTENTS) for (const rc of confidences) for (const mc of confidences) for (const redFlag of [false, true]) {
    cases.push({ rules: rules(r, rc), model: model(m, mc), redFlag });
  }

  it(`holds for all ${INTENTS.length ** 2 * confidences.length ** 2 * 2} combinations`, () => {
    for (const input of cases) {
      const out = decideAgreement(input);
      const m = input.model!;
      const context = JSON.stringify(input);
      // DNC when either says stop, and never a reply then.
      if (STOP_INTENTS.includes(input.rules.intent) || STOP_INTENTS.includes(m.intent)) {
        expect(STOP_INTENTS, context).toContain(out.intent);
        expect(out.autoReply, context).toBe(false);
        continue;
      }
      // The rule only lets through the model's own label, on agreement or a sure widening.
      if (out.autoReply) {
        expect(out.intent, context).toBe(m.intent);
        expect(['agree', 'widened'], context).toContain(out.reason.kind);
      }
      // Only rules without a reading (OTHER) are widened into a reply.
      if (out.reason.kind === 'widened') expect(input.rules.intent, context).toBe('OTHER');
      // Under a red flag nothing goes out alone.
      if (input.redFlag) expect(out.autoReply, context).toBe(false);
      // A disagreement is always below the default threshold, so min-confidence trips too.
      if (out.reason.kind === 'disagree') expect(out.confidence, context).toBeLessThan(AGREEMENT_THRESHOLD);
      // Confidence never exceeds what one of the two said.
      expect(out.confidence, context).toBeLessThanOrEqual(Math.max(input.rules.confidence, m.confidence));
      // Machine mail read by the rules is never turned into something else.
      if (['BOUNCE', 'AUTO_REPLY', 'OUT_OF_OFFICE'].includes(input.rules.intent)) expect(out.intent, context).toBe(input.rules.intent);
    }
  });
});
