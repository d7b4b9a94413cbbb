import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';

const GATE = 'draft-answers-questions';

/** A question the classifier is at least this sure of counts, primary or secondary. */
const QUESTION_CONFIDENCE = 0.5;

/**
 * A template reads nothing of the partner's message but their name, so it cannot answer what they asked:
 * "Sure, is it a paid placement?" answered with the piece and a "let me know what you think" ignores the
 * question. A reply with a question in it is therefore only sent alone when a model drafted it; a
 * template draft waits for a human, who sees this reason. Human text (an edit, a first email) passes.
 */
export function draftAnswersQuestions(draft: DraftToCheck, context: Pick<DraftCheckContext, 'intents'>): GateResult {
  const asked = (context.intents ?? []).filter((i) => i.intent === 'QUESTION' && i.confidence >= QUESTION_CONFIDENCE);
  const inputs = { by: draft.by ?? null, question: asked.length > 0 };
  if (!asked.length) return pass(GATE, 'no question to answer', inputs);
  if (draft.by !== 'template') return pass(GATE, draft.by === 'model' ? 'the model drafted an answer to the question' : 'a person wrote the text', inputs);
  return trip(GATE, 'the reply asks a question and the draft is a template, which cannot answer it (no model drafts replies: ANTHROPIC_API_KEY is unset); a person answers it', inputs);
}
