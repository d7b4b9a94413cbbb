/**
 * Finds links and email addresses in free text, normalised for comparison. Bare domains ("evil.xyz")
 * count as links, because a model talked into adding one would not bother with a scheme.
 */
const EMAIL_RE = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}\b/gi;
const SCHEME_URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const WWW_URL_RE = /\bwww\.[^\s<>"'`]+/gi;
const BARE_DOMAIN_RE = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b(?:\/[^\s<>"'`]*)?/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;
const DOT_BEFORE_LABEL = /\.[a-z0-9]/i;

export interface FoundLink {
  /** As written (trailing punctuation removed). */
  raw: string;
  /** host + path (+ query), lower-cased host, no scheme, no `www.`, no trailing slash, no fragment. */
  normalized: string;
  host: string;
}

/** HTML bodies carry `&amp;` in hrefs; decode the few entities that change how a URL reads. */
const decodeEntities = (s: string): string =>
  s.replace(/&amp;/gi, '&').replace(/&#x2f;|&#47;/gi, '/').replace(/&quot;/gi, '"').replace(/&#39;/g, "'");

export function normalizeLink(raw: string): FoundLink | null {
  const trimmed = raw.replace(TRAILING_PUNCTUATION, '');
  const withoutScheme = trimmed.replace(/^https?:\/\//i, '').replace(/#.*$/, '');
  const slash = withoutScheme.search(/[/?]/);
  const hostPart = (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
  const host = hostPart.replace(/^www\./, '').replace(/:\d+$/, '').replace(/\.$/, '');
  if (!/^(?:[a-z0-9-]+\.)+[a-z]{2,24}$/.test(host)) return null;
  const rest = (slash === -1 ? '' : withoutScheme.slice(slash)).replace(/\/+$/, '').replace(/\/(?=\?)/, '');
  return { raw: trimmed, normalized: host + rest, host };
}

// An address needs an "@" (decoding entities makes none): most thread texts have none, and the
// pattern would otherwise try a run of address characters at every position of a long text.
const mayHoldEmail = (s: string): boolean => s.includes('@');

export function findEmails(text: string): string[] {
  const decoded = decodeEntities(text);
  return mayHoldEmail(decoded) ? [...decoded.matchAll(EMAIL_RE)].map((m) => m[0].toLowerCase()) : [];
}

export function findLinks(text: string): FoundLink[] {
  // Blank out each kind once found, so an email's domain or a URL's host is not found again as a bare domain.
  const decoded = decodeEntities(text);
  let rest = mayHoldEmail(decoded) ? decoded.replace(EMAIL_RE, ' ') : decoded;
  const found: FoundLink[] = [];
  for (const re of [SCHEME_URL_RE, WWW_URL_RE, BARE_DOMAIN_RE]) {
    // a bare domain has a dot before a letter or digit (a label's or the TLD's first); prose without
    // one cannot hold any, and the pattern would try a label at every word of a long text
    if (re === BARE_DOMAIN_RE && !DOT_BEFORE_LABEL.test(rest)) continue;
    for (const m of rest.matchAll(re)) {
      const link = normalizeLink(m[0]);
      if (link) found.push(link);
    }
    rest = rest.replace(re, ' ');
  }
  return found;
}
