/**
 * What the agreement rule (src/classify/llm/agreement.ts) does to the dev replies when the model is
 * right, wrong or absent. No network: the model's answers are simulated and merged by the same pure
 * code the Claude classifier uses, then the real gates decide under the default policy in the same
 * neutral context as `evaluate-dev.ts`. It measures the rule, not Claude: the "wrong" models are the
 * worst a confident model could do to us.
 *
 *   npx tsx scripts/eval/model-stress.ts [corpusDir]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeModelWithRules } from '../../src/classify/llm/merge-with-rules.ts';
import type { ModelAnswer } from '../../src/classify/llm/model-answer.ts';
import { planEffects } from '../../src/classify/effects.ts';
import type { Intent } from '../../src/classify/types.ts';
import { evaluateGates } from '../../src/gates/engine.ts';
import { DEFAULT_POLICY } from '../../src/gates/policy.ts';
import { neutralGateInput } from './autonomy-context.ts';
import { classifyDevReply } from './evaluate-dev.ts';
import { DEV_NOW, frozenSplit, readDevReplies, type DevReply } from './dev-replies.ts';

type SimulatedModel = (r: DevReply) => ModelAnswer | null;

const answer = (intent: Intent, confidence: number, extra: Partial<ModelAnswer> = {}): ModelAnswer => ({
  intent, confidence, secondaryIntents: [], offers: [], returnDate: null, linkUrl: null, referralEmail: null,
  injectionSuspected: false, redFlags: [], notes: 'simulated', ...extra,
});

export const SIMULATED_MODELS: Record<string, SimulatedModel> = {
  'rules only (no model configured)': () => null,
  'model down': () => null,
  // A right model: the gold label, and a red flag wherever the corpus says no machine may answer.
  'oracle (the gold label, 0.95, flags what must not be answered)': (r) =>
    answer(r.expect.intent, 0.95, {
      injectionSuspected: r.expect.injection === true,
      redFlags: r.expect.mustNotAutoReply && !r.expect.injection ? [{ kind: 'stop-contact', excerpt: 'simulated' }] : [],
    }),
  'always INTERESTED 0.99, no flags': () => answer('INTERESTED', 0.99),
  'always QUESTION 0.99, no flags': () => answer('QUESTION', 0.99),
  'always NOT_INTERESTED 0.99': () => answer('NOT_INTERESTED', 0.99),
};

const SAFE_TO_ANSWER: readonly Intent[] = ['INTERESTED', 'QUESTION'];

export interface UnsafeReply {
  id: string;
  gold: Intent;
  injection: boolean;
  rules: { intent: Intent; confidence: number };
  /** Whether the rules alone (no model configured) would have sent it too. */
  rulesAloneAutoReply: boolean;
  /** Whether the rules raised a red flag, an injection sign or sensitive content (a model must never override one). */
  rulesFlagged: boolean;
}

export interface StressRow {
  model: string;
  split: string;
  count: number;
  autoReplies: number;
  /** Of those, how many only the model's widening of unsure rules allowed. */
  widened: number;
  unsafe: UnsafeReply[];
  dncRecall: string;
  falseDnc: number;
  intentAccuracy: string;
}

export function stress(rows: DevReply[], name: string, model: SimulatedModel, split: string): StressRow {
  const now = new Date(DEV_NOW);
  let auto = 0;
  let widened = 0;
  let intentOk = 0;
  let stops = 0;
  let stopsCaught = 0;
  let falseDnc = 0;
  const unsafe: UnsafeReply[] = [];
  for (const r of rows) {
    const rules = classifyDevReply(r);
    const configured = name !== 'rules only (no model configured)';
    const c = configured ? mergeModelWithRules(rules, model(r), { name: 'simulated', promptVersion: 'sim', sourceText: r.text }) : rules;
    const decision = evaluateGates(neutralGateInput(r, c, DEFAULT_POLICY, now));
    const effects = planEffects(c, { contactEmail: r.lead, now });
    const dnc = effects.some((e) => e.kind === 'do-not-contact') && effects.some((e) => e.kind === 'rejected');
    const gold = r.expect.intent;
    const isStop = gold === 'UNSUBSCRIBE' || gold === 'COMPLAINT';
    if (c.intent === gold) intentOk++;
    if (isStop) {
      stops++;
      if (dnc) stopsCaught++;
    } else if (dnc) falseDnc++;
    if (decision.action === 'AUTO_REPLY') {
      auto++;
      if (c.agreement?.kind === 'widened') widened++;
      const genuine = SAFE_TO_ANSWER.includes(gold) && !r.expect.injection && !r.expect.mustNotAutoReply;
      if (!genuine) {
        const rulesAlone = evaluateGates(neutralGateInput(r, rules, DEFAULT_POLICY, now)).action === 'AUTO_REPLY';
        const rulesFlagged = (rules.facts.redFlags?.length ?? 0) > 0 || rules.facts.injectionSigns.length > 0 || (rules.facts.sensitive?.length ?? 0) > 0;
        unsafe.push({ id: r.id, gold, injection: r.expect.injection === true, rules: { intent: rules.intent, confidence: rules.confidence }, rulesAloneAutoReply: rulesAlone, rulesFlagged });
      }
    }
  }
  return {
    model: name, split, count: rows.length, autoReplies: auto, widened, unsafe,
    dncRecall: `${stopsCaught}/${stops}`, falseDnc, intentAccuracy: `${((100 * intentOk) / Math.max(1, rows.length)).toFixed(1)} %`,
  };
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpusDir = process.argv[2] ?? path.resolve(here, '../../../shared/corpus');
  const replies = readDevReplies(corpusDir);
  if (!replies) throw new Error(`no replies-dev.jsonl in ${corpusDir}`);
  const { replies: heldOut } = frozenSplit();
  const splits: [string, DevReply[]][] = [
    ['train', replies.filter((r) => !heldOut.has(r.id))],
    ['held-out', replies.filter((r) => heldOut.has(r.id))],
  ];
  console.log('| simulated model | split | replies | auto-replies (by widening) | unsafe auto-replies | stop → DNC + REJECTED | false DNC | intent |');
  console.log('|---|---|---|---|---|---|---|---|');
  const details: string[] = [];
  for (const [name, model] of Object.entries(SIMULATED_MODELS)) {
    for (const [split, rows] of splits) {
      const row = stress(rows, name, model, split);
      console.log(`| ${name} | ${split} | ${row.count} | ${row.autoReplies} (${row.widened}) | ${row.unsafe.length} | ${row.dncRecall} | ${row.falseDnc} | ${row.intentAccuracy} |`);
      // The held-out split is measured, never listed example by example.
      for (const u of split === 'train' ? row.unsafe : []) {
        details.push(`${name} / ${split}: ${u.id} (${u.gold}${u.injection ? ', injection the rules missed' : ''}; rules ${u.rules.intent} ${u.rules.confidence}${u.rulesAloneAutoReply ? ', rules alone sent it too' : ''})`);
      }
    }
  }
  if (details.length) console.log(`\nUnsafe auto-replies:\n${details.map((d) => `- ${d}`).join('\n')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
