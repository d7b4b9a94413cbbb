import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from '../../src/json-depth.ts';
import { findNulPath } from '../../src/nul-character.ts';
import { firstAcceptedInstant, isAcceptedInstant } from '../../src/time-range.ts';

describe('jsonNestsDeeperThan', () => {
  const cases: Array<[string, string, number, boolean]> = [
    ['flat object', '{"a":1,"b":"x"}', 1, false],
    ['two levels against a limit of 1', '{"a":{"b":1}}', 1, true],
    ['exactly at the limit', '[[[]]]', 3, false],
    ['one past the limit', '[[[[]]]]', 3, true],
    ['brackets inside strings do not count', '{"a":"[[[[{{{{"}', 1, false],
    ['escaped quotes keep the string open', '{"a":"\\"[[[[[["}', 1, false],
    ['an escaped backslash ends before the quote', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['siblings do not add up', '[[],[],[],[]]', 2, false],
    ['100 000 deep', '['.repeat(100_000) + ']'.repeat(100_000), 32, true],
  ];
  it.each(cases)('%s', (_name, text, max, deeper) => {
    expect(jsonNestsDeeperThan(text, max)).toBe(deeper);
    expect(jsonNestsDeeperThan(Buffer.from(text), max)).toBe(deeper);
  });
});

describe('findNulPath', () => {
  it('names the first value or key holding U+0000', () => {
    expect(findNulPath({ a: 'ok', b: { c: ['x', 'y\u0000'] } }, ['body'])).toEqual(['body', 'b', 'c', '1']);
    expect(findNulPath({ 'k\u0000': 1 }, ['body'])).toEqual(['body', 'k\\u0000']);
    expect(findNulPath({ a: 'fine', n: 1, z: null }, ['body'])).toBeNull();
  });
});

describe('isAcceptedInstant', () => {
  const cases: Array<[string, boolean]> = [
    ['2026-11-20T10:00:00Z', true],
    ['1990-01-01T00:00:00Z', true],
    ['1989-12-31T23:59:59Z', false],
    ['2099-12-31T23:59:59.999Z', true],
    ['2100-01-01T00:00:00Z', false],
    ['+099999-01-01T00:00:00Z', false],
    ['0000-01-01T00:00:00Z', false],
    ['not a date', false],
  ];
  it.each(cases)('%s → %s', (value, ok) => {
    expect(isAcceptedInstant(value)).toBe(ok);
  });
});

describe('firstAcceptedInstant', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('takes the first date inside the window, else the fallback', () => {
    const far = new Date('+099999-01-01T00:00:00Z');
    const header = new Date('2026-11-30T08:00:00Z');
    expect(firstAcceptedInstant([far, header], now)).toBe(header);
    expect(firstAcceptedInstant([null, undefined, new Date(NaN), new Date('1970-01-01T00:00:00Z')], now)).toBe(now);
    expect(firstAcceptedInstant([header, far], now)).toBe(header);
  });
});
