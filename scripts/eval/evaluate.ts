/**
 * The classifier evaluation: the shared corpus (bounces, complaints, auto-replies, human replies,
 * MIME oddities) and our labelled link-building replies. Returns figures and threshold checks; the
 * CLI prints them and the vitest suite asserts the same thresholds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEmail } from '../../src/ingest/parse/parse-email.ts';
import { classifyWithRules } from '../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../src/classify/rules/language.ts';
import type { Classification, Offer } from '../../src/classify/types.ts';
import { readLabels, type LabelledFile } from './corpus-labels.ts';
import { readFixtures, wrapBody, FIXTURE_NOW, OUR_ADDRESSES, type ReplyFixture } from './reply-fixtures.ts';
import { frozenSplit, isHeldOutReply, readDevReplies } from './dev-replies.ts';
import { classifyDevReply, evaluateDev, type DevReport } from './evaluate-dev.ts';
import { ngramBaseline } from './ngram-baseline.ts';
import { linearFigures, type LinearFigures } from './linear-model.ts';
import { LANGUAGE_CASES } from '../../test/unit/classify/nine-languages.cases.ts';
import { EVERYDAY_CASES } from '../../test/unit/classify/everyday-replies.cases.ts';

export const THRESHOLDS = {
  /** Under CI=true the corpus must be there: a missing corpus fails instead of skipping. */
  corpusPresent: 1,
  bounceDetection: 0.99,
  hardSoftAgreement: 0.97,
  oooRecall: 0.95,
  /** The issue's bar: out-of-office replies read as OUT_OF_OFFICE (with their return date), not only as automatic. */
  oooStrict: 0.95,
  fixtureIntentAccuracy: 0.9,
  priceExtraction: 0.9,
  /** 1 when no reply outside a genuine INTERESTED/QUESTION would be answered alone, on either split. */
  noUnsafeAutoReplyTrain: 1,
  noUnsafeAutoReplyHeldOut: 1,
  dncRecallTrain: 1,
  /** The issue's targets on the held-out split, met since the third pass (docs/classifier.md): a regression fails CI. */
  dncRecallHeldOut: 1,
  devIntentHeldOut: 0.9,
  devPricesHeldOut: 0.95,
} as const;

export interface Ratio {
  ok: number;
  total: number;
  rate: number;
}

export interface CorpusOutcome {
  file: LabelledFile;
  result: Classification;
  predicted: string;
}

export interface EvalReport {
  corpusPresent: boolean;
  corpus: {
    outcomes: CorpusOutcome[];
    confusion: Map<string, Map<string, number>>;
    bounceDetection: Ratio;
    hardSoftAgreement: Ratio;
    softReasonAgreement: Ratio;
    oooRecall: Ratio;
    oooStrict: Ratio;
    complaintRecall: Ratio;
    challengeRecall: Ratio;
    falseBounces: { delivered: number; ooo: number; challenge: number; human: number; other: number };
    humanNotAutomated: Ratio;
    crlfConsistency: Ratio;
  } | null;
  fixtures: {
    count: number;
    intentAccuracy: Ratio;
    priceExtraction: Ratio;
    linkUrl: Ratio;
    referralEmail: Ratio;
    returnDate: Ratio;
    injection: Ratio;
    injectionFalsePositives: number;
    meanConfidenceRight: number;
    meanConfidenceWrong: number;
    misses: { id: string; expected: string; got: string; detail?: string }[];
  };
  dev: { train: DevReport; heldOut: DevReport; ngramHeldOut: Ratio; linear: LinearFigures } | null;
  corpusSplits: { train: CorpusSplitFigures; heldOut: CorpusSplitFigures } | null;
  checks: { name: keyof typeof THRESHOLDS; value: number; min: number; passed: boolean }[];
}

export interface CorpusSplitFigures {
  files: number;
  bounceDetection: Ratio;
  hardSoftAgreement: Ratio;
  oooStrict: Ratio;
  oooWithReturnDate: Ratio;
  delayNoticesHard: number;
}

const ratio = (ok: number, total: number): Ratio => ({ ok, total, rate: total ? ok / total : 1 });

/** Row/column label: BOUNCE is split by kind so the matrix shows hard/soft too. */
export function predictedLabel(c: Classification): string {
  if (c.intent === 'BOUNCE') return `BOUNCE:${c.facts.bounce?.kind ?? '?'}`;
  if (c.intent === 'AUTO_REPLY' && c.facts.bounce?.action === 'delayed') return 'DELAY_NOTICE';
  return c.intent;
}

function expectedLabel(f: LabelledFile): string {
  const e = f.expect;
  if (e.group === 'bounce') return `bounce:${e.kind ?? 'unknown'}`;
  if (e.group === 'human') return `human:${e.form}`;
  return e.group;
}

/** A delivery-failure notice: a bounce, or a delay notice (the corpus labels delays as soft bounces). */
const isDeliveryNotice = (c: Classification) => c.intent === 'BOUNCE' || c.facts.bounce?.action === 'delayed';
const AUTOMATED = new Set(['BOUNCE', 'COMPLAINT', 'OUT_OF_OFFICE', 'AUTO_REPLY']);

export async function classifyCorpusFile(dir: string, f: LabelledFile): Promise<Classification> {
  const raw = readFileSync(`${dir}/${f.path}`);
  const email =
    f.expect.group === 'human' && f.expect.form === 'body'
      ? wrapBody({ text: raw.toString('utf8') })
      : f.expect.group === 'human' && f.expect.form === 'html'
        ? wrapBody({ html: raw.toString('utf8') })
        : await parseEmail(raw);
  return classifyWithRules({ email, now: email.date ?? new Date(FIXTURE_NOW) }, detectLanguage);
}

async function evaluateCorpus(dir: string): Promise<NonNullable<EvalReport['corpus']>> {
  const files = readLabels(dir).filter((f) => f.expect.group !== 'skip' || f.label.startsWith('ambiguous'));
  const outcomes: CorpusOutcome[] = [];
  for (const file of files) {
    const result = await classifyCorpusFile(dir, file);
    outcomes.push({ file, result, predicted: predictedLabel(result) });
  }
  const confusion = new Map<string, Map<string, number>>();
  for (const o of outcomes) {
    const row = expectedLabel(o.file);
    const m = confusion.get(row) ?? new Map<string, number>();
    m.set(o.predicted, (m.get(o.predicted) ?? 0) + 1);
    confusion.set(row, m);
  }
  const of = (g: string) => outcomes.filter((o) => o.file.expect.group === g);
  const bounces = of('bounce');
  const detected = bounces.filter((o) => isDeliveryNotice(o.result));
  const withKind = detected.filter((o) => o.file.expect.group === 'bounce' && o.file.expect.kind !== null);
  const kindOk = withKind.filter((o) => o.file.expect.group === 'bounce' && o.result.facts.bounce?.kind === o.file.expect.kind);
  const softWithReason = detected.filter((o) => o.file.expect.group === 'bounce' && o.file.expect.kind === 'soft' && o.file.expect.reason !== null && o.result.facts.bounce?.kind === 'soft');
  const reasonOk = softWithReason.filter((o) => o.file.expect.group === 'bounce' && o.result.facts.bounce?.reason === o.file.expect.reason);
  const ooo = of('ooo');
  const falseBounce = (g: string) => of(g).filter((o) => o.result.intent === 'BOUNCE').length;
  const humans = of('human');
  // The CRLF copies in maildir/dos must classify exactly like their LF originals.
  const byPath = new Map(outcomes.map((o) => [o.file.path, o]));
  const dos = outcomes.filter((o) => o.file.path.includes('/maildir/dos/') && byPath.has(o.file.path.replace('/maildir/dos/', '/maildir/bsd/')));
  const same = dos.filter((o) => byPath.get(o.file.path.replace('/maildir/dos/', '/maildir/bsd/'))!.predicted === o.predicted);
  return {
    outcomes,
    confusion,
    bounceDetection: ratio(detected.length, bounces.length),
    hardSoftAgreement: ratio(kindOk.length, withKind.length),
    softReasonAgreement: ratio(reasonOk.length, softWithReason.length),
    oooRecall: ratio(ooo.filter((o) => o.result.intent === 'OUT_OF_OFFICE' || o.result.intent === 'AUTO_REPLY').length, ooo.length),
    oooStrict: ratio(ooo.filter((o) => o.result.intent === 'OUT_OF_OFFICE').length, ooo.length),
    complaintRecall: ratio(of('complaint').filter((o) => o.result.intent === 'COMPLAINT').length, of('complaint').length),
    challengeRecall: ratio(of('challenge').filter((o) => o.result.intent === 'AUTO_REPLY').length, of('challenge').length),
    falseBounces: { delivered: falseBounce('delivered'), ooo: falseBounce('ooo'), challenge: falseBounce('challenge'), human: falseBounce('human'), other: falseBounce('not-bounce') },
    humanNotAutomated: ratio(humans.filter((o) => !AUTOMATED.has(o.result.intent)).length, humans.length),
    crlfConsistency: ratio(same.length, dos.length),
  };
}

const offerKey = (o: Offer) => `${o.type}:${o.amount}${o.maxAmount !== undefined ? `-${o.maxAmount}` : ''}:${o.currency}`;
export function sameOffers(a: Offer[], b: Offer[]): boolean {
  return JSON.stringify(a.map(offerKey).sort()) === JSON.stringify(b.map(offerKey).sort());
}

export function classifyFixture(f: ReplyFixture): Classification {
  const email = wrapBody({ text: f.text, html: f.html ?? null, subject: f.subject, from: f.from, headers: f.headers });
  return classifyWithRules({ email, ourAddresses: OUR_ADDRESSES, now: new Date(f.now ?? FIXTURE_NOW) }, detectLanguage);
}

function evaluateFixtures(fixtures: ReplyFixture[]): EvalReport['fixtures'] {
  let intentOk = 0;
  const price = { ok: 0, total: 0 };
  const link = { ok: 0, total: 0 };
  const referral = { ok: 0, total: 0 };
  const ret = { ok: 0, total: 0 };
  const inj = { ok: 0, total: 0 };
  let injFalse = 0;
  const right: number[] = [];
  const wrong: number[] = [];
  const misses: EvalReport['fixtures']['misses'] = [];
  for (const f of fixtures) {
    const r = classifyFixture(f);
    const e = f.expected;
    const ok = r.intent === e.intent;
    (ok ? right : wrong).push(r.confidence);
    if (ok) intentOk++;
    else misses.push({ id: f.id, expected: e.intent, got: `${r.intent} (${r.confidence})` });
    if (e.offers !== undefined) {
      price.total++;
      if (sameOffers(r.facts.offers, e.offers)) price.ok++;
      else misses.push({ id: f.id, expected: 'offers', got: 'offers', detail: `want ${e.offers.map(offerKey).join(', ') || 'none'}; got ${r.facts.offers.map(offerKey).join(', ') || 'none'}` });
    }
    const fact = (name: 'linkUrl' | 'referralEmail' | 'returnDate', acc: { ok: number; total: number }) => {
      if (e[name] === undefined) return;
      acc.total++;
      if (r.facts[name] === e[name]) acc.ok++;
      else misses.push({ id: f.id, expected: name, got: name, detail: `want ${e[name]}; got ${r.facts[name]}` });
    };
    fact('linkUrl', link);
    fact('referralEmail', referral);
    fact('returnDate', ret);
    if (e.injection) {
      inj.total++;
      if (r.facts.injectionSigns.length) inj.ok++;
      else misses.push({ id: f.id, expected: 'injection', got: 'none' });
    } else if (r.facts.injectionSigns.length) {
      injFalse++;
      misses.push({ id: f.id, expected: 'no injection', got: r.facts.injectionSigns.map((s) => s.kind).join(',') });
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    count: fixtures.length,
    intentAccuracy: ratio(intentOk, fixtures.length),
    priceExtraction: ratio(price.ok, price.total),
    linkUrl: ratio(link.ok, link.total),
    referralEmail: ratio(referral.ok, referral.total),
    returnDate: ratio(ret.ok, ret.total),
    injection: ratio(inj.ok, inj.total),
    injectionFalsePositives: injFalse,
    meanConfidenceRight: mean(right),
    meanConfidenceWrong: mean(wrong),
    misses,
  };
}

/** The real corpus's frozen split, measured apart (scripts/eval/heldout-ids.json). */
function corpusSplitFigures(outcomes: CorpusOutcome[]): CorpusSplitFigures {
  const bounces = outcomes.filter((o) => o.file.expect.group === 'bounce');
  const detected = bounces.filter((o) => isDeliveryNotice(o.result));
  const withKind = detected.filter((o) => o.file.expect.group === 'bounce' && o.file.expect.kind !== null);
  const ooo = outcomes.filter((o) => o.file.expect.group === 'ooo');
  const strict = ooo.filter((o) => o.result.intent === 'OUT_OF_OFFICE');
  return {
    files: outcomes.length,
    bounceDetection: ratio(detected.length, bounces.length),
    hardSoftAgreement: ratio(withKind.filter((o) => o.file.expect.group === 'bounce' && o.result.facts.bounce?.kind === o.file.expect.kind).length, withKind.length),
    oooStrict: ratio(strict.length, ooo.length),
    oooWithReturnDate: ratio(strict.filter((o) => o.result.facts.returnDate !== null).length, ooo.length),
    delayNoticesHard: outcomes.filter((o) => o.result.facts.bounce?.action === 'delayed' && o.result.intent === 'BOUNCE' && o.result.facts.bounce.kind === 'hard').length,
  };
}

export async function runEvaluation(opts: { corpusDir: string; fixturesFile: string }): Promise<EvalReport> {
  const corpusPresent = existsSync(`${opts.corpusDir}/ALL_LABELS.csv`);
  const corpus = corpusPresent ? await evaluateCorpus(opts.corpusDir) : null;
  const fixtureRows = readFixtures(opts.fixturesFile);
  const fixtures = evaluateFixtures(fixtureRows);
  const devRows = readDevReplies(opts.corpusDir);
  const frozen = frozenSplit();
  const dev = devRows
    ? (() => {
        const train = devRows.filter((r) => !isHeldOutReply(r.id, frozen));
        const heldOut = devRows.filter((r) => isHeldOutReply(r.id, frozen));
        const heldOutReport = evaluateDev(heldOut);
        const linear = linearFigures(
          [...train.map((r) => ({ text: r.text, label: r.expect.intent as string })), ...fixtureRows.map((f) => ({ text: f.text, label: f.expected.intent as string })), ...[...LANGUAGE_CASES, ...EVERYDAY_CASES].map((c) => ({ text: c.text, label: c.intent as string }))],
          heldOut.map((r) => ({ text: r.text, label: r.expect.intent, rulesIntent: classifyDevReply(r).intent })),
        );
        return { train: evaluateDev(train), heldOut: heldOutReport, ngramHeldOut: ngramBaseline(train, fixtureRows, heldOut), linear };
      })()
    : null;
  const corpusSplits = corpus
    ? { train: corpusSplitFigures(corpus.outcomes.filter((o) => !frozen.corpus.has(o.file.path))), heldOut: corpusSplitFigures(corpus.outcomes.filter((o) => frozen.corpus.has(o.file.path))) }
    : null;
  const checks: EvalReport['checks'] = [];
  const check = (name: keyof typeof THRESHOLDS, value: number) => checks.push({ name, value, min: THRESHOLDS[name], passed: value >= THRESHOLDS[name] });
  if (process.env['CI'] === 'true' || process.env['CI'] === '1') check('corpusPresent', corpusPresent && devRows ? 1 : 0);
  if (corpus) {
    check('bounceDetection', corpus.bounceDetection.rate);
    check('hardSoftAgreement', corpus.hardSoftAgreement.rate);
    check('oooRecall', corpus.oooRecall.rate);
    check('oooStrict', corpus.oooStrict.rate);
  }
  check('fixtureIntentAccuracy', fixtures.intentAccuracy.rate);
  check('priceExtraction', fixtures.priceExtraction.rate);
  if (dev) {
    check('noUnsafeAutoReplyTrain', dev.train.unsafeAutoReplies.length === 0 ? 1 : 0);
    check('noUnsafeAutoReplyHeldOut', dev.heldOut.unsafeAutoReplies.length === 0 ? 1 : 0);
    check('dncRecallTrain', dev.train.dncRecall.rate);
    check('dncRecallHeldOut', dev.heldOut.dncRecall.rate);
    check('devIntentHeldOut', dev.heldOut.intent.rate);
    check('devPricesHeldOut', dev.heldOut.prices.rate);
  }
  return { corpusPresent, corpus, fixtures, dev, corpusSplits, checks };
}
