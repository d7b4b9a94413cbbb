/**
 * Regular expressions whose `\b` knows the letters of our nine languages. JavaScript's `\b` sees
 * "è", "ó" or "ł" as non-word characters, so `\bè` never matches after a space and `più\b` never
 * matches before one. Each `\b` becomes a lookaround over ASCII word characters and the Latin-1 and
 * Latin Extended letters (no `u` flag: Unicode property classes under `iu` are a hundred times slower
 * in V8, which matters on a hostile 1 MB body). Constant work per position, so a linear pattern stays
 * linear. `\w` is widened the same way.
 *
 * The widened source is kept short: V8 does not optimise a pattern whose source is longer than 20 KB
 * (`kRegExpTooLargeToOptimize`), and the decline list, written with the full four-lookaround `\b`
 * everywhere, was 59 KB and took 2 ms of CPU on a 2 KB reply (the INTERESTED list, 16 KB, 0.16 ms).
 * So the class is written with its characters rather than `\u` escapes (the same code points), and a
 * `\b` whose neighbour is known to be a letter becomes the one look-around that can still fail: after
 * a letter `\b` is "no letter follows", before a letter it is "no letter precedes" (see `compactWiden`).
 */
export const LETTER = 'a-z0-9_\\u00c0-\\u024f';
const BOUNDARY = `(?:(?<![${LETTER}])(?=[${LETTER}])|(?<=[${LETTER}])(?![${LETTER}]))`;

// A leading `\b` after a non-letter can only be a word start: say so, so that a position inside a
// run of spaces or dashes is rejected by one look-ahead instead of by every alternative (measured: a
// 32 KB run of spaces took the 300-phrase decline list 125 ms, now a few).
const LEADING = `(?<![${LETTER}])(?=[${LETTER}])`;

/** The letter class with its characters themselves: the same code points as LETTER, 13 characters instead of 22. */
const C = '[a-z0-9_\u00c0-\u024f]';
const C_BOUNDARY = `(?:(?<!${C})(?=${C})|(?<=${C})(?!${C}))`;
const C_LEADING = `(?<!${C})(?=${C})`;
const AFTER_LETTER = `(?!${C})`;
const BEFORE_LETTER = `(?<!${C})`;

/** The construction as it was (every `\b` the full boundary, `\u` escapes): the reference the compact one is tested against. */
function plainWiden(s: string): string {
  return s.replace(/\\b/g, BOUNDARY).replace(/\\w/g, `[${LETTER}]`);
}

/** Whether a code unit is in the letter class by itself (a-z, 0-9, _, U+00C0–U+024F). */
function inLetters(cp: number): boolean {
  return (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || cp === 95 || (cp >= 0xc0 && cp <= 0x24f);
}
const LETTER_RANGES: Array<[number, number]> = [[97, 122], [48, 57], [95, 95], [0xc0, 0x24f]];

/**
 * One item of a parsed pattern. `letter` is true when every character the item can consume is one
 * the letter class matches (under the same flags: a literal "é" under `i` also matches "É", and so
 * does the class). `min` is the quantifier's lower bound (1 when unquantified).
 */
interface Item {
  kind: 'char' | 'class' | 'group' | 'zero' | 'b';
  letter: boolean;
  min: number;
  alts?: Item[][];
  /** Token index of a `\b`, to write its replacement. */
  tok?: number;
}

/**
 * Tokenize and parse the subset of pattern syntax the rule lists use; null for anything else
 * (escaped backslashes, back-references, named groups, `\b`/`\w` inside a class, quantified
 * assertions, unbalanced groups), and the caller then keeps the plain construction.
 */
function parse(s: string): { toks: string[]; root: Item[][] } | null {
  const toks: string[] = [];
  const stack: { alts: Item[][]; zero: boolean }[] = [{ alts: [[]], zero: false }];
  const seq = () => stack[stack.length - 1]!.alts[stack[stack.length - 1]!.alts.length - 1]!;
  const push = (src: string, item: Omit<Item, 'min'>) => {
    toks.push(src);
    seq().push({ ...item, min: 1 });
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\') {
      const n = s[i + 1];
      if (n === undefined || n === '\\' || n === 'c' || n === 'k' || n === 'u' || n === 'x' || /[0-9]/.test(n)) return null;
      // `\b` and `\w` are written widened at once (the full boundary unless `compactWiden` finds better).
      const src = n === 'b' ? C_BOUNDARY : n === 'w' ? C : s.slice(i, i + 2);
      if (n === 'b') push(src, { kind: 'b', letter: false, tok: toks.length });
      else if (n === 'B') push(src, { kind: 'zero', letter: false });
      else push(src, { kind: 'class', letter: n === 'w' || n === 'd' });
      i += 2;
    } else if (ch === '[') {
      let j = i + 1;
      if (s[j] === '^') j++;
      const negated = j > i + 1;
      const members: Array<[number, number]> = [];
      let simple = !negated;
      if (s[j] === ']') return null; // `[]` / `[^]`: not in the lists
      while (j < s.length && s[j] !== ']') {
        if (s[j] === '\\') {
          const n = s[j + 1];
          if (n === undefined || n === 'b' || n === 'w' || n === '\\' || n === 'c' || n === 'u' || n === 'x') return null;
          simple = false;
          j += 2;
          continue;
        }
        const lo = s.charCodeAt(j);
        if (s[j + 1] === '-' && s[j + 2] !== undefined && s[j + 2] !== ']' && s[j + 2] !== '\\') {
          members.push([lo, s.charCodeAt(j + 2)]);
          j += 3;
        } else {
          members.push([lo, lo]);
          j++;
        }
      }
      if (j >= s.length) return null;
      const letter = simple && members.length > 0 && members.every(([lo, hi]) => LETTER_RANGES.some(([a, b]) => lo >= a && hi <= b && lo <= hi));
      push(s.slice(i, j + 1), { kind: 'class', letter });
      i = j + 1;
    } else if (ch === '(') {
      const look = /^\(\?(?:=|!|<=|<!)/.exec(s.slice(i, i + 4));
      let src = '(';
      if (look) src = look[0];
      else if (s.startsWith('(?:', i)) src = '(?:';
      else if (s[i + 1] === '?') return null;
      toks.push(src);
      stack.push({ alts: [[]], zero: !!look });
      i += src.length;
    } else if (ch === ')') {
      if (stack.length < 2) return null;
      const g = stack.pop()!;
      toks.push(')');
      seq().push({ kind: g.zero ? 'zero' : 'group', letter: false, min: 1, alts: g.alts });
      i++;
    } else if (ch === '|') {
      toks.push('|');
      stack[stack.length - 1]!.alts.push([]);
      i++;
    } else if (ch === '?' || ch === '*' || ch === '+' || (ch === '{' && /^\{\d+(?:,\d*)?\}/.test(s.slice(i)))) {
      const q = ch === '{' ? /^\{(\d+)(?:,\d*)?\}\??/.exec(s.slice(i))! : /^[?*+]\??/.exec(s.slice(i))!;
      const last = seq()[seq().length - 1];
      if (!last || last.kind === 'zero' || last.kind === 'b') return null;
      last.min = ch === '{' ? Number(q[1]) : ch === '+' ? last.min : 0;
      toks.push(q[0]);
      i += q[0].length;
    } else if (ch === '^' || ch === '$') {
      push(ch, { kind: 'zero', letter: false });
      i++;
    } else {
      push(ch, { kind: ch === '.' ? 'class' : 'char', letter: ch !== '.' && inLetters(s.charCodeAt(i)) });
      i++;
    }
  }
  return stack.length === 1 ? { toks, root: stack[0]!.alts } : null;
}

/** The item consumes at least one character and every character it can consume first is a letter. */
function startsWithLetter(item: Item): boolean {
  if (item.min < 1) return false;
  if (item.kind === 'group') return item.alts!.every((a) => edgeIsLetter(a, 'first'));
  return item.kind !== 'zero' && item.kind !== 'b' && item.letter;
}
function endsWithLetter(item: Item): boolean {
  if (item.min < 1) return false;
  if (item.kind === 'group') return item.alts!.every((a) => edgeIsLetter(a, 'last'));
  return item.kind !== 'zero' && item.kind !== 'b' && item.letter;
}
const consumes = (item: Item) => item.kind !== 'zero' && item.kind !== 'b';

/** The first (or last) consuming item of an alternative is certain to consume a letter there. */
function edgeIsLetter(alt: Item[], edge: 'first' | 'last'): boolean {
  const c = edge === 'first' ? alt.find(consumes) : alt.findLast(consumes);
  return c !== undefined && (edge === 'first' ? startsWithLetter(c) : endsWithLetter(c));
}

/**
 * `\b` between positions p-1 and p holds when exactly one of the two characters is a letter. In a
 * match, the nearest consuming item before the `\b` (assertions take no characters) consumed the
 * character at p-1; when that item can only consume letters, `\b` is exactly "p is no letter",
 * `(?!C)`. Likewise before an item that can only start with a letter, `\b` is `(?<!C)`. The full
 * boundary's two branches exclude each other, so replacing it adds or removes no choice point and
 * the first match found (its index and text) is the same. Anything else keeps the full boundary.
 */
function compactWiden(s: string): string {
  const parsed = parse(s);
  if (!parsed) return plainWiden(s);
  const out = [...parsed.toks];
  const visit = (alts: Item[][]) => {
    for (const alt of alts) {
      alt.forEach((item, k) => {
        if (item.alts) visit(item.alts);
        if (item.kind !== 'b') return;
        const before = alt.slice(0, k).findLast(consumes);
        const after = alt.slice(k + 1).find(consumes);
        if (before && endsWithLetter(before)) out[item.tok!] = AFTER_LETTER;
        else if (after && startsWithLetter(after)) out[item.tok!] = BEFORE_LETTER;
      });
    }
  };
  visit(parsed.root);
  return out.join('');
}

/** V8 leaves a pattern whose source is longer than this unoptimised (see the top of this file). */
export const MAX_OPTIMISED_SOURCE = 20 * 1024;

/** The alternatives in order, widened: those that start at a word start (their `\b` dropped, one leading check for all) first. */
function alternatives(source: string | string[], widen: (s: string) => string): { leading: string[]; others: string[] } {
  const parts = Array.isArray(source) ? source : [source];
  return {
    leading: parts.filter((p) => p.startsWith('\\b')).map((p) => widen(p.slice(2))),
    others: parts.filter((p) => !p.startsWith('\\b')).map(widen),
  };
}

function joined(leading: string[], others: string[], leadingCheck: string): string {
  const grouped = leading.length ? [`${leadingCheck}(?:${leading.join('|')})`] : [];
  return [...grouped, ...others].join('|');
}

/**
 * Alternatives that all start at a word start share one leading check, so each position of the text
 * pays for one lookbehind rather than one per alternative. Throws when the compact source is still
 * too long for V8 to optimise (a list that long is split with `wordRegexList`).
 */
export function wordRegex(source: string | string[], flags = 'i'): RegExp {
  // `u`/`v` change what escapes and classes mean: keep the plain construction there.
  if (/[uv]/.test(flags)) return plainWordRegex(source, flags);
  const { leading, others } = alternatives(source, compactWiden);
  const re = new RegExp(joined(leading, others, C_LEADING), flags);
  if (re.source.length > MAX_OPTIMISED_SOURCE) throw new Error(`wordRegex: ${re.source.length} characters of source, more than V8 optimises (${MAX_OPTIMISED_SOURCE}); use wordRegexList`);
  return re;
}

/** The plain construction (every `\b` the full boundary): what `wordRegex` must match exactly like. */
export function plainWordRegex(source: string | string[], flags = 'i'): RegExp {
  const { leading, others } = alternatives(source, plainWiden);
  return new RegExp(joined(leading, others, LEADING), flags);
}

/**
 * A long list as several patterns, each short enough for V8 to optimise, the alternatives in their
 * order. Where the list as one pattern first matches is the earliest of the parts' first matches, and
 * at that index the one pattern takes the first alternative that matches there, which is in the
 * first part that matches there: `firstMatch` returns exactly what the one pattern's `exec` would.
 */
export function wordRegexList(source: string[], flags = 'i', maxSource = MAX_OPTIMISED_SOURCE / 2): RegExp[] {
  if (/[guvy]/.test(flags)) throw new Error('wordRegexList: flags g, y, u, v are not supported');
  const { leading, others } = alternatives(source, compactWiden);
  const items = [...leading.map((s) => ({ s, lead: true })), ...others.map((s) => ({ s, lead: false }))];
  const out: RegExp[] = [];
  let chunk: typeof items = [];
  const flush = () => {
    if (!chunk.length) return;
    out.push(new RegExp(joined(chunk.filter((c) => c.lead).map((c) => c.s), chunk.filter((c) => !c.lead).map((c) => c.s), C_LEADING), flags));
    chunk = [];
  };
  let size = 0;
  for (const item of items) {
    // The alternatives without the shared leading check get patterns of their own: beside the leading
    // group, each was tried at every position (the INTERESTED list: 0.02 ms a reply as two patterns,
    // 0.08 as one).
    const leadingEnds = chunk.length > 0 && chunk[chunk.length - 1]!.lead && !item.lead;
    if (leadingEnds || (chunk.length && size + item.s.length + 1 > maxSource - C_LEADING.length - 6)) {
      flush();
      size = 0;
    }
    chunk.push(item);
    size += item.s.length + 1;
  }
  flush();
  return out;
}

/** Whether any of the patterns matches: what the one pattern's `test` would say. */
export function anyMatch(text: string, res: readonly RegExp[]): boolean {
  return res.some((re) => re.test(text));
}

/** The first match of any of the patterns: the earliest index, and at a tie the earlier pattern's. */
export function firstMatch(text: string, res: readonly RegExp[]): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  for (const re of res) {
    const m = re.exec(text);
    if (m && (best === null || m.index < best.index)) best = m;
  }
  return best;
}
