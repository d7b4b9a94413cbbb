/**
 * Text as a detector should read it, whatever tricks were used to hide words from a pattern:
 * Unicode compatibility forms folded (NFKC: full-width letters, ligatures), invisible characters
 * removed, look-alike letters from other scripts mapped to Latin ("ѕуѕtеm" → "system") and letters
 * spaced out to dodge a word match joined ("d i s r e g a r d" → "disregard"). Only detectors read
 * this form; intent and facts are read from the text as written. Linear in the input length.
 */

/** The text a classifier reads at most: enough for any human reply, bounded for a hostile one. */
export const MAX_CLASSIFIED_CHARS = 32 * 1024;
const MAX_RAW_CHARS = 4 * 1024 * 1024;

/**
 * What any detector reads of a stored text: long runs of spaces collapsed (bounce notices align columns
 * with a few, so short runs stay), then at most MAX_CLASSIFIED_CHARS. The gates read the same bound.
 */
export function boundedText(s: string): string {
  return s.slice(0, MAX_RAW_CHARS).replace(/[ \t\u00a0]{16,}/g, ' ').slice(0, MAX_CLASSIFIED_CHARS);
}

// Zero-width and other invisible format characters (Cf) that split a word without showing.
const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]|\u034f|\u115f|\u1160|\u17b4|\u17b5|\u180b|\u180c|\u180d|\u180e|\u180f|[\ufe00-\ufe0f]/g;

// Cyrillic, Greek and other letters that look like Latin ones (Unicode's confusables, the common subset).
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ԁ: 'D',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ı: 'i', ℓ: 'l', '０': '0', '１': '1',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

// Four or more single letters, each followed by one separator: "d i s r e g a r d", "S.Y.S.T.E.M".
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:\p{L}[ .\-_*·]){3,}\p{L}(?![\p{L}\p{N}])/gu;

export function normalizeForDetection(text: string): string {
  return text
    .slice(0, MAX_CLASSIFIED_CHARS)
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[ \t\u00a0]{2,}/g, ' ')
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
    .replace(SPACED_LETTERS, (m) => m.replace(/[ .\-_*·]/g, ''));
}

// Text a reader does not see: HTML comments and elements styled invisible (display:none, zero or
// one-pixel fonts, white text, hidden visibility). Scanned with indexOf and bounded opening-tag
// patterns, so the work stays linear whatever the input.
const HIDDEN_OPENING = /<(\w{1,10})\b[^<>]{0,500}?style\s*=\s*["'][^"'<>]{0,500}?(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*[01](?:\.\d+)?(?:px|pt|em)?\b|color\s*:\s*(?:#fff(?:fff)?|white|transparent)\b|opacity\s*:\s*0(?:\.0+)?\b)[^<>]{0,500}>/gi;
const MAX_HIDDEN_PARTS = 50;
const MAX_HIDDEN_PART_CHARS = 4000;

interface Span {
  start: number;
  end: number;
  inner: string;
}

function hiddenSpans(src: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  while (spans.length < MAX_HIDDEN_PARTS) {
    const open = src.indexOf('<!--', at);
    if (open < 0) break;
    const close = src.indexOf('-->', open + 4);
    const end = close < 0 ? src.length : close + 3;
    spans.push({ start: open, end, inner: src.slice(open + 4, Math.min(close < 0 ? src.length : close, open + 4 + MAX_HIDDEN_PART_CHARS)) });
    at = end;
  }
  const lower = src.toLowerCase();
  for (const m of src.matchAll(HIDDEN_OPENING)) {
    if (spans.length >= MAX_HIDDEN_PARTS * 2) break;
    const from = m.index + m[0].length;
    const closeTag = lower.indexOf(`</${m[1]!.toLowerCase()}`, from);
    const stop = closeTag < 0 ? Math.min(src.length, from + MAX_HIDDEN_PART_CHARS) : closeTag;
    const closeEnd = closeTag < 0 ? stop : src.indexOf('>', closeTag) + 1 || src.length;
    spans.push({ start: m.index, end: closeEnd, inner: src.slice(from, Math.min(stop, from + MAX_HIDDEN_PART_CHARS)).replace(/<[^<>]{0,500}>/g, ' ') });
  }
  return spans;
}

/** What is hidden in the text or HTML: comment bodies and invisible elements' text. */
export function hiddenText(...sources: (string | null | undefined)[]): string {
  return sources
    .filter((s): s is string => !!s)
    .flatMap((s) => hiddenSpans(s.slice(0, MAX_CLASSIFIED_CHARS * 4)).map((sp) => sp.inner))
    .join('\n');
}

/** The text without what a reader does not see: what the sender visibly says. */
export function withoutHiddenText(text: string): string {
  if (!text.includes('<')) return text;
  const spans = hiddenSpans(text).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const sp of spans) {
    if (sp.start < at) continue;
    out += text.slice(at, sp.start) + ' ';
    at = sp.end;
  }
  return out + text.slice(at);
}
