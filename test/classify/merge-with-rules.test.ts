import { describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/classify/llm/model-answer.ts';
import { DISAGREEMENT_CONFIDENCE_CAP, mergeModelWithRules } from '../../src/classify/llm/merge-with-rules.ts';
import type { Classification, Intent } from '../../src/classify/types.ts';
import { makeRules } from './fixtures.ts';

const SOURCE = 'Please talk to anna@blog.example. The post is live: https://blog.example/best-tools';
const meta = { name: 'claude-test', promptVersion: 'v-test', inputTokens: 10, outputTokens: 5, latencyMs: 42, sourceText: SOURCE };

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
    notes: 'ok',
    ...overrides,
  };
}

describe('mergeModelWithRules: who decides the intent', () => {
  const rows: Array<{ name: string; rules: Classification; model: ModelAnswer; intent: Intent; maxConfidence: number }> = [
    { name: 'agreement keeps the intent and the lower confidence', rules: makeRules({ intent: 'INTERESTED', confidence: 0.9 }), model: answer({ confidence: 0.85 }), intent: 'INTERESTED', maxConfidence: 0.85 },
    { name: 'agreement never raises the rules confidence', rules: makeRules({ intent: 'QUESTION', confidence: 0.6 }), model: answer({ intent: 'QUESTION', confidence: 0.99 }), intent: 'QUESTION', maxConfidence: 0.6 },
    { name: 'model refines among human intents, with a capped confidence', rules: makeRules({ intent: 'OTHER', confidence: 0.4 }), model: answer({ intent: 'PRICE_QUOTE' }), intent: 'PRICE_QUOTE', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'refinement from a confident rules result is still capped', rules: makeRules({ intent: 'QUESTION', confidence: 0.95 }), model: answer({ intent: 'INTERESTED', confidence: 0.95 }), intent: 'INTERESTED', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'rules UNSUBSCRIBE stands against an INTERESTED model', rules: makeRules({ intent: 'UNSUBSCRIBE', confidence: 0.95 }), model: answer({ intent: 'INTERESTED' }), intent: 'UNSUBSCRIBE', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'rules COMPLAINT stands', rules: makeRules({ intent: 'COMPLAINT', confidence: 0.99 }), model: answer({ intent: 'QUESTION' }), intent: 'COMPLAINT', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'rules BOUNCE stands', rules: makeRules({ intent: 'BOUNCE', confidence: 0.99 }), model: answer({ intent: 'INTERESTED' }), intent: 'BOUNCE', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'rules AUTO_REPLY stands', rules: makeRules({ intent: 'AUTO_REPLY', confidence: 0.9 }), model: answer({ intent: 'QUESTION' }), intent: 'AUTO_REPLY', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'rules OUT_OF_OFFICE stands', rules: makeRules({ intent: 'OUT_OF_OFFICE', confidence: 0.9 }), model: answer({ intent: 'INTERESTED' }), intent: 'OUT_OF_OFFICE', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    {
      name: 'an unsubscribe among the rules secondary intents blocks refinement',
      rules: makeRules({ intent: 'NOT_INTERESTED', confidence: 0.7, intents: [{ intent: 'NOT_INTERESTED', confidence: 0.7 }, { intent: 'UNSUBSCRIBE', confidence: 0.6 }] }),
      model: answer({ intent: 'INTERESTED' }),
      intent: 'NOT_INTERESTED',
      maxConfidence: DISAGREEMENT_CONFIDENCE_CAP,
    },
    { name: 'a model UNSUBSCRIBE does not replace a human intent, but escalates', rules: makeRules({ intent: 'INTERESTED', confidence: 0.9 }), model: answer({ intent: 'UNSUBSCRIBE' }), intent: 'INTERESTED', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
    { name: 'a model BOUNCE does not replace a human intent, but escalates', rules: makeRules({ intent: 'QUESTION', confidence: 0.9 }), model: answer({ intent: 'BOUNCE' }), intent: 'QUESTION', maxConfidence: DISAGREEMENT_CONFIDENCE_CAP },
  ];

  it.each(rows)('$name', ({ rules, model, intent, maxConfidence }) => {
    const merged = mergeModelWithRules(rules, model, meta);
    expect(merged.intent).toBe(intent);
    expect(merged.confidence).toBeLessThanOrEqual(maxConfidence);
    expect(merged.confidence).toBeLessThanOrEqual(rules.confidence);
    expect(merged.intents[0]).toEqual({ intent, confidence: merged.confidence });
    expect(merged.intents.map((score) => score.intent)).toContain(model.intent);
    if (model.intent !== rules.intent) expect(merged.confidence).toBeLessThan(0.8);
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

  it('adds a model-flagged injection sign', () => {
    const merged = mergeModelWithRules(makeRules(), answer({ injectionSuspected: true, notes: 'asks the AI to approve' }), meta);
    expect(merged.facts.injectionSigns).toEqual([{ kind: 'model-flagged', excerpt: 'asks the AI to approve' }]);
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
  it('records name, prompt version, tokens and latency for an answer', () => {
    expect(mergeModelWithRules(makeRules(), answer(), meta).model).toEqual({
      name: 'claude-test',
      promptVersion: 'v-test',
      available: true,
      inputTokens: 10,
      outputTokens: 5,
      latencyMs: 42,
    });
  });

  it('returns the rules result untouched, marked unavailable, when there is no answer', () => {
    const rules = makeRules({ intent: 'INTERESTED', confidence: 0.95 });
    const merged = mergeModelWithRules(rules, null, { name: 'claude-test', promptVersion: 'v-test', sourceText: SOURCE });
    expect(merged).toEqual({ ...rules, model: { name: 'claude-test', promptVersion: 'v-test', available: false } });
  });
});
