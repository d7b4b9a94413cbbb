/**
 * Hostile bodies: a megabyte built to make a backtracking pattern explode (runs of spaces, letters,
 * dashes, address characters, unclosed comments and tags, repeated header lines). Every rule and the
 * whole classifier must stay linear, measured against the same input at a quarter of its size
 * (test/support/linear-time.ts; the quadratic patterns these replaced took 10–40 s at 1 MB).
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
import { growth } from '../../support/linear-time.ts';

const MB = 1_000_000;
/** The hostile bodies at `size` characters (about). */
const inputsOf = (size: number): Record<string, string> => ({
  'spaces then a reply': ' '.repeat(size) + 'Sounds great!',
  letters: 'a'.repeat(size),
  'letter space': 'a '.repeat(size / 2),
  dashes: '-'.repeat(size),
  quotes: '> '.repeat(size / 2),
  'open brackets': '<'.repeat(size),
  'unclosed comments': '<!--'.repeat(size / 4),
  'hidden divs': '<div style="display:none">'.repeat(Math.floor(size / 26)),
  'address fragments': 'a@b.'.repeat(size / 4),
  'address characters then @': 'x'.repeat(size) + '@',
  'numbers then a currency': '1 '.repeat(size / 2) + '$',
  'dollar fragments': '$1,'.repeat(Math.floor(size / 3)),
  'quote headers': 'On Mon wrote:\n'.repeat(Math.floor(size / 14)),
  'header lines': 'From: x\n'.repeat(size / 8),
  'url starts': 'http://'.repeat(Math.floor(size / 7)),
  'spaced letters': 'd i s '.repeat(Math.floor(size / 6)),
  dots: '.'.repeat(size),
  negations: 'not '.repeat(size / 4),
  'thanks but no': 'thanks but no '.repeat(Math.floor(size / 14)),
  'negated interest': "n't interested ".repeat(size / 16),
});
const INPUTS = inputsOf(MB);
const QUARTERS = inputsOf(MB / 4);

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
      const quarter = QUARTERS[name]!;
      for (const [rule, fn] of Object.entries(rules)) {
        const g = growth(fn, quarter, text, rule);
        expect(g.ms, g.report).toBeLessThan(g.limit);
      }
      const now = new Date('2026-12-01T00:00:00Z');
      const asText = growth((t) => classifyWithRules({ email: wrapBody({ text: t }), now }), quarter, text, 'classifyWithRules (text)');
      expect(asText.ms, asText.report).toBeLessThan(asText.limit);
      const asHtml = growth((t) => classifyWithRules({ email: wrapBody({ html: t }), now }), quarter, text, 'classifyWithRules (html)');
      expect(asHtml.ms, asHtml.report).toBeLessThan(asHtml.limit);
    });
  }

  it('still reads the reply after a megabyte of spaces', () => {
    const c = classifyWithRules({ email: wrapBody({ text: INPUTS['spaces then a reply']! }), now: new Date('2026-12-01T00:00:00Z') });
    expect(c.intent).toBe('INTERESTED');
  });
});
