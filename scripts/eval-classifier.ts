/**
 * `npm run eval`: the rules classifier over ../shared/corpus and test/fixtures/replies. Exits 1 when
 * a threshold is missed. `--verbose` lists every corpus disagreement.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEvaluation } from './eval/evaluate.ts';
import { formatReport } from './eval/format-report.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = await runEvaluation({
  corpusDir: path.resolve(repoRoot, '../shared/corpus'),
  fixturesFile: path.resolve(repoRoot, 'test/fixtures/replies/replies.jsonl'),
});
console.log(formatReport(report, { verbose: process.argv.includes('--verbose') }));
if (report.checks.some((c) => !c.passed)) {
  console.error('\nClassifier evaluation below threshold.');
  process.exit(1);
}
