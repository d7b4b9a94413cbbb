/**
 * The form two URLs are compared in when deciding whether a page links to our content: scheme
 * ignored (http and https are one page to a reader), host lower case without `www.`, default port
 * dropped, no fragment, no trailing slash on the path. The query stays: `?p=1` and `?p=2` are
 * different pages. Pure.
 */
export function normaliseUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  let path = u.pathname;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '/') path = '';
  return `${host}${port}${path}${u.search}`;
}

/** The host of a URL in the same normalised form (for "links to our site, but another page"). */
export function normalisedHost(raw: string, base?: string): string | null {
  const n = normaliseUrl(raw, base);
  if (n === null) return null;
  const cut = n.search(/[/?]/);
  return cut === -1 ? n : n.slice(0, cut);
}
