/**
 * Signs of text written to steer an AI reader: role text, "ignore previous instructions", fake
 * system/assistant turns and fake classification lines. They are recorded for the gates and never
 * change the intent the rules return.
 */
import type { InjectionSign } from '../types.ts';

// Whitespace is bounded ([ \t]{1,5}, never \s* next to \s*) so a megabyte of spaces is one scan.
const SIGNS: { kind: string; re: RegExp }[] = [
  { kind: 'ignore-instructions', re: /\b(ignore|disregard|forget|override|bypass)[ \t]{1,5}(?:(?:all|any|the|your|of)[ \t]{1,5}){0,3}(?:(?:previous|prior|above|earlier|preceding|system|original|existing|safety)[ \t]{1,5})?(instructions?|prompts?|rules|directions|guidelines|policies|polic(y|ies)|constraints|context)\b/i },
  { kind: 'role-text', re: /\byou are (now |actually |no longer )?(an? |the )?(ai|a\.i\.|assistant|language model|llm|chat ?bot|gpt|chatgpt|claude|email (agent|assistant|classifier)|classifier|autonomous agent)\b|\bas an ai\b|\b(act|behave|respond) as (an? |the )?(ai|assistant|admin|system|different)|\bpretend (to be|you are)\b|\byour (new )?(role|instructions|task|job|goal|system prompt) (is|are|now)\b|\bnew instructions?[ \t]{0,5}:/i },
  { kind: 'fake-system-line', re: /^[ \t]{0,20}[[<(]?[ \t]{0,5}(system|assistant|developer|user|human|ai|tool)[ \t]{0,5}[\])>]?[ \t]{0,5}:[ \t]{0,5}\S/im },
  { kind: 'fake-system-line', re: /<\|?(system|im_start|im_end|endoftext)\|?>|\[\/?(system|inst)\]|<<\/?sys>>|<\/?(system|instructions?|prompt)>/i },
  { kind: 'fake-classification', re: /^[ \t]{0,20}["'[(]?(classification|intent|label|category|confidence|decision|verdict|gate|approval|status)[ \t]{0,5}["')\]]?[ \t]{0,5}[:=][ \t]{0,5}["']?[A-Za-z0-9_.-]{1,40}/im },
  { kind: 'fake-classification', re: /"(intent|classification|confidence|decision|action)"[ \t]{0,5}:[ \t]{0,5}["\d]/i },
  { kind: 'agent-directive', re: /\b(auto-?approve|mark (this|the) (email|message|reply) as|classify (this|the) (email|message)|approve (this|the) (request|payment|deal|reply) (automatically|without)|without (human )?(approval|review)|do not (escalate|flag|tell (the )?(human|operator|user)))\b/i },
  { kind: 'prompt-reference', re: /\b(system prompt|prompt injection|jailbreak|developer mode|dan mode|the (ai|assistant|model|bot) (reading|processing) this)\b/i },
];

/**
 * The text without what the signs carry: from each sign to the end of its line. An injected
 * "assistant: they agreed to $10" is not what the sender is telling us, so intent and prices are
 * read without it, while the rest of the line before the sign still counts.
 */
const LINE_SIGNS = SIGNS.map(({ re }) => new RegExp(re.source, re.flags.replace('m', '')));

export function withoutInjectedLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let cut = line.length;
      for (const re of LINE_SIGNS) {
        const m = re.exec(line);
        if (m && m.index < cut) cut = m.index;
      }
      return line.slice(0, cut);
    })
    .join('\n');
}

export function findInjectionSigns(text: string): InjectionSign[] {
  const out: InjectionSign[] = [];
  for (const { kind, re } of SIGNS) {
    const m = re.exec(text);
    if (!m) continue;
    const start = Math.max(0, m.index - 30);
    const excerpt = text.slice(start, m.index + m[0].length + 40).replace(/\s+/g, ' ').trim();
    if (!out.some((s) => s.kind === kind)) out.push({ kind, excerpt: excerpt.slice(0, 160) });
  }
  return out;
}
