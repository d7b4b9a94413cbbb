/**
 * `npm run eval`: the rules classifier over ../shared/corpus and test/fixtures/replies. Exits 1 when
 * a threshold is missed. `--verbose` lists every corpus disagreement.
 * `--replies <file.jsonl>` measures only that file of dev-schema replies, as one split named after it
 * (e.g. the blind set: `--replies test/fixtures/replies-blind/replies-blind.jsonl`); exits 1 when a
 * target for unseen replies is missed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEvaluation } from './eval/evaluate.ts';
import { formatReport } from './eval/format-report.ts';
import { evaluateRepliesFile, formatRepliesFileReport } from './eval/replies-file.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const repliesAt = process.argv.indexOf('--replies');
if (repliesAt !== -1) {
  const file = process.argv[repliesAt + 1];
  if (!file || file.startsWith('--')) {
    console.error('--replies needs a file: --replies path/to/replies.jsonl');
    process.exit(2);
  }
  const result = evaluateRepliesFile(path.resolve(file));
  console.log(formatRepliesFileReport(result, { verbose }));
  if (result.checks.some((c) => !c.passed)) {
    console.error('\nBelow the targets for unseen replies.');
    process.exit(1);
  }
} else {
  const report = await runEvaluation({
    corpusDir: path.resolve(repoRoot, '../shared/corpus'),
    fixturesFile: path.resolve(repoRoot, 'test/fixtures/replies/replies.jsonl'),
  });
  console.log(formatReport(report, { verbose }));
  if (report.checks.some((c) => !c.passed)) {
    console.error('\nClassifier evaluation below threshold.');
    process.exit(1);
  }
}
