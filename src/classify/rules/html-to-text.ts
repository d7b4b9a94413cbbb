/**
 * A small HTML → text conversion for classification only (the parser skips mailparser's, which is
 * slow). Quoted history in <blockquote> and the usual client quote containers comes out prefixed
 * with "> " so that strip-quoted treats it like a plain-text quote.
 */

const ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", euro: '€', pound: '£', yen: '¥',
  copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const BLOCK = /^(p|div|br|tr|li|h[1-6]|table|blockquote|pre|hr|ul|ol|dl|dt|dd|section|article|header|footer)$/i;
// Containers clients put quoted history in (Gmail, Yahoo, Outlook web, Apple Mail, Thunderbird).
const QUOTE_CLASS = /\b(gmail_quote|yahoo_quoted|moz-cite-prefix|OutlookMessageHeader|divRplyFwdMsg|x_divRplyFwdMsg|ms-outlook-mobile-reference-message|AppleOriginalContents|zmail_extra|protonmail_quote)\b/i;

/**
 * The HTML without comments, scripts, styles and the head: found with indexOf, so an unclosed
 * "<!--" or "<script" costs one scan, not one per occurrence.
 */
function withoutBlocks(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let at = 0;
  const openers: [string, string][] = [['<!--', '-->'], ['<script', '</script'], ['<style', '</style'], ['<head', '</head'], ['<title', '</title']];
  for (;;) {
    let next = -1;
    let close = '';
    for (const [open, end] of openers) {
      const i = lower.indexOf(open, at);
      if (i >= 0 && (next < 0 || i < next)) {
        next = i;
        close = end;
      }
    }
    if (next < 0) return out + html.slice(at);
    out += html.slice(at, next);
    const endAt = lower.indexOf(close, next + 2);
    if (endAt < 0) return out;
    const gt = close === '-->' ? endAt + 3 : lower.indexOf('>', endAt);
    at = gt < 0 ? html.length : close === '-->' ? gt : gt + 1;
  }
}

export function htmlToText(html: string): string {
  const src = withoutBlocks(html.slice(0, 512 * 1024));
  const out: string[] = [];
  let line = '';
  let quoteDepth = 0;
  // Tracks which open <div>s started a quote, so the matching </div> ends it.
  const divStack: boolean[] = [];
  const flush = () => {
    const t = line.replace(/[ \t\u00a0]+/g, ' ').trim();
    out.push(quoteDepth > 0 && t ? `> ${t}` : t);
    line = '';
  };
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,20})([^<>]{0,4000})>|([^<]+)|</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    if (m[2] === undefined && m[4] === undefined) continue; // a stray "<"
    if (m[4] !== undefined) {
      line += decodeEntities(m[4].replace(/\s+/g, ' '));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (tag === 'blockquote') {
      flush();
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
      continue;
    }
    if (tag === 'div') {
      if (!closing) {
        const isQuote = QUOTE_CLASS.test(attrs) || /border-top:\s*solid/i.test(attrs);
        divStack.push(isQuote);
        if (isQuote) {
          flush();
          quoteDepth++;
        }
      } else if (divStack.pop()) {
        flush();
        quoteDepth = Math.max(0, quoteDepth - 1);
      }
    }
    if (tag === 'a' && !closing) {
      // Keep link targets: a placed-link confirmation often shows only "here" as the anchor text.
      const href = /href\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
      if (href && /^https?:/i.test(href)) line += ` ${decodeEntities(href)} `;
    }
    if (BLOCK.test(tag)) flush();
  }
  flush();
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
