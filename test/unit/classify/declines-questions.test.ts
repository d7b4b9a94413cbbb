/**
 * Polite declines and questions in the nine languages (declines-questions.cases.ts), each read bare
 * and inside a whole email of its language (Gmail and Outlook quoting), then through the gates under
 * the default policy: a decline is never answered alone, nor a question asked after a refusal.
 */
import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { evaluateGates } from '../../../src/gates/engine.ts';
import { DEFAULT_POLICY } from '../../../src/gates/policy.ts';
import { neutralGateInput } from '../../../scripts/eval/autonomy-context.ts';
import { email } from './helpers.ts';
import { DECLINE_QUESTION_CASES } from './declines-questions.cases.ts';
import { wholeEmail } from './whole-email.ts';

const now = new Date('2026-12-01T12:00:00Z');
const ours = ['outreach@ourseoagency.com'];
const lead = 'editor@partner-blog.example';

const rows = DECLINE_QUESTION_CASES.flatMap((c, i) => (['bare', 'gmail', 'outlook'] as const).map((how) => [c.lang, c.intent, how, c.text, i] as const));

describe('polite declines and questions, nine languages, bare and inside a whole email', () => {
  it('has the cases the issue asks for', () => {
    expect(DECLINE_QUESTION_CASES.length).toBeGreaterThanOrEqual(80);
    for (const intent of ['NOT_INTERESTED', 'QUESTION'] as const) expect(new Set(DECLINE_QUESTION_CASES.filter((c) => c.intent === intent).map((c) => c.lang)).size).toBe(9);
  });

  it.each(rows)('%s %s (%s): %s', (lang, intent, how, text, i) => {
    const c = DECLINE_QUESTION_CASES[i]!;
    const body = how === 'bare' ? text : wholeEmail(lang, text, how);
    const r = classifyWithRules({ email: email({ text: body, from: { address: lead, name: '' } }), ourAddresses: ours, now }, detectLanguage);
    expect(r.intent).toBe(intent);
    const decision = evaluateGates(neutralGateInput({ id: `dq-${i}`, lang, lead, subject: 'Re: Collaboration idea', text: body, expect: { intent } }, r, DEFAULT_POLICY, now));
    if (intent === 'NOT_INTERESTED' || c.humanFirst) expect(decision.action).not.toBe('AUTO_REPLY');
    if (c.humanFirst) expect(r.confidence).toBeLessThan(0.8);
  });
});
