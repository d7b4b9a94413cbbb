/**
 * `--replies <file.jsonl>`: any file of replies in the dev schema (for example the blind set,
 * test/fixtures/replies-blind/replies-blind.jsonl) measured as one split, through the same code as the
 * dev corpus (evaluate-dev.ts), against the targets for replies nobody tuned on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRepliesFile } from './dev-replies.ts';
import { evaluateDev, type DevReport } from './evaluate-dev.ts';
import { formatDev } from './format-report.ts';

/** Issue 9's bar on "an independent held-out set of replies you will not see". */
export const UNSEEN_TARGETS = {
  intent: 0.85,
  prices: 0.95,
  returnDate: 0.9,
  linkUrl: 0.9,
  referralEmail: 0.9,
  dncRecall: 1,
  noUnsafeAutoReply: 1,
} as const;

export interface RepliesFileReport {
  file: string;
  split: string;
  report: DevReport;
  checks: { name: keyof typeof UNSEEN_TARGETS; value: number; min: number; passed: boolean }[];
}

/** The split is named after the file ("replies-blind.jsonl" → "blind"). */
export function splitName(file: string): string {
  return path.basename(file).replace(/\.jsonl$/i, '').replace(/^replies-/, '') || 'replies';
}

export function evaluateRepliesFile(file: string): RepliesFileReport {
  if (!existsSync(file)) throw new Error(`--replies: ${file} not found`);
  const report = evaluateDev(readRepliesFile(file));
  const values: Record<keyof typeof UNSEEN_TARGETS, number> = {
    intent: report.intent.rate,
    prices: report.prices.rate,
    returnDate: report.returnDate.rate,
    linkUrl: report.linkUrl.rate,
    referralEmail: report.referralEmail.rate,
    dncRecall: report.dncRecall.rate,
    noUnsafeAutoReply: report.unsafeAutoReplies.length === 0 ? 1 : 0,
  };
  const checks = (Object.keys(UNSEEN_TARGETS) as (keyof typeof UNSEEN_TARGETS)[]).map((name) => ({
    name,
    value: values[name],
    min: UNSEEN_TARGETS[name],
    passed: values[name] >= UNSEEN_TARGETS[name],
  }));
  return { file, split: splitName(file), report, checks };
}

export function formatRepliesFileReport(r: RepliesFileReport, opts: { verbose?: boolean } = {}): string {
  const out = [
    `Replies file ${r.file}, default policy, rules only:`,
    '',
    formatDev(r.split, r.report, opts.verbose ?? false),
    '',
    'Targets for unseen replies (issue 9):',
    ...r.checks.map((c) => `  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name} ${(c.value * 100).toFixed(1)} % (min ${(c.min * 100).toFixed(0)} %)`),
  ];
  return out.join('\n');
}
