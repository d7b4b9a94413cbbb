import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../../src/gates/engine.ts';
import { limitResults, recheckLimits, type LimitCounts } from '../../../src/gates/limits.ts';
import type { Decision, DecisionAction } from '../../../src/gates/types.ts';
import { makeGateInput } from './fixtures.ts';

const policy = { maxAutoRepliesPerDay: 3, maxAutoRepliesPerThread: 2 };
const auto = (): Decision => evaluateGates(makeGateInput({ policy }));

type Case = [name: string, counts: LimitCounts, action: DecisionAction, tripped: string[], reason: RegExp | null];

const cases: Case[] = [
  ['room on both limits keeps the automatic reply', { today: 2, inThread: 1 }, 'AUTO_REPLY', [], null],
  ['the day is full: a human decides', { today: 3, inThread: 0 }, 'WAITING_APPROVAL', ['max-auto-replies-per-day'], /3 automatic replies already sent or on their way in the last 24 hours \(max 3\)/],
  ['the thread is full: a human decides', { today: 0, inThread: 2 }, 'WAITING_APPROVAL', ['max-auto-replies-per-thread'], /2 automatic replies already sent or on their way in this thread \(max 2\)/],
  ['both full: both reasons', { today: 9, inThread: 9 }, 'WAITING_APPROVAL', ['max-auto-replies-per-thread', 'max-auto-replies-per-day'], /max 2/],
];

describe('recheckLimits (the limits under the workspace lock)', () => {
  it.each(cases)('%s', (_name, counts, action, tripped, reason) => {
    const d = recheckLimits(auto(), counts, policy);
    expect(d.action).toBe(action);
    expect(d.gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(tripped);
    if (reason) expect(d.gates.find((g) => !g.passed)!.reason).toMatch(reason);
    // the limit gates are replaced in place, never listed twice
    expect(d.gates.filter((g) => g.gate === 'max-auto-replies-per-day')).toHaveLength(1);
    expect(d.gates.length).toBe(auto().gates.length);
  });

  it('leaves a decision that is not AUTO_REPLY alone', () => {
    const waiting = evaluateGates(makeGateInput({ classification: { intent: 'PRICE_QUOTE' }, policy }));
    expect(recheckLimits(waiting, { today: 99, inThread: 99 }, policy)).toBe(waiting);
  });

  it('a zero limit never lets a reply through', () => {
    expect(limitResults({ today: 0, inThread: 0 }, { maxAutoRepliesPerDay: 0, maxAutoRepliesPerThread: 2 }).map((g) => g.passed)).toEqual([true, false]);
  });
});
