/**
 * Hostile bodies: a megabyte built to make a backtracking pattern explode (runs of spaces, letters,
 * dashes, address characters, unclosed comments and tags, repeated header lines). Every rule and the
 * whole classifier must stay linear. The budget is generous (machines are shared); the quadratic
 * patterns these replaced took 10–40 s on the same inputs.
 */
import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { findRedFlags } from '../../../src/classify/rules/red-flags.ts';
import { rankIntents } from '../../../src/classify/rules/intents.ts';
import { extractOffers } from '../../../src/classify/rules/prices.ts';
import { findUrls, otherAddresses } from '../../../src/classify/rules/reply-facts.ts';
import { stripQuoted } from '../../../src/classify/rules/strip-quoted.ts';
import { htmlToText } from '../../../src/classify/rules/html-to-text.ts';
import { findInjectionSigns, withoutInjectedLines } from '../../../src/classify/rules/injection.ts';
import { findSensitive } from '../../../src/classify/rules/sensitive.ts';
import { isAutomatedText } from '../../../src/classify/rules/automated-text.ts';
import { hiddenText, normalizeForDetection } from '../../../src/classify/rules/normalize-text.ts';
import { declineIndex, withoutNegatedInterest } from '../../../src/classify/rules/decline.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { wrapBody } from '../../../scripts/eval/reply-fixtures.ts';

const MB = 1_000_000;
const BUDGET_MS = 1500;
const INPUTS: Record<string, string> = {
  'spaces then a reply': ' '.repeat(MB) + 'Sounds great!',
  letters: 'a'.repeat(MB),
  'letter space': 'a '.repeat(MB / 2),
  dashes: '-'.repeat(MB),
  quotes: '> '.repeat(MB / 2),
  'open brackets': '<'.repeat(MB),
  'unclosed comments': '<!--'.repeat(MB / 4),
  'hidden divs': '<div style="display:none">'.repeat(MB / 26),
  'address fragments': 'a@b.'.repeat(MB / 4),
  'address characters then @': 'x'.repeat(MB) + '@',
  'numbers then a currency': '1 '.repeat(MB / 2) + '$',
  'dollar fragments': '$1,'.repeat(MB / 3),
  'quote headers': 'On Mon wrote:\n'.repeat(MB / 14),
  'header lines': 'From: x\n'.repeat(MB / 8),
  'url starts': 'http://'.repeat(MB / 7),
  'spaced letters': 'd i s '.repeat(MB / 6),
  dots: '.'.repeat(MB),
  negations: 'not '.repeat(MB / 4),
  'thanks but no': 'thanks but no '.repeat(MB / 14),
  'negated interest': "n't interested ".repeat(MB / 16),
};

const timed = (fn: () => unknown): number => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

describe('every rule stays linear on a hostile megabyte', () => {
  const rules: Record<string, (t: string) => unknown> = {
    findRedFlags: (t) => findRedFlags({ newText: t, subject: '', fullText: t, html: t }),
    rankIntents: (t) => rankIntents({ text: t, subject: '', offers: [], addresses: [], hasUrl: false }),
    extractOffers, findUrls, otherAddresses: (t) => otherAddresses(t, []), stripQuoted, htmlToText,
    findInjectionSigns, withoutInjectedLines, findSensitive, isAutomatedText, hiddenText, normalizeForDetection,
    declineIndex: (t) => declineIndex(t.slice(0, 32_000)), withoutNegatedInterest: (t) => withoutNegatedInterest(t.slice(0, 32_000)), detectLanguage,
  };
  for (const [name, text] of Object.entries(INPUTS)) {
    it(name, () => {
      for (const [rule, fn] of Object.entries(rules)) expect(timed(() => fn(text)), rule).toBeLessThan(BUDGET_MS);
      for (const email of [wrapBody({ text }), wrapBody({ html: text })]) {
        expect(timed(() => classifyWithRules({ email, now: new Date('2026-12-01T00:00:00Z') }))).toBeLessThan(BUDGET_MS);
      }
    });
  }

  it('still reads the reply after a megabyte of spaces', () => {
    const c = classifyWithRules({ email: wrapBody({ text: INPUTS['spaces then a reply']! }), now: new Date('2026-12-01T00:00:00Z') });
    expect(c.intent).toBe('INTERESTED');
  });
});
