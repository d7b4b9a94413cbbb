import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../../src/gates/engine.ts';
import { countsOf, limitResults, recheckLimits, refreshLimits, tallyReserved, type LimitCounts } from '../../../src/gates/limits.ts';
import type { AutoReplyTally } from '../../../src/gates/db/auto-reply-reservations.ts';
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

describe('refreshLimits (every decision shows the counts it was written with)', () => {
  const limitGates = (d: Decision) => d.gates.filter((g) => g.gate.startsWith('max-auto-replies')).map((g) => [g.passed, g.reason]);

  it('an AUTO_REPLY is rechecked as by recheckLimits', () => {
    expect(refreshLimits(auto(), { today: 3, inThread: 0 }, policy)).toEqual(recheckLimits(auto(), { today: 3, inThread: 0 }, policy));
  });

  it('a reply already waiting for a human shows the fresh counts, and a limit reached since, without changing its action', () => {
    const waiting = evaluateGates(makeGateInput({ classification: { intent: 'PRICE_QUOTE' }, policy }));
    const d = refreshLimits(waiting, { today: 3, inThread: 1 }, policy);
    expect(d.action).toBe('WAITING_APPROVAL');
    expect(limitGates(d)).toEqual([[true, expect.stringMatching(/1 of 2/)], [false, expect.stringMatching(/max 3/)]]);
  });

  it('keeps a decision whose tripped limit would now pass (a place given back since): never waiting for a reason that is gone', () => {
    const full = recheckLimits(auto(), { today: 3, inThread: 0 }, policy);
    expect(refreshLimits(full, { today: 1, inThread: 0 }, policy)).toBe(full);
  });
});

describe('countsOf / tallyReserved (a batch counts the places its earlier replies took)', () => {
  const tally = (): AutoReplyTally => ({
    now: new Date('2026-11-25T12:00:00Z'), workspaceIds: new Set(['ws']), relationshipIds: new Set(['r1', 'r2']),
    today: new Map([['ws', 2]]), inThread: new Map([['r1', 1]]),
    // m0 holds a live place from an hour ago: it never counts against itself
    own: new Map([['m0', { workspaceId: 'ws', relationshipId: 'r1', reservedAt: new Date('2026-11-25T11:00:00Z') }]]),
  });

  it('leaves the message itself out, and counts a place taken earlier in the batch', () => {
    const t = tally();
    expect(countsOf(t, { inboundId: 'm0', workspaceId: 'ws', relationshipId: 'r1' })).toEqual({ today: 1, inThread: 0 });
    expect(countsOf(t, { inboundId: 'm1', workspaceId: 'ws', relationshipId: 'r2' })).toEqual({ today: 2, inThread: 0 });
    tallyReserved(t, { inboundId: 'm1', workspaceId: 'ws', relationshipId: 'r2' }, t.now);
    expect(countsOf(t, { inboundId: 'm2', workspaceId: 'ws', relationshipId: 'r2' })).toEqual({ today: 3, inThread: 1 });
    // a message that already held its place takes no second one
    tallyReserved(t, { inboundId: 'm0', workspaceId: 'ws', relationshipId: 'r1' }, t.now);
    expect(countsOf(t, { inboundId: 'm2', workspaceId: 'ws', relationshipId: 'r2' })).toEqual({ today: 3, inThread: 1 });
  });

  it('refuses a message whose counts were not read (a missing count is not zero)', () => {
    expect(() => countsOf(tally(), { inboundId: 'm1', workspaceId: 'other', relationshipId: 'r1' })).toThrow(/not read/);
  });
});
