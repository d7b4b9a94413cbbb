/**
 * The dev replies through the same code the pipeline runs: the rules classifier, the CRM effects it
 * plans, and the gates under the default policy for a partner we contacted (clean history, no model).
 * Reported per split: per-intent precision/recall, a confusion matrix, facts, and the autonomy figures
 * (unsafe autonomous replies, do-not-contact recall).
 */
import { classifyWithRules } from '../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../src/classify/rules/language.ts';
import { planEffects } from '../../src/classify/effects.ts';
import type { Classification, Intent, Offer } from '../../src/classify/types.ts';
import { evaluateGates } from '../../src/gates/engine.ts';
import { DEFAULT_POLICY } from '../../src/gates/policy.ts';
import { neutralGateInput } from './autonomy-context.ts';
import { DEV_NOW, DEV_OUR_ADDRESSES, type DevReply } from './dev-replies.ts';
import { wrapBody } from './reply-fixtures.ts';

export interface Ratio {
  ok: number;
  total: number;
  rate: number;
}
const ratio = (ok: number, total: number): Ratio => ({ ok, total, rate: total ? ok / total : 1 });

export interface DevOutcome {
  reply: DevReply;
  result: Classification;
  action: 'NO_REPLY' | 'AUTO_REPLY' | 'WAITING_APPROVAL';
  unsafe: boolean;
  dnc: boolean;
  rejected: boolean;
}

export interface DevReport {
  count: number;
  intent: Ratio;
  perIntent: { intent: string; precision: number; recall: number; support: number }[];
  confusion: Map<string, Map<string, number>>;
  prices: Ratio;
  returnDate: Ratio;
  linkUrl: Ratio;
  referralEmail: Ratio;
  injection: Ratio;
  autoReplies: number;
  unsafeAutoReplies: DevOutcome[];
  dncRecall: Ratio;
  dncFalse: DevOutcome[];
  misses: { id: string; what: string; want: string; got: string }[];
}

const SAFE_TO_ANSWER: readonly Intent[] = ['INTERESTED', 'QUESTION'];

export function classifyDevReply(r: DevReply): Classification {
  const email = wrapBody({ text: r.text, html: r.html ?? null, subject: r.subject, from: r.lead });
  email.to = [{ address: DEV_OUR_ADDRESSES[0]!, name: '' }];
  return classifyWithRules({ email, ourAddresses: DEV_OUR_ADDRESSES, now: new Date(DEV_NOW) }, detectLanguage);
}

export function runDevReply(r: DevReply): DevOutcome {
  const result = classifyDevReply(r);
  const now = new Date(DEV_NOW);
  const decision = evaluateGates(neutralGateInput(r, result, DEFAULT_POLICY, now));
  const effects = planEffects(result, { contactEmail: r.lead, now });
  const genuine = SAFE_TO_ANSWER.includes(r.expect.intent) && !r.expect.injection && !r.expect.mustNotAutoReply;
  return {
    reply: r,
    result,
    action: decision.action,
    unsafe: decision.action === 'AUTO_REPLY' && !genuine,
    dnc: effects.some((e) => e.kind === 'do-not-contact'),
    rejected: effects.some((e) => e.kind === 'rejected'),
  };
}

const offerKey = (o: Pick<Offer, 'type' | 'amount' | 'currency'> & { maxAmount?: number }) =>
  `${o.type}:${o.amount}${o.maxAmount !== undefined ? `-${o.maxAmount}` : ''}:${o.currency}`;
const sameOffers = (a: Offer[], b: NonNullable<DevReply['expect']['prices']>) =>
  JSON.stringify(a.map(offerKey).sort()) === JSON.stringify(b.map(offerKey).sort());

export function evaluateDev(rows: DevReply[]): DevReport {
  const outcomes = rows.map(runDevReply);
  const misses: DevReport['misses'] = [];
  const confusion = new Map<string, Map<string, number>>();
  let intentOk = 0;
  const facts = { prices: [0, 0], returnDate: [0, 0], linkUrl: [0, 0], referralEmail: [0, 0], injection: [0, 0] };
  for (const o of outcomes) {
    const e = o.reply.expect;
    const got = o.result.intent;
    const row = confusion.get(e.intent) ?? new Map<string, number>();
    row.set(got, (row.get(got) ?? 0) + 1);
    confusion.set(e.intent, row);
    if (got === e.intent) intentOk++;
    else misses.push({ id: o.reply.id, what: 'intent', want: e.intent, got: `${got} ${o.result.confidence}` });
    // Prices: every reply is checked (no "prices" means none may be found).
    const want = e.prices ?? [];
    facts.prices[1]!++;
    if (sameOffers(o.result.facts.offers, want)) facts.prices[0]!++;
    else misses.push({ id: o.reply.id, what: 'prices', want: want.map(offerKey).join(' ') || 'none', got: o.result.facts.offers.map(offerKey).join(' ') || 'none' });
    for (const k of ['returnDate', 'linkUrl', 'referralEmail'] as const) {
      const w = e[k];
      if (w === undefined) continue;
      facts[k][1]!++;
      if (o.result.facts[k] === w) facts[k][0]!++;
      else misses.push({ id: o.reply.id, what: k, want: String(w), got: String(o.result.facts[k]) });
    }
    if (e.injection) {
      facts.injection[1]!++;
      if (o.result.facts.injectionSigns.length) facts.injection[0]!++;
      else misses.push({ id: o.reply.id, what: 'injection', want: 'signs', got: 'none' });
    }
  }
  const intents = [...new Set([...outcomes.map((o) => o.reply.expect.intent), ...outcomes.map((o) => o.result.intent)])].sort();
  const perIntent = intents.map((intent) => {
    const tp = outcomes.filter((o) => o.result.intent === intent && o.reply.expect.intent === intent).length;
    const predicted = outcomes.filter((o) => o.result.intent === intent).length;
    const support = outcomes.filter((o) => o.reply.expect.intent === intent).length;
    return { intent, precision: predicted ? tp / predicted : 1, recall: support ? tp / support : 1, support };
  });
  const stops = outcomes.filter((o) => o.reply.expect.intent === 'UNSUBSCRIBE' || o.reply.expect.intent === 'COMPLAINT');
  return {
    count: outcomes.length,
    intent: ratio(intentOk, outcomes.length),
    perIntent,
    confusion,
    prices: ratio(facts.prices[0]!, facts.prices[1]!),
    returnDate: ratio(facts.returnDate[0]!, facts.returnDate[1]!),
    linkUrl: ratio(facts.linkUrl[0]!, facts.linkUrl[1]!),
    referralEmail: ratio(facts.referralEmail[0]!, facts.referralEmail[1]!),
    injection: ratio(facts.injection[0]!, facts.injection[1]!),
    autoReplies: outcomes.filter((o) => o.action === 'AUTO_REPLY').length,
    unsafeAutoReplies: outcomes.filter((o) => o.unsafe),
    dncRecall: ratio(stops.filter((o) => o.dnc && o.rejected).length, stops.length),
    dncFalse: outcomes.filter((o) => o.dnc && o.reply.expect.intent !== 'UNSUBSCRIBE' && o.reply.expect.intent !== 'COMPLAINT'),
    misses,
  };
}
