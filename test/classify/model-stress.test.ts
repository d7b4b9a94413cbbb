/**
 * The agreement rule over the 240 dev replies with simulated models (scripts/eval/model-stress.ts):
 * the real rules, the real merge and the real gates; only the model's answers are made up. A model
 * that is right must make things safer; a model that is down must stop every reply; a model that is
 * confidently wrong may only do harm where the rules had no reading at all (OTHER, no red flag) or
 * where the rules alone would have answered anyway — never against a specific reading or a red flag.
 * (An injection the rules' detector misses is such a case: the figures are in docs/classifier.md.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MODELS, stress } from '../../scripts/eval/model-stress.ts';
import { readDevReplies } from '../../scripts/eval/dev-replies.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const replies = readDevReplies(path.resolve(repoRoot, '../shared/corpus'));
if (!replies && process.env['CI'] === 'true') throw new Error('../shared/corpus/replies-dev.jsonl is missing (CI=true)');

describe.skipIf(!replies)('the agreement rule on the dev replies, with simulated models', () => {
  const rows = replies ?? [];
  const run = (name: keyof typeof SIMULATED_MODELS) => stress(rows, name, SIMULATED_MODELS[name]!, 'all');
  const rulesOnly = run('rules only (no model configured)');

  it('a model that is down stops every automatic reply', () => {
    expect(run('model down').autoReplies).toBe(0);
  });

  it('a right model: no unsafe reply, every unsubscribe and complaint → DNC + REJECTED, at least the rules\' DNC recall', () => {
    const oracle = run('oracle (the gold label, 0.95, flags what must not be answered)');
    expect(oracle.unsafe).toEqual([]);
    const [caught, stops] = oracle.dncRecall.split('/').map(Number);
    expect(caught).toBe(stops);
    expect(Number(rulesOnly.dncRecall.split('/')[0])).toBeLessThanOrEqual(caught!);
  });

  it('a model that always declines never sends anything', () => {
    expect(run('always NOT_INTERESTED 0.99').autoReplies).toBe(0);
  });

  it.each(['always INTERESTED 0.99, no flags', 'always QUESTION 0.99, no flags'] as const)(
    'a confidently wrong model (%s) does harm only where the rules had no reading or answered anyway',
    (name) => {
      for (const u of run(name).unsafe) {
        expect(u.rules.intent === 'OTHER' || u.rulesAloneAutoReply, JSON.stringify(u)).toBe(true);
        expect(u.rulesFlagged, JSON.stringify(u)).toBe(false);
      }
    },
  );
});
