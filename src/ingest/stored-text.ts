/**
 * What the service stores of an email's text and HTML: runs of 16 or more blanks (space, tab,
 * no-break space) collapsed to one space, then at most MAX_STORED_TEXT_CHARS of text and
 * MAX_STORED_HTML_CHARS of HTML. Pure.
 *
 * Why here and not only in the classifier: on the embedded database (PGlite, WebAssembly in the
 * service's own thread) every statement that writes or reads a megabyte column holds the event loop
 * (a 900 KB reply cost ~100–300 ms per INSERT of the delivery, the message and its event, and again on
 * every `select` of the message by a later step), so `/healthz` waited. Bounded at the door, every later
 * statement moves kilobytes. Nothing a reader needs is lost: the classifier reads 32 KB, HTML is
 * converted from at most 256 KB (docs/security.md), and 16 blanks in a row carry no meaning to a
 * person. Linear, and cheap from the first call: a run of spaces is skipped a kilobyte at a time by a
 * native comparison, not character by character, and the scan stops once the bound is reached.
 */

export const MAX_STORED_TEXT_CHARS = 64 * 1024;
export const MAX_STORED_HTML_CHARS = 256 * 1024;
/** Runs of blanks this long or longer become one space (the classifier collapses the same runs). */
export const COLLAPSED_RUN = 16;

const BLOCK = ' '.repeat(1024);

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 0xa0;

const RUN_OF_SPACES = ' '.repeat(COLLAPSED_RUN);

export function boundStoredText(s: string, max: number): string {
  const n = s.length;
  // Most texts fit and have neither tabs, no-break spaces nor 16 spaces in a row: kept as they came
  // after three native searches (~10x cheaper than the loop below on a 4 KB reply).
  if (n <= max && !s.includes(RUN_OF_SPACES) && !s.includes('\t') && !s.includes('\u00a0')) return s;
  const parts: string[] = [];
  let kept = 0; // characters already in parts
  let from = 0; // start of the stretch not yet copied
  let i = 0;
  while (i < n && kept + (i - from) < max) {
    if (!isBlank(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (s.startsWith(BLOCK, j)) j += BLOCK.length;
    while (j < n && isBlank(s.charCodeAt(j))) j++;
    if (j - i >= COLLAPSED_RUN) {
      parts.push(s.slice(from, i), ' ');
      kept += i - from + 1;
      from = j;
    }
    i = j;
  }
  if (from === 0 && n <= max) return s; // nothing collapsed, nothing cut: the text as it came
  parts.push(s.slice(from, Math.min(n, from + Math.max(0, max - kept))));
  return parts.join('').slice(0, max);
}

export function boundStoredHtml(s: string | null): string | null {
  return s === null ? null : boundStoredText(s, MAX_STORED_HTML_CHARS);
}

/** The text fields of an Instantly webhook payload, bounded the same way before the delivery is stored. */
const PAYLOAD_TEXT_FIELDS = ['reply_text', 'reply_text_snippet', 'email_text'] as const;
const PAYLOAD_HTML_FIELDS = ['reply_html', 'email_html'] as const;

export function boundPayloadTexts<T extends Record<string, unknown>>(payload: T): T {
  let out: Record<string, unknown> | null = null;
  const bound = (key: string, max: number) => {
    const v = payload[key];
    if (typeof v !== 'string' || v.length <= COLLAPSED_RUN) return;
    const b = boundStoredText(v, max);
    if (b !== v) (out ??= { ...payload })[key] = b;
  };
  for (const k of PAYLOAD_TEXT_FIELDS) bound(k, MAX_STORED_TEXT_CHARS);
  for (const k of PAYLOAD_HTML_FIELDS) bound(k, MAX_STORED_HTML_CHARS);
  return (out ?? payload) as T;
}

/** An API email's `body {text, html}`, bounded the same way (the reconciler keeps the raw email). */
export function boundEmailBody<T extends { text?: string | null; html?: string | null }>(body: T): T {
  return {
    ...body,
    ...(typeof body.text === 'string' ? { text: boundStoredText(body.text, MAX_STORED_TEXT_CHARS) } : {}),
    ...(typeof body.html === 'string' ? { html: boundStoredText(body.html, MAX_STORED_HTML_CHARS) } : {}),
  };
}
