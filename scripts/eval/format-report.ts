/** Plain-text rendering of an EvalReport for `npm run eval`. */
import type { CorpusSplitFigures, EvalReport, Ratio } from './evaluate.ts';
import type { DevReport } from './evaluate-dev.ts';
import { frozenSplit } from './dev-replies.ts';

const pct = (r: Ratio) => `${(r.rate * 100).toFixed(1)} % (${r.ok}/${r.total})`;

export function formatConfusion(confusion: Map<string, Map<string, number>>): string {
  const cols = [...new Set([...confusion.values()].flatMap((m) => [...m.keys()]))].sort();
  const rows = [...confusion.keys()].sort();
  const w0 = Math.max(12, ...rows.map((r) => r.length)) + 2;
  const ws = cols.map((c) => Math.max(c.length, 4) + 2);
  const line = (first: string, cells: string[]) => first.padEnd(w0) + cells.map((c, i) => c.padStart(ws[i]!)).join('');
  const out = [line('label \\ got', cols)];
  for (const r of rows) out.push(line(r, cols.map((c) => String(confusion.get(r)?.get(c) ?? '.'))));
  return out.join('\n');
}

export function formatReport(report: EvalReport, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  if (!report.corpus) {
    out.push('Corpus: ../shared/corpus not found — corpus figures skipped (fixtures only).');
  } else {
    const c = report.corpus;
    out.push(`Corpus: ${c.outcomes.length} labelled files`, '', formatConfusion(c.confusion), '');
    out.push(
      `Bounce detection (bounce or delay notice):  ${pct(c.bounceDetection)}`,
      `Hard/soft agreement (labels with severity): ${pct(c.hardSoftAgreement)}`,
      `Soft reason agreement (policy/transient):   ${pct(c.softReasonAgreement)}  [informational]`,
      `OOO recall (OUT_OF_OFFICE or AUTO_REPLY):   ${pct(c.oooRecall)}`,
      `OOO strict (OUT_OF_OFFICE only):            ${pct(c.oooStrict)}`,
      `Complaint recall:                           ${pct(c.complaintRecall)}`,
      `Challenge-response → AUTO_REPLY:            ${pct(c.challengeRecall)}`,
      `False bounces: delivered DSN ${c.falseBounces.delivered}, OOO ${c.falseBounces.ooo}, challenge ${c.falseBounces.challenge}, human ${c.falseBounces.human}, other non-bounce ${c.falseBounces.other}`,
      `Human replies not taken for automated mail: ${pct(c.humanNotAutomated)}`,
      `CRLF copies classified like LF originals:   ${pct(c.crlfConsistency)}`,
      '',
    );
    if (opts.verbose) {
      // The held-out split is measured, never read example by example: only training files are listed.
      const heldOut = frozenSplit().corpus;
      out.push('Corpus disagreements (training split only):');
      for (const o of c.outcomes.filter((x) => !heldOut.has(x.file.path))) {
        const e = o.file.expect;
        const bad =
          (e.group === 'bounce' && (!o.predicted.startsWith('BOUNCE') && o.predicted !== 'DELAY_NOTICE' || (e.kind && o.result.facts.bounce?.kind !== e.kind))) ||
          (e.group === 'ooo' && !['OUT_OF_OFFICE', 'AUTO_REPLY'].includes(o.result.intent)) ||
          (e.group === 'complaint' && o.result.intent !== 'COMPLAINT') ||
          (e.group === 'challenge' && o.result.intent !== 'AUTO_REPLY') ||
          (e.group === 'delivered' && o.result.intent === 'BOUNCE') ||
          (e.group === 'human' && ['BOUNCE', 'COMPLAINT', 'OUT_OF_OFFICE', 'AUTO_REPLY'].includes(o.result.intent)) ||
          (e.group === 'not-bounce' && o.result.intent === 'BOUNCE');
        if (bad) out.push(`  ${o.file.path}  [${o.file.label} ${o.file.detail.slice(0, 40)}] → ${o.predicted} ${o.result.facts.bounce?.status ?? ''} ${o.result.facts.bounce?.reason ?? ''}`);
      }
      out.push('');
    }
  }
  const f = report.fixtures;
  out.push(
    `Link-building reply fixtures: ${f.count}`,
    `Intent accuracy:        ${pct(f.intentAccuracy)}`,
    `Price extraction:       ${pct(f.priceExtraction)}`,
    `Placed-link URL:        ${pct(f.linkUrl)}`,
    `Referral address:       ${pct(f.referralEmail)}`,
    `Return date:            ${pct(f.returnDate)}`,
    `Injection detection:    ${pct(f.injection)}; false positives ${f.injectionFalsePositives}`,
    `Mean confidence: right ${f.meanConfidenceRight.toFixed(2)}, wrong ${f.meanConfidenceWrong.toFixed(2)}`,
  );
  if (f.misses.length) {
    out.push('Fixture misses:');
    for (const m of f.misses) out.push(`  ${m.id}: expected ${m.expected}, got ${m.got}${m.detail ? ` — ${m.detail}` : ''}`);
  }
  if (report.corpusSplits) {
    out.push('', 'Real corpus by frozen split (tuned on "train" only):');
    for (const [name, f] of Object.entries(report.corpusSplits) as [string, CorpusSplitFigures][]) {
      out.push(`  ${name.padEnd(8)} ${f.files} files: bounce detection ${pct(f.bounceDetection)}, hard/soft ${pct(f.hardSoftAgreement)}, strict OOO ${pct(f.oooStrict)}, return date found in ${pct(f.oooWithReturnDate)} of OOOs (not every OOO states one), delay notices read as hard ${f.delayNoticesHard}`);
    }
  }
  if (report.dev) {
    out.push('', `Dev replies (../shared/corpus/replies-dev.jsonl), nine languages, default policy, rules only:`);
    for (const [name, d, listMisses] of [['train (tuned on)', report.dev.train, true], ['held out (never tuned on)', report.dev.heldOut, false]] as [string, DevReport, boolean][]) out.push('', formatDev(name, d, (opts.verbose ?? false) && listMisses));
    out.push('', `Trained baseline (char 2–5-gram naive Bayes, train split + fixtures) on the held-out split: ${pct(report.dev.ngramHeldOut)} — rules kept (${pct(report.dev.heldOut.intent)}).`);
    out.push(`Trained linear model (averaged perceptron, char 2–4-grams + words, train split + fixtures + both nine-language tables) on the held-out split: alone ${pct(report.dev.linear.alone)}; as a tie-breaker where the rules say OTHER ${pct(report.dev.linear.tieBreak)} — ${report.dev.linear.tieBreak.ok > report.dev.heldOut.intent.ok ? 'it would help' : 'not used'}.`);
  }
  out.push('', 'Thresholds:');
  for (const c of report.checks) out.push(`  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name} ${(c.value * 100).toFixed(1)} % (min ${(c.min * 100).toFixed(0)} %)`);
  return out.join('\n');
}

/** One split of dev-schema replies: intent, facts, autonomy, per-intent figures, confusion; misses when `verbose`. */
export function formatDev(name: string, d: DevReport, verbose: boolean): string {
  const out = [
    `${name}: ${d.count} replies`,
    `  Intent:            ${pct(d.intent)}`,
    `  Prices:            ${pct(d.prices)}`,
    `  Return date:       ${pct(d.returnDate)}`,
    `  Placed-link URL:   ${pct(d.linkUrl)}`,
    `  Referral address:  ${pct(d.referralEmail)}`,
    `  Injection signs:   ${pct(d.injection)}`,
    `  Answered alone:    ${d.autoReplies}; unsafe autonomous replies: ${d.unsafeAutoReplies.length}${d.unsafeAutoReplies.length ? ` (${d.unsafeAutoReplies.map((o) => `${o.reply.id} ${o.reply.expect.intent}→${o.result.intent}`).join(', ')})` : ''}`,
    `  Unsubscribe/complaint → DO_NOT_CONTACT + REJECTED: ${pct(d.dncRecall)}; DNC on other replies: ${d.dncFalse.length}`,
    '  Per intent (precision / recall / n):',
    ...d.perIntent.map((p) => `    ${p.intent.padEnd(15)} ${(p.precision * 100).toFixed(0).padStart(4)} % ${(p.recall * 100).toFixed(0).padStart(4)} %  ${p.support}`),
    formatConfusion(d.confusion).split('\n').map((l) => `  ${l}`).join('\n'),
  ];
  if (verbose) for (const m of d.misses) out.push(`  ${m.id} ${m.what}: want ${m.want}, got ${m.got}`);
  return out.join('\n');
}
