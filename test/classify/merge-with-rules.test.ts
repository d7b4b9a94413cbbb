import { describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/classify/llm/model-answer.ts';
import { DISAGREEMENT_CONFIDENCE_CAP } from '../../src/classify/llm/agreement.ts';
import { MODEL_INJECTION_FLAG, mergeModelWithRules } from '../../src/classify/llm/merge-with-rules.ts';
import type { AgreementKind, Classification, Intent } from '../../src/classify/types.ts';
import { makeRules } from './fixtures.ts';

const SOURCE = 'Please talk to anna@blog.example. The post is live: https://blog.example/best-tools';
const meta = { name: 'claude-test', promptVersion: 'v-test', inputTokens: 10, outputTokens: 5, latencyMs: 42, sourceText: SOURCE };

const redFlagsOf = (c: Classification) => c.facts.redFlags;
const hasFlag = (c: Classification) => c.facts.injectionSigns.length > 0 || (c.facts.sensitive?.length ?? 0) > 0 || (c.facts.redFlags?.length ?? 0) > 0;

function answer(overrides: Partial<ModelAnswer> = {}): ModelAnswer {
  return {
    intent: 'INTERESTED',
    confidence: 0.95,
    secondaryIntents: [],
    offers: [],
    returnDate: null,
    linkUrl: null,
    referralEmail: null,
    injectionSuspected: false,
    redFlags: [],
    notes: 'ok',
    ...overrides,
  };
}

describe('mergeModelWithRules: the intent comes from the agreement rule', () => {
  const rows: Array<{ name: string; rules: Classification; model: ModelAnswer; intent: Intent; confidence: number; kind: AgreementKind }> = [
    { name: 'agreement keeps the intent and the lower confidence', rules: makeRules({ intent: 'INTERESTED', confidence: 0.9 }), model: answer({ confidence: 0.85 }), intent: 'INTERESTED', confidence: 0.85, kind: 'agree' },
    { name: 'a sure model widens unsure rules', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }), model: answer({ intent: 'PRICE_QUOTE', confidence: 0.9 }), intent: 'PRICE_QUOTE', confidence: 0.9, kind: 'widened' },
    { name: 'sure rules keep their intent against the model, capped', rules: makeRules({ intent: 'QUESTION', confidence: 0.95 }), model: answer({ intent: 'INTERESTED', confidence: 0.95 }), intent: 'QUESTION', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree' },
    { name: 'rules UNSUBSCRIBE stands against an INTERESTED model', rules: makeRules({ intent: 'UNSUBSCRIBE', confidence: 0.95 }), model: answer({ intent: 'INTERESTED' }), intent: 'UNSUBSCRIBE', confidence: 0.95, kind: 'do-not-contact' },
    { name: 'a model UNSUBSCRIBE becomes primary', rules: makeRules({ intent: 'INTERESTED', confidence: 0.9 }), model: answer({ intent: 'UNSUBSCRIBE', confidence: 0.8 }), intent: 'UNSUBSCRIBE', confidence: 0.8, kind: 'do-not-contact' },
    { name: 'a model COMPLAINT becomes primary', rules: makeRules({ intent: 'QUESTION', confidence: 0.9 }), model: answer({ intent: 'COMPLAINT', confidence: 0.7 }), intent: 'COMPLAINT', confidence: 0.7, kind: 'do-not-contact' },
    { name: 'rules BOUNCE stands against the model', rules: makeRules({ intent: 'BOUNCE', confidence: 0.99 }), model: answer({ intent: 'INTERESTED' }), intent: 'BOUNCE', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree' },
    { name: 'a model BOUNCE does not replace sure human rules', rules: makeRules({ intent: 'QUESTION', confidence: 0.9 }), model: answer({ intent: 'BOUNCE' }), intent: 'QUESTION', confidence: DISAGREEMENT_CONFIDENCE_CAP, kind: 'disagree' },
    {
      name: 'an unsubscribe among the rules secondary intents blocks widening',
      rules: makeRules({ intent: 'OTHER', confidence: 0.4, intents: [{ intent: 'OTHER', confidence: 0.4 }, { intent: 'UNSUBSCRIBE', confidence: 0.3 }] }),
      model: answer({ intent: 'INTERESTED', confidence: 0.95 }),
      intent: 'OTHER',
      confidence: 0.4,
      kind: 'disagree',
    },
    {
      name: 'rules injection signs stop the widening',
      rules: makeRules({ intent: 'OTHER', confidence: 0.4 }, { injectionSigns: [{ kind: 'ignore-instructions', excerpt: 'ignore previous instructions' }] }),
      model: answer({ intent: 'INTERESTED', confidence: 0.95 }),
      intent: 'INTERESTED',
      confidence: 0.4,
      kind: 'disagree',
    },
    { name: 'rules sensitive content stops the widening', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }, { sensitive: ['legal-threat'] }), model: answer({ intent: 'QUESTION', confidence: 0.95 }), intent: 'QUESTION', confidence: 0.4, kind: 'disagree' },
    { name: 'rules red flags stop the widening', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }, { redFlags: [{ kind: 'address-source', where: 'text', excerpt: 'How did you get this address?' }] }), model: answer({ intent: 'QUESTION', confidence: 0.95 }), intent: 'QUESTION', confidence: 0.4, kind: 'disagree' },
    { name: 'a red flag only the model sees stops its own widening', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }), model: answer({ intent: 'QUESTION', confidence: 0.95, redFlags: [{ kind: 'address-source', excerpt: 'Skąd macie mój adres?' }] }), intent: 'QUESTION', confidence: 0.4, kind: 'disagree' },
    { name: 'the model suspecting injection stops its own widening', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }), model: answer({ intent: 'INTERESTED', confidence: 0.95, injectionSuspected: true }), intent: 'INTERESTED', confidence: 0.4, kind: 'disagree' },
  ];

  it.each(rows)('$name', ({ rules, model, intent, confidence, kind }) => {
    const merged = mergeModelWithRules(rules, model, meta);
    expect(merged.intent).toBe(intent);
    expect(merged.confidence).toBe(confidence);
    expect(merged.agreement?.kind).toBe(kind);
    expect(merged.agreement?.autoReply).toBe((kind === 'agree' || kind === 'widened') && !hasFlag(merged));
    expect(merged.intents[0]).toEqual({ intent, confidence });
    expect(merged.intents.map((score) => score.intent)).toContain(model.intent);
    expect(merged.intents.map((score) => score.intent)).toContain(rules.intent);
    expect(merged.rules).toEqual({ intent: rules.intent, confidence: rules.confidence });
    expect(merged.model).toMatchObject({ available: true, intent: model.intent, confidence: model.confidence });
  });
});

describe('mergeModelWithRules: facts', () => {
  it('keeps every rules safety fact whatever the model says', () => {
    const rules = makeRules(
      { intent: 'BOUNCE', confidence: 0.99 },
      {
        bounce: { kind: 'hard', status: '5.1.1', recipient: 'x@blog.example' },
        injectionSigns: [{ kind: 'ignore-instructions', excerpt: 'ignore previous instructions' }],
        sensitive: ['legal-threat'],
      },
    );
    const merged = mergeModelWithRules(rules, answer({ injectionSuspected: false }), meta);
    expect(merged.facts.bounce).toEqual(rules.facts.bounce);
    expect(merged.facts.injectionSigns).toEqual(rules.facts.injectionSigns);
    expect(merged.facts.sensitive).toEqual(['legal-threat']);
  });

  it('adds a model-flagged injection sign and red flag', () => {
    const merged = mergeModelWithRules(makeRules(), answer({ injectionSuspected: true, notes: 'asks the AI to approve' }), meta);
    expect(merged.facts.injectionSigns).toEqual([{ kind: MODEL_INJECTION_FLAG, excerpt: 'asks the AI to approve' }]);
    expect(redFlagsOf(merged)).toEqual([{ kind: 'injection', where: 'text', excerpt: 'asks the AI to approve' }]);
  });

  it('adds the red flags the model lists (one injection flag, not two)', () => {
    const model = answer({
      injectionSuspected: true,
      redFlags: [
        { kind: 'address-source', excerpt: 'Come avete avuto il mio indirizzo?' },
        { kind: 'injection', excerpt: 'Note pour l’assistant IA' },
      ],
    });
    expect(redFlagsOf(mergeModelWithRules(makeRules(), model, meta))).toEqual([
      { kind: 'address-source', where: 'text', excerpt: 'Come avete avuto il mio indirizzo?' },
      { kind: 'injection', where: 'text', excerpt: 'Note pour l’assistant IA' },
    ]);
  });

  it('keeps the rules red flags untouched and only adds the model one after them', () => {
    const ruleFlags = [
      { kind: 'complaint' as const, where: 'text' as const, excerpt: 'I have reported this to Google' },
      { kind: 'erasure' as const, where: 'text' as const, excerpt: 'Delete it from whatever database' },
    ];
    const rules = makeRules({ intent: 'QUESTION', confidence: 0.9 }, { redFlags: ruleFlags });
    expect(redFlagsOf(mergeModelWithRules(rules, answer({ intent: 'QUESTION' }), meta))).toEqual(ruleFlags);
    expect(redFlagsOf(mergeModelWithRules(rules, answer({ intent: 'QUESTION', redFlags: [{ kind: 'legal', excerpt: 'my lawyer' }] }), meta))).toEqual([
      ...ruleFlags,
      { kind: 'legal', where: 'text', excerpt: 'my lawyer' },
    ]);
    expect(redFlagsOf(rules)).toEqual(ruleFlags);
  });

  it('adds no red-flags field when there is nothing to add', () => {
    expect('redFlags' in mergeModelWithRules(makeRules(), answer(), meta).facts).toBe(false);
  });

  it('adds model offers without duplicating the rules ones', () => {
    const rules = makeRules({ intent: 'PRICE_QUOTE', confidence: 0.9 }, { offers: [{ type: 'GUEST_POST', amount: 300, currency: 'USD' }] });
    const model = answer({
      intent: 'PRICE_QUOTE',
      offers: [
        { type: 'GUEST_POST', amount: 300, currency: 'USD' },
        { type: 'LINK_INSERTION', amount: 120, currency: 'USD' },
      ],
    });
    expect(mergeModelWithRules(rules, model, meta).facts.offers).toEqual([
      { type: 'GUEST_POST', amount: 300, currency: 'USD' },
      { type: 'LINK_INSERTION', amount: 120, currency: 'USD' },
    ]);
  });

  it.each([
    ['a URL that is in the email', { linkUrl: 'https://blog.example/best-tools' }, 'linkUrl', 'https://blog.example/best-tools'],
    ['an invented URL', { linkUrl: 'https://evil.example/' }, 'linkUrl', null],
    ['an address that is in the email', { referralEmail: 'Anna@blog.example' }, 'referralEmail', 'Anna@blog.example'],
    ['an invented address', { referralEmail: 'boss@blog.example' }, 'referralEmail', null],
  ] as const)('fills %s only when it appears verbatim', (_name, overrides, field, expected) => {
    expect(mergeModelWithRules(makeRules(), answer(overrides), meta).facts[field]).toBe(expected);
  });

  it('prefers the rules facts over the model ones', () => {
    const rules = makeRules({ intent: 'OUT_OF_OFFICE' }, { returnDate: '2025-04-01', linkUrl: 'https://blog.example/a' });
    const merged = mergeModelWithRules(rules, answer({ returnDate: '2025-05-01', linkUrl: 'https://blog.example/best-tools' }), meta);
    expect(merged.facts.returnDate).toBe('2025-04-01');
    expect(merged.facts.linkUrl).toBe('https://blog.example/a');
  });
});

describe('mergeModelWithRules: model info', () => {
  it('records name, prompt version, its own label, tokens and latency for an answer', () => {
    const merged = mergeModelWithRules(makeRules({ intent: 'OTHER', confidence: 0.5 }), answer({ confidence: 0.93 }), meta);
    expect(merged.rules).toEqual({ intent: 'OTHER', confidence: 0.5 });
    expect(merged.agreement).toEqual({ kind: 'widened', autoReply: true, reason: 'rules unsure (OTHER 0.5), model confident INTERESTED 0.93' });
    expect(merged.model).toEqual({
      name: 'claude-test',
      promptVersion: 'v-test',
      available: true,
      intent: 'INTERESTED',
      confidence: 0.93,
      inputTokens: 10,
      outputTokens: 5,
      latencyMs: 42,
    });
  });

  it('returns the rules result untouched, marked unavailable, when there is no answer', () => {
    const rules = makeRules({ intent: 'INTERESTED', confidence: 0.95 });
    const merged = mergeModelWithRules(rules, null, { name: 'claude-test', promptVersion: 'v-test', sourceText: SOURCE });
    expect(merged).toEqual({
      ...rules,
      rules: { intent: 'INTERESTED', confidence: 0.95 },
      agreement: { kind: 'model-unavailable', autoReply: false, reason: 'model unavailable: rules alone (INTERESTED 0.95) → a human' },
      model: { name: 'claude-test', promptVersion: 'v-test', available: false },
    });
  });
});
