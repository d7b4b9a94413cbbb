import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { runEvaluation, THRESHOLDS } from '../../../scripts/eval/evaluate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('classifier evaluation (same thresholds as npm run eval)', async () => {
  const report = await runEvaluation({
    corpusDir: path.resolve(repoRoot, '../shared/corpus'),
    fixturesFile: path.resolve(repoRoot, 'test/fixtures/replies/replies.jsonl'),
  });
  // Under CI=true a missing corpus is the failing `corpusPresent` check below, never a skip.
  if (!report.corpusPresent) console.warn('corpus thresholds skipped: ../shared/corpus not found');

  it.each(report.checks.map((c) => [c.name, c] as const))('%s', (name, c) => {
    expect(c.value, `${name} ${(c.value * 100).toFixed(1)} %`).toBeGreaterThanOrEqual(THRESHOLDS[name]);
  });

  it.skipIf(!report.dev)('answers nothing alone that is not a genuine INTERESTED/QUESTION, on both splits', () => {
    expect(report.dev!.train.unsafeAutoReplies.map((o) => o.reply.id)).toEqual([]);
    expect(report.dev!.heldOut.unsafeAutoReplies.map((o) => o.reply.id)).toEqual([]);
  });

  it.skipIf(!report.corpus)('never takes a delivered DSN, an out-of-office or a human reply for a bounce', () => {
    const fb = report.corpus!.falseBounces;
    expect([fb.delivered, fb.ooo, fb.human]).toEqual([0, 0, 0]);
  });
});
