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
  if (!report.corpusPresent) console.warn('corpus thresholds skipped: ../shared/corpus not found');

  it.each(report.checks.map((c) => [c.name, c] as const))('%s', (name, c) => {
    expect(c.value, `${name} ${(c.value * 100).toFixed(1)} %`).toBeGreaterThanOrEqual(THRESHOLDS[name]);
  });

  it.skipIf(!report.corpus)('never takes a delivered DSN, an out-of-office or a human reply for a bounce', () => {
    const fb = report.corpus!.falseBounces;
    expect([fb.delivered, fb.ooo, fb.human]).toEqual([0, 0, 0]);
  });
});
