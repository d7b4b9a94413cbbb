/** Supervised mode (`autoReplyIntents: []`): for every intent, nothing is answered without a human. */
import { describe, expect, it } from 'vitest';
import { INTENTS } from '../../../src/classify/types.ts';
import { evaluateGates } from '../../../src/gates/engine.ts';
import { NO_REPLY_INTENTS } from '../../../src/gates/no-reply-intents.ts';
import { DEFAULT_POLICY } from '../../../src/gates/policy.ts';
import { isSupervised, withSupervisedMode } from '../../../src/gates/supervised-mode.ts';
import { makeGateInput } from './fixtures.ts';

const supervised = withSupervisedMode({ ...DEFAULT_POLICY, minConfidence: 0.5, maxPriceGuestPost: 500 }, true);

describe('supervised mode', () => {
  it('changes only autoReplyIntents, and off restores the default intents', () => {
    expect(supervised).toEqual({ ...DEFAULT_POLICY, minConfidence: 0.5, maxPriceGuestPost: 500, autoReplyIntents: [] });
    expect(isSupervised(supervised)).toBe(true);
    const off = withSupervisedMode(supervised, false);
    expect(off).toEqual({ ...DEFAULT_POLICY, minConfidence: 0.5, maxPriceGuestPost: 500 });
    expect(isSupervised(off)).toBe(false);
    expect(isSupervised(DEFAULT_POLICY)).toBe(false);
  });

  // each intent at full confidence on an otherwise clean message that passes every other gate
  it.each(INTENTS.map((intent) => [intent, NO_REPLY_INTENTS.includes(intent) ? 'NO_REPLY' : 'WAITING_APPROVAL'] as const))(
    '%s → %s',
    (intent, action) => {
      const input = makeGateInput({ classification: { intent, confidence: 1 }, policy: supervised });
      const decision = evaluateGates(input);
      expect(decision.action).toBe(action);
      expect(decision.gates.find((g) => g.gate === 'intent-allowed')).toMatchObject({ passed: false, reason: `${intent} is not in autoReplyIntents (none)` });
      // the same message under the default policy: INTERESTED and QUESTION would have gone out
      if (intent === 'INTERESTED' || intent === 'QUESTION') expect(evaluateGates(makeGateInput({ classification: { intent, confidence: 1 } })).action).toBe('AUTO_REPLY');
    },
  );
});
