/**
 * The one detector of text written to steer an AI reader (issue 9: formerly three — the classifier's
 * signs, the red-flag rule and the prompt-injection gate's own patterns — each with gaps the others
 * covered). It reads the text as normalize-text.ts folds it (NFKC, zero-width characters removed,
 * look-alike letters mapped to Latin, spaced-out letters joined), so "Ignоrе" in Cyrillic,
 * "I\u200bgnore" or "d i s r e g a r d" are read as written to fool it, in the nine languages.
 *
 * Used by the classifier (`facts.injectionSigns`, and the lines it does not read for intent), by the
 * red flags (flag `injection`, also in hidden HTML) and by the prompt-injection gate. A sign never
 * changes the intent; it is recorded so that no machine answers. A false positive only means a human
 * looks at the reply, the safe direction.
 *
 * Kinds overlap where the former detectors named one thing twice: a "System:" line is `role-text`
 * and `fake-system-line`, "<|im_start|>" is `fake-system-line` and `special-token`, "you are now an
 * AI" is `role-text` and `persona-change`. Every pattern is bounded (no `\s*` beside `\s*`), so a
 * hostile megabyte is one scan (test/unit/classify/adversarial.test.ts).
 */
import type { InjectionSign } from '../types.ts';
import { normalizeForDetection } from './normalize-text.ts';
import { wordRegex } from './word-regex.ts';

export type InjectionKind =
  | 'ignore-instructions'
  | 'role-text'
  | 'persona-change'
  | 'fake-system-line'
  | 'special-token'
  | 'fake-classification'
  | 'agent-directive'
  | 'bypass-review'
  | 'new-instructions'
  | 'prompt-reference'
  | 'addresses-ai';

const GAP = '[^.!?\\n]{0,40}?';

/** A line that opens like a chat turn: "system:", "[assistant]:", "Système :", "SYSTEM:". */
const TURN_LINE = '(?:^|[\\n\\u2028\\u2029])[ \\t]{0,20}[[<(]?[ \\t]{0,5}(?:system|assistant|developer|user|human|ai|tool|syst[èe]me|sistema|systeem|systemet)[ \\t]{0,5}[\\])>]?[ \\t]{0,5}:';
const SPECIAL_TOKEN = '<\\|?[ \\t]{0,3}(?:im_start|im_end|endoftext|system)[ \\t]{0,3}\\|?>|\\[/?(?:system|inst)\\]|<</?sys>>|</?(?:system|instructions?|prompt)>';

const SIGNS: { kind: InjectionKind; re: RegExp }[] = [
  {
    kind: 'ignore-instructions',
    re: wordRegex([
      `\\b(?:ignore|disregard|forget|override|bypass|skip)\\b${GAP}\\b(?:instructions?|prompts?|rules|guidelines|directions|polic(?:y|ies)|constraints|context)\\b`,
      `\\b(?:ignorier|vergiss|vergessen sie|missachte)\\w*\\b${GAP}\\b(?:anweisung|instruktion|regeln|vorgaben|befehle)`,
      `\\b(?:ignore[zr]?|oublie[zr]?)\\b${GAP}\\b(?:instructions?|consignes|r[èe]gles)`,
      `\\b(?:ignora|ignore|ignorad|ignoren|olvida|olvide)\\w*\\b${GAP}\\b(?:instrucciones|indicaciones|reglas|instru[çc][õo]es|regras)`,
      `\\b(?:ignora|ignorate|dimentica)\\w*\\b${GAP}\\b(?:istruzioni|regole|indicazioni)`,
      `\\b(?:negeer|vergeet)\\w*\\b${GAP}\\b(?:instructies|regels|opdrachten)`,
      `\\b(?:zignoruj|ignoruj|zapomnij)\\w*\\b${GAP}\\b(?:instrukcj|polece|zasad)`,
      `\\b(?:ignorera|gl[öo]m)\\w*\\b${GAP}\\b(?:instruktion|regler|anvisning)`,
    ]),
  },
  {
    kind: 'role-text',
    re: new RegExp(
      [
        '\\byou are (?:now |actually |no longer )?(?:an? |the )?(?:ai|a\\.i\\.|assistant|language model|llm|chat ?bot|gpt|chatgpt|claude|email (?:agent|assistant|classifier)|classifier|autonomous agent)\\b',
        '\\bas an ai\\b', '\\b(?:act|behave|respond) as (?:an? |the )?(?:ai|assistant|admin|system|different)', '\\bpretend (?:to be|you are)\\b',
        '\\byour (?:new )?(?:role|instructions|task|job|goal|system prompt) (?:is|are|now)\\b',
        '^[ \\t]{0,20}(?:system|assistant|developer)[ \\t]{0,5}:',
      ].join('|'),
      'im',
    ),
  },
  { kind: 'persona-change', re: /\byou[ \t]{1,5}are[ \t]{1,5}(?:now\b|an?[ \t]{1,5}(?:ai|assistant|language model|llm|chatbot)\b)|\bfrom now on,? you\b/i },
  { kind: 'fake-system-line', re: new RegExp(`${TURN_LINE}|${SPECIAL_TOKEN}`, 'i') },
  { kind: 'special-token', re: new RegExp(SPECIAL_TOKEN, 'i') },
  {
    kind: 'fake-classification',
    re: /^[ \t]{0,20}["'[(]?(?:classification|intent|label|category|confidence|decision|verdict|gate|approval|status)[ \t]{0,5}["')\]]?[ \t]{0,5}[:=][ \t]{0,5}["']?[A-Za-z0-9_.-]{1,40}|"(?:intent|classification|confidence|decision|action)"[ \t]{0,5}:[ \t]{0,5}["\d]/im,
  },
  {
    // "Without approval" only after an order to act ("send it without approval"): "we can't publish
    // without approval" is ordinary editor talk.
    kind: 'agent-directive',
    re: /\b(?:auto-?approve|mark (?:this|the) (?:e-?mail|message|reply|lead) as|classify (?:this|the) (?:e-?mail|message)|approve (?:this|the) (?:request|payment|deal|reply) (?:automatically|without)|without (?:any )?human (?:approval|review)|(?:do not|don'?t) (?:escalate|flag)|(?:do not|don'?t) (?:notify|tell) (?:a |the )?(?:human|operator|user|anyone))\b|\b(?:send|reply|respond|approve|process|pay|transfer|confirm|proceed|update|mark|forward|release|sign)\w{0,3}\b[^.!?\n]{0,40}\bwithout (?:any |further |human |manual |prior )?(?:approval|review|confirmation|verification|sign-?off|checks?)\b|\bno (?:human |manual )?(?:approval|review|sign-?off) (?:is )?(?:needed|required|necessary)\b|\bwithout (?:asking|waiting for|checking with|consulting) (?:a |the |any )?(?:human|operator|anyone|approval|review)\b/i,
  },
  {
    kind: 'bypass-review',
    re: /\b(?:bypass|skip|disable|circumvent)\b[^.\n]{0,30}\b(?:approval|review|filters?|safety|gates?|checks?)\b|\b(?:do not|don't|no need to)[ \t]{1,5}(?:ask|wait)[ \t]{1,5}for[ \t]{1,5}(?:approval|review|a human)\b/i,
  },
  { kind: 'new-instructions', re: /\b(?:new|updated|additional|important)[ \t]{1,5}instructions?[ \t]{0,5}:/i },
  {
    kind: 'prompt-reference',
    re: wordRegex([
      '\\b(?:system|developer|hidden) (?:prompt|message|instructions?)\\b', '\\bprompt injection\\b', '\\bjailbreak', '\\bdeveloper mode\\b', '\\bdan mode\\b', '\\bthe (?:ai|assistant|model|bot) (?:reading|processing) this\\b',
      // "whichever bot reads this", "the AI that processes this", "die KI, die das liest", "l'IA qui lit ceci" (nine languages).
      '\\b(?:(?:the|an|any|whichever|whatever|every|die|eine|der|la|el|het|den|a) (?:ai|ki|ia)|l[\'’](?:ia|ai)|(?:whichever|whatever|any|the|every) (?:bot|model|agent|assistant)|bots?|chatbots?|chatgpt|claude|gpt|llms?)\\b[^.!?\\n]{0,25}\\b(?:reads?|reading|process(?:es|ing)?|handles?|handling|liest|verarbeitet|lit|traite|lee|lea|procesa|legge|elabora|lê|processa|leest|verwerkt|czyta|przetwarza|läser|behandlar) (?:this|these|it|dies|das|diese|ceci|cela|ce|esto|este|esta|questo|questa|isto|este|dit|deze|to|ten|tę|detta|denna|det)\\b',
      '\\bsystem ?(?:anweisung|nachricht|befehl)', '\\binstructions? (?:du )?syst[èe]me', '\\binstrucci[óo]n(?:es)? del sistema', '\\bistruzion[ei] (?:di|del) sistema', '\\binstru[çc](?:[ãa]o|[õo]es) do sistema', '\\bsysteem ?(?:instructie|bericht|opdracht)', '\\binstrukcj[aei] systemow', '\\bsystem ?(?:instruktion|meddelande)',
    ]),
  },
  {
    kind: 'addresses-ai',
    re: wordRegex([
      '\\b(?:ai|a\\.i\\.|ki|ia|llm|gpt|chatgpt|claude)[- ]?(?:assistant|assistent|assistenten|asistente|assistente|asystent|asystencie|agent|agente|model|modell|mod[èe]le|modelo|modello|bot)\\b',
      '\\b(?:assistant|assistent|asistente|assistente|asystent)[- ](?:ai|ki|ia|virtuel|virtual|virtuale)\\b',
      '\\b(?:dear|to the|attention|hey|note to (?:the )?|message for (?:the )?)\\s?(?:ai|assistant|bot|language model|llm|model|agent)\\b',
      // "assistentes de IA", "assistant d'IA", "assistenti di IA", and "instructions for the AI", nine languages.
      "\\b(?:assistants?|asistentes?|assistentes?|assistenti|asystenci|asystent[óo]w) (?:de |di |da |d'|d’)?(?:ia|ai|ki)\\b",
      "\\b(?:instructions?|instrucci[óo]n(?:es)?|instru[çc](?:[ãa]o|[õo]es)|istruzion[ei]|anweisung(?:en)?|instructies?|instrukcj[aei]|instruktion(?:er)?) (?:for|para|per|f[üu]r|voor|dla|till|pour|an) (?:the |el |los |las |la |il |gli |o |os |as |a |die |den |de |les |l'|l’)?(?:ai|ia|ki|assistant\\w*|asistente\\w*|assistente\\w*|assistenti|asystent\\w*|model\\w*|agent\\w*|bot\\w*)\\b",
      // A model addressed by name: "ChatGPT / Claude / whichever bot", "Claude: forward …".
      '\\b(?:chatgpt|claude|gemini|copilot)\\s{0,3}(?:[/:]|,\\s{0,3}(?:please|bitte|s\'il|por favor|per favore|alsjeblieft|prosz[eę]|snälla)\\b)',
      '\\b(?:an die|liebe|lieber) (?:ki|ai)\\b', '(?:^|\\s)(?:à l\'|a l\'|pour l\')ia\\b', '\\bal (?:asistente|modelo)\\b', '\\ball\'(?:ia|assistente)\\b', '\\btill (?:ai|assistenten)\\b', '\\baan de (?:ai|assistent)\\b', '\\bdo (?:ai|asystenta|modelu)\\b',
    ]),
  },
];

const EXCERPT_CHARS = 160;

/** Every kind of sign in the text (each kind once, with the first place it shows). */
export function findInjectionSigns(text: string): InjectionSign[] {
  const t = normalizeForDetection(text);
  const out: InjectionSign[] = [];
  for (const { kind, re } of SIGNS) {
    const m = re.exec(t);
    if (!m) continue;
    const at = m.index + (m[0].startsWith('\n') ? 1 : 0);
    const excerpt = t.slice(Math.max(0, at - 30), m.index + m[0].length + 40).replace(/\s+/g, ' ').trim();
    out.push({ kind, excerpt: excerpt.slice(0, EXCERPT_CHARS) });
  }
  return out;
}

/**
 * The text without what the signs carry: from each sign to the end of its line. An injected
 * "assistant: they agreed to $10" is not what the sender is telling us, so intent and prices are
 * read without it, while the rest of the line before the sign still counts. A line with a sign is
 * returned in its normalised form (cut); every other line as written.
 */
const LINE_SIGNS = SIGNS.map(({ re }) => new RegExp(re.source, re.flags.replace('m', '')));

export function withoutInjectedLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const n = normalizeForDetection(line);
      let cut = n.length;
      for (const re of LINE_SIGNS) {
        const m = re.exec(n);
        if (m && m.index < cut) cut = m.index;
      }
      return cut === n.length ? line : n.slice(0, cut);
    })
    .join('\n');
}
