/**
 * The trained classifier the rules were compared with: a multinomial naive Bayes over character
 * 2–5-grams of the new text (quotes stripped), trained on the dev set's training split and our own
 * fixtures, scored on the held-out split. Informational: `npm run eval` prints it beside the rules so
 * the choice ("rules kept") stays checkable.
 */
import { stripQuoted } from '../../src/classify/rules/strip-quoted.ts';
import type { DevReply } from './dev-replies.ts';
import type { ReplyFixture } from './reply-fixtures.ts';

const grams = (text: string): string[] => {
  const s = ` ${stripQuoted(text).text.toLowerCase().replace(/\s+/g, ' ')} `;
  const out: string[] = [];
  for (let n = 2; n <= 5; n++) for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
};

export function ngramBaseline(train: DevReply[], fixtures: ReplyFixture[], heldOut: DevReply[]): { ok: number; total: number; rate: number } {
  const examples = [...train.map((r) => ({ t: r.text, y: r.expect.intent as string })), ...fixtures.map((f) => ({ t: f.text, y: f.expected.intent as string }))];
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const prior = new Map<string, number>();
  const vocab = new Set<string>();
  for (const { t, y } of examples) {
    prior.set(y, (prior.get(y) ?? 0) + 1);
    const m = counts.get(y) ?? new Map<string, number>();
    for (const g of grams(t)) {
      m.set(g, (m.get(g) ?? 0) + 1);
      totals.set(y, (totals.get(y) ?? 0) + 1);
      vocab.add(g);
    }
    counts.set(y, m);
  }
  const predict = (t: string): string => {
    let best = '';
    let bestScore = -Infinity;
    for (const [y, m] of counts) {
      let score = Math.log(prior.get(y)! / examples.length);
      for (const g of grams(t)) score += Math.log(((m.get(g) ?? 0) + 0.1) / (totals.get(y)! + 0.1 * vocab.size));
      if (score > bestScore) [best, bestScore] = [y, score];
    }
    return best;
  };
  const ok = heldOut.filter((r) => predict(r.text) === r.expect.intent).length;
  return { ok, total: heldOut.length, rate: heldOut.length ? ok / heldOut.length : 1 };
}
