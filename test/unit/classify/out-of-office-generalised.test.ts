/**
 * Out-of-office replies as whole emails (out-of-office.cases.ts): parsed by the real parser from the
 * raw message, so the headers (Auto-Submitted, X-Autoreply, X-Autorespond, Precedence) and encoded
 * subjects are read as they arrive. Each must be OUT_OF_OFFICE with the return date it states, and
 * never something that could be answered alone.
 */
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../../src/ingest/parse/parse-email.ts';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../../../src/classify/rules/language.ts';
import { OOO_CASES, OOO_NOW, rawOoo } from './out-of-office.cases.ts';

describe('out-of-office replies as whole emails, nine languages', () => {
  it('has the cases the issue asks for', () => {
    expect(OOO_CASES.filter((c) => (c.intent ?? 'OUT_OF_OFFICE') === 'OUT_OF_OFFICE').length).toBeGreaterThanOrEqual(60);
    expect(new Set(OOO_CASES.map((c) => c.lang)).size).toBe(9);
  });

  it.each(OOO_CASES.map((c, i) => [c.lang, c.kind, c.subject, i] as const))('%s %s (%s)', async (_lang, _kind, _subject, i) => {
    const c = OOO_CASES[i]!;
    const email = await parseEmail(rawOoo(c, i));
    const r = classifyWithRules({ email, ourAddresses: ['outreach@ourseoagency.com'], now: new Date(OOO_NOW) }, detectLanguage);
    expect(r.intent).toBe(c.intent ?? 'OUT_OF_OFFICE');
    expect(r.facts.returnDate).toBe(c.returnDate);
  });
});
