/**
 * Regular expressions whose `\b` knows the letters of our nine languages. JavaScript's `\b` sees
 * "è", "ó" or "ł" as non-word characters, so `\bè` never matches after a space and `più\b` never
 * matches before one. Each `\b` becomes a lookaround over ASCII word characters and the Latin-1 and
 * Latin Extended letters (no `u` flag: Unicode property classes under `iu` are a hundred times slower
 * in V8, which matters on a hostile 1 MB body). Constant work per position, so a linear pattern stays
 * linear. `\w` is widened the same way.
 */
export const LETTER = 'a-z0-9_\\u00c0-\\u024f';
const BOUNDARY = `(?:(?<![${LETTER}])(?=[${LETTER}])|(?<=[${LETTER}])(?![${LETTER}]))`;

// A leading `\b` after a non-letter can only be a word start: say so, so that a position inside a
// run of spaces or dashes is rejected by one look-ahead instead of by every alternative (measured: a
// 32 KB run of spaces took the 300-phrase decline list 125 ms, now a few).
const LEADING = `(?<![${LETTER}])(?=[${LETTER}])`;

/**
 * Alternatives that all start at a word start share one leading check, so each position of the text
 * pays for one lookbehind rather than one per alternative.
 */
export function wordRegex(source: string | string[], flags = 'i'): RegExp {
  const parts = Array.isArray(source) ? source : [source];
  const widen = (s: string) => s.replace(/\\b/g, BOUNDARY).replace(/\\w/g, `[${LETTER}]`);
  const leading = parts.filter((p) => p.startsWith('\\b')).map((p) => widen(p.slice(2)));
  const others = parts.filter((p) => !p.startsWith('\\b')).map(widen);
  const grouped = leading.length ? [`${LEADING}(?:${leading.join('|')})`] : [];
  return new RegExp([...grouped, ...others].join('|'), flags);
}
