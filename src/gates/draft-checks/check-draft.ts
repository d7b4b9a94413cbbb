/**
 * Draft checks: gates run on the draft itself, after drafting (SPEC section 4). Order: links, price,
 * placeholders, length, language, questions answered, content on file. Combine with the gate decision through `applyDraftChecks` in ../engine.ts.
 */
import type { GatePolicy } from '../policy.ts';
import type { GateResult } from '../types.ts';
import { runGate } from '../gate-result.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';
import { draftLinksKnown } from './links-known.ts';
import { draftPriceWithinCeiling } from './price-within-ceiling.ts';
import { draftNoPlaceholders } from './no-placeholders.ts';
import { draftLengthWithinBounds } from './length-within-bounds.ts';
import { draftLanguageMatches } from './language-matches.ts';
import { draftAnswersQuestions } from './answers-questions.ts';
import { draftContentOnFile } from './content-on-file.ts';

export function checkDraft(draft: DraftToCheck, context: DraftCheckContext, policy: GatePolicy): GateResult[] {
  const checks: readonly [string, () => GateResult][] = [
    ['draft-links-known', () => draftLinksKnown(draft, context)],
    ['draft-price-within-ceiling', () => draftPriceWithinCeiling(draft, context, policy)],
    ['draft-no-placeholders', () => draftNoPlaceholders(draft)],
    ['draft-length', () => draftLengthWithinBounds(draft, policy)],
    ['draft-language', () => draftLanguageMatches(context)],
    ['draft-answers-questions', () => draftAnswersQuestions(draft, context)],
    ['draft-content-on-file', () => draftContentOnFile(draft, context)],
  ];
  return checks.map(([name, check]) => runGate(name, check, undefined));
}
