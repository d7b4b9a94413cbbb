/**
 * Deterministic signs of instructions aimed at a model, checked by the prompt-injection gate in
 * addition to the classifier's own `facts.injectionSigns`. Belt and braces: the classifier may have run
 * without these rules (or been fooled), and these cost nothing. A false positive only means a human
 * looks at the reply, which is the safe direction.
 */
import { findMatches, type Pattern, type PatternMatch } from './find-matches.ts';

export type InjectionKind =
  | 'ignore-instructions'
  | 'prompt-reference'
  | 'role-text'
  | 'special-token'
  | 'persona-change'
  | 'new-instructions'
  | 'bypass-review';

const PATTERNS: readonly Pattern<InjectionKind>[] = [
  {
    kind: 'ignore-instructions',
    re: /\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|prompts?|rules|directions|guidelines)\b/i,
  },
  { kind: 'prompt-reference', re: /\b(?:system|developer|hidden)\s+(?:prompt|message|instructions?)\b/i },
  { kind: 'role-text', re: /^\s*(?:system|assistant|developer)\s*:/im },
  { kind: 'special-token', re: /<\|?\s*(?:im_start|im_end|endoftext|system)\s*\|?>|\[\/?INST\]|<<\/?SYS>>/i },
  { kind: 'persona-change', re: /\byou\s+are\s+(?:now\b|an?\s+(?:ai|assistant|language model|llm|chatbot)\b)/i },
  { kind: 'new-instructions', re: /\b(?:new|updated|additional|important)\s+instructions?\s*:/i },
  {
    // Not "without approval": "we can't publish without approval" is ordinary editor talk.
    kind: 'bypass-review',
    re: /\b(?:bypass|skip|disable|circumvent)\b[^.\n]{0,30}\b(?:approval|review|filters?|safety|gates?|checks?)\b|\b(?:do not|don't|no need to)\s+(?:ask|wait)\s+for\s+(?:approval|review|a human)\b/i,
  },
];

export const findInjectionSigns = (text: string): PatternMatch<InjectionKind>[] => findMatches(text, PATTERNS);
