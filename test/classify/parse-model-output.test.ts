import { describe, expect, it } from 'vitest';
import { parseModelAnswer, parseModelOutput } from '../../src/classify/llm/parse-model-output.ts';
import { validToolInput } from '../fakes/anthropic-server.ts';

const TOOL = 'record_classification';
const toolUse = (input: unknown, name = TOOL) => [{ type: 'tool_use', id: 'toolu_1', name, input }];

describe('parseModelOutput: finding the answer', () => {
  it.each([
    ['no content array', null, 'missing-tool-use'],
    ['only a text block', [{ type: 'text', text: '{"intent": "INTERESTED"' }], 'missing-tool-use'],
    ['a tool_use for another tool', toolUse(validToolInput(), 'other_tool'), 'missing-tool-use'],
    ['input that is a broken JSON string', toolUse('{"intent": "INTER'), 'invalid-json'],
    ['input that is an array', toolUse([1, 2]), 'invalid-json'],
  ])('%s → %s', (_name, content, problem) => {
    const parsed = parseModelOutput(content, TOOL);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toBe(problem);
  });

  it('accepts a well-formed answer, also when the input arrives as a JSON string', () => {
    for (const input of [validToolInput(), JSON.stringify(validToolInput())]) {
      const parsed = parseModelOutput(toolUse(input), TOOL);
      expect(parsed).toMatchObject({ ok: true, answer: { intent: 'INTERESTED', confidence: 0.92 }, dropped: [] });
    }
  });
});

describe('parseModelAnswer: shape', () => {
  it.each([
    ['missing intent', { intent: undefined }, 'intent'],
    ['confidence above 1', { confidence: 1.4 }, 'confidence'],
    ['confidence as text', { confidence: 'high' }, 'confidence'],
    ['offers not an array', { offers: 'USD 300' }, 'offers'],
    ['negative amount', { offers: [{ type: 'GUEST_POST', amount: -5, currency: 'USD' }] }, 'offers.0.amount'],
    ['injectionSuspected missing', { injectionSuspected: undefined }, 'injectionSuspected'],
    ['redFlags missing', { redFlags: undefined }, 'redFlags'],
    ['a red flag without an excerpt', { redFlags: [{ kind: 'legal' }] }, 'redFlags.0.excerpt'],
  ])('%s is a schema problem naming %s', (_name, overrides, path) => {
    const parsed = parseModelAnswer(validToolInput(overrides));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toBe('schema');
      expect(parsed.detail.startsWith(`${path}:`)).toBe(true);
    }
  });
});

describe('parseModelAnswer: allowed values, never a guess', () => {
  it.each(['INTERESTED_MAYBE', 'interested', 'POSITIVE', ''])('an off-enum primary intent %j invalidates the answer', (intent) => {
    const parsed = parseModelAnswer(validToolInput({ intent }));
    expect(parsed).toMatchObject({ ok: false, problem: 'off-enum' });
  });

  it('a red flag of an unknown kind invalidates the answer (a flag is never dropped)', () => {
    const parsed = parseModelAnswer(validToolInput({ redFlags: [{ kind: 'legal', excerpt: 'my lawyer' }, { kind: 'threat', excerpt: 'or else' }] }));
    expect(parsed).toMatchObject({ ok: false, problem: 'off-enum', detail: 'red flag kind "threat" is not an allowed kind' });
  });

  it('keeps red flags of the allowed kinds, excerpts trimmed and cut', () => {
    const parsed = parseModelAnswer(validToolInput({ redFlags: [{ kind: 'erasure', excerpt: '  Löschen Sie meine Daten.  ' }, { kind: 'legal', excerpt: 'x'.repeat(300) }] }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.answer.redFlags).toEqual([
      { kind: 'erasure', excerpt: 'Löschen Sie meine Daten.' },
      { kind: 'legal', excerpt: 'x'.repeat(200) },
    ]);
  });

  it('drops off-enum secondary intents and offers, reporting each', () => {
    const parsed = parseModelAnswer(
      validToolInput({
        secondaryIntents: [
          { intent: 'QUESTION', confidence: 0.4 },
          { intent: 'HAPPY', confidence: 0.9 },
        ],
        offers: [
          { type: 'GUEST_POST', amount: 300, currency: 'usd' },
          { type: 'SPONSORED_TWEET', amount: 50, currency: 'USD' },
          { type: 'LINK_INSERTION', amount: 90, currency: '$' },
        ],
        returnDate: 'next Monday',
      }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.answer.secondaryIntents).toEqual([{ intent: 'QUESTION', confidence: 0.4 }]);
    expect(parsed.answer.offers).toEqual([{ type: 'GUEST_POST', amount: 300, currency: 'USD' }]);
    expect(parsed.answer.returnDate).toBeNull();
    expect(parsed.dropped).toEqual([
      'secondary intent "HAPPY"',
      'offer type "SPONSORED_TWEET"',
      'offer currency "$"',
      'returnDate "next Monday"',
    ]);
  });

  it('keeps a price range, turns empty strings into null and cuts long notes', () => {
    const parsed = parseModelAnswer(
      validToolInput({
        offers: [{ type: 'LINK_INSERTION', amount: 100, maxAmount: 150, currency: 'EUR' }],
        linkUrl: '  ',
        notes: 'n'.repeat(900),
      }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.answer.offers).toEqual([{ type: 'LINK_INSERTION', amount: 100, maxAmount: 150, currency: 'EUR' }]);
    expect(parsed.answer.linkUrl).toBeNull();
    expect(parsed.answer.notes).toHaveLength(500);
  });
});
