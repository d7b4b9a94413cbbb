/**
 * The compact word-boundary construction (word-regex.ts) must match exactly like the plain one it
 * replaced, for every phrase list the rules build: same index, same text, same groups. Every call the
 * rule modules make to `wordRegex` / `wordRegexList` is recorded, and each is compared with
 * `plainWordRegex` on many thousands of seeded random strings built from its own phrases (generated
 * from the pattern), other lists' phrases, and noise: letters the class holds and does not (é/É, ß,
 * ſ, the Kelvin sign, ı, ÷, ɓ), digits, punctuation, line breaks, case changes.
 */
import { describe, expect, it, vi } from 'vitest';
import { pick, rng, type Rng } from '../support/chaos-fuzz.ts';

const recorded = vi.hoisted(() => [] as Array<{ source: string | string[]; flags: string; list: boolean }>);

vi.mock('../../src/classify/rules/word-regex.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/classify/rules/word-regex.ts')>();
  return {
    ...m,
    wordRegex: (source: string | string[], flags = 'i') => {
      recorded.push({ source, flags, list: false });
      return m.wordRegex(source, flags);
    },
    wordRegexList: (source: string[], flags = 'i', max?: number) => {
      recorded.push({ source, flags, list: true });
      return m.wordRegexList(source, flags, max);
    },
  };
});

const { wordRegex, wordRegexList, plainWordRegex, firstMatch, MAX_OPTIMISED_SOURCE } = await import('../../src/classify/rules/word-regex.ts');
await import('../../src/classify/rules/classify-rules.ts');
const { NOT_INTERESTED_ML } = await import('../../src/classify/rules/intent-lexicon.ts');
/** The rules' own calls (the test's calls below are recorded too, after these). */
const calls = [...recorded];

const TRICKY = ['é', 'É', 'ß', 'ſ', '\u212a', 'ı', 'İ', 'µ', '÷', '×', 'ÿ', 'Ÿ', 'ɓ', 'Ɓ', 'ɐ', 'ł', 'Ł', 'ż', 'À', 'ɏ', '¿', '’', "'", '_', '0', '7', 'a', 'Z', 'k', 'K', 's', 'S'];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '! ', '? ', '\n', '\n\n', '-', '', '', ':', ';', '"', '(', ')', '\t', '\u00a0'];

type Gen = (r: Rng) => string;

/**
 * A generator of random strings the pattern source could match (a rough expansion, independent of
 * word-regex.ts's parser: `\b` and look-arounds emit nothing (a positive look-ahead often its text), a class one of its characters, `\w` a
 * letter). Compiled once per source.
 */
function compile(src: string): Gen {
  let i = 0;
  const atom = (): Gen => {
    const ch = src[i]!;
    if (ch === '\\') {
      const n = src[i + 1]!;
      i += 2;
      if (n === 'b' || n === 'B') return () => '';
      if (n === 'w') return (r) => pick(r, ['a', 'e', 'x', 'é', 'ł', '_', '3']);
      if (n === 's') return (r) => pick(r, [' ', ' ', '\n']);
      if (n === 'd') return (r) => String(Math.floor(r() * 10));
      if (n === 'n') return () => '\n';
      return () => n;
    }
    if (ch === '[') {
      const end = src.indexOf(']', src[i + 1] === ']' ? i + 2 : i + 1);
      const body = src.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) return (r) => pick(r, [' ', 'x', 'e', ',']);
      const chars: Gen[] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k] === '\\') {
          const c = body[k + 1] === 's' ? ' ' : body[k + 1]!;
          chars.push(() => c);
          k++;
        } else if (body[k + 1] === '-' && k + 2 < body.length) {
          const lo = body.charCodeAt(k);
          const hi = body.charCodeAt(k + 2);
          chars.push((r) => String.fromCharCode(lo + Math.floor(r() * (hi - lo + 1))));
          k += 2;
        } else {
          const c = body[k]!;
          chars.push(() => c);
        }
      }
      return (r) => pick(r, chars)(r);
    }
    if (ch === '(') {
      const look = /^\(\?(?:<=|<!|=|!)/.exec(src.slice(i, i + 4));
      i += look ? look[0].length : src.startsWith('(?:', i) ? 3 : 1;
      const alts = alternation();
      i++; // ')'
      // What a positive look-ahead asks for is often written out, so that the patterns that need it can match.
      if (look?.[0] === '(?=') return (r) => (r() < 0.7 ? pick(r, alts)(r) : '');
      return look ? () => '' : (r) => pick(r, alts)(r);
    }
    i++;
    if (ch === '^' || ch === '$') return () => '';
    return ch === '.' ? (r) => pick(r, ['x', ' ', 'é']) : () => ch;
  };
  const sequence = (): Gen => {
    const parts: Gen[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const a = atom();
      const q = /^(?:\?|\*|\+|\{(\d+)(?:,(\d*))?\})\??/.exec(src.slice(i, i + 12));
      if (q) {
        i += q[0].length;
        const lo = q[0][0] === '?' || q[0][0] === '*' ? 0 : q[0][0] === '+' ? 1 : Number(q[1]);
        const hi = q[0][0] === '?' ? 1 : q[0][0] !== '{' ? 3 : q[2] === undefined ? lo : q[2] === '' ? lo + 3 : Math.min(Number(q[2]), lo + 4);
        parts.push((r) => Array.from({ length: lo + Math.floor(r() * (hi - lo + 1)) }, () => a(r)).join(''));
      } else parts.push(a);
    }
    return (r) => parts.map((p) => p(r)).join('');
  };
  const alternation = (): Gen[] => {
    const alts = [sequence()];
    while (src[i] === '|') {
      i++;
      alts.push(sequence());
    }
    return alts;
  };
  const alts = alternation();
  return (r) => pick(r, alts)(r);
}

const compiled = new Map<string, Gen>();
function expand(src: string, r: Rng): string {
  let g = compiled.get(src);
  if (!g) compiled.set(src, (g = compile(src)));
  return g(r);
}

function recase(s: string, r: Rng): string {
  const x = r();
  return x < 0.6 ? s : x < 0.75 ? s.toUpperCase() : x < 0.9 ? s.charAt(0).toUpperCase() + s.slice(1) : [...s].map((c) => (r() < 0.3 ? c.toUpperCase() : c)).join('');
}

function sample(own: string[], all: string[], r: Rng): string {
  let out = '';
  const pieces = 1 + Math.floor(r() * 4);
  for (let k = 0; k < pieces; k++) {
    const x = r();
    if (x < 0.15) out += TRICKY[Math.floor(r() * TRICKY.length)]!;
    else if (x < 0.25) out += expand(all[Math.floor(r() * all.length)]!, r);
    else {
      let phrase = recase(expand(own[Math.floor(r() * own.length)]!, r), r);
      // Noise against the phrase's edges and inside it: where a boundary is decided.
      if (r() < 0.3) phrase = TRICKY[Math.floor(r() * TRICKY.length)]! + phrase;
      if (r() < 0.3) phrase += TRICKY[Math.floor(r() * TRICKY.length)]!;
      if (r() < 0.1 && phrase.length > 2) {
        const at = Math.floor(r() * phrase.length);
        phrase = phrase.slice(0, at) + TRICKY[Math.floor(r() * TRICKY.length)]! + phrase.slice(at + (r() < 0.5 ? 1 : 0));
      }
      out += phrase;
    }
    out += SEPARATORS[Math.floor(r() * SEPARATORS.length)]!;
  }
  return out;
}

const describeMatch = (m: RegExpExecArray | null) => (m ? { index: m.index, groups: [...m] } : null);

describe('the compact word-boundary construction matches exactly like the plain one', () => {
  it('records the rules’ pattern builders', () => {
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.some((c) => c.list)).toBe(true);
  });

  const STRINGS = 3000;
  it(`every list the rules build, ${STRINGS} seeded strings each: same index, text and groups`, () => {
    const all = calls.flatMap((c) => (Array.isArray(c.source) ? c.source : [c.source]));
    let compared = 0;
    let matched = 0;
    calls.forEach((c, n) => {
      const own = Array.isArray(c.source) ? c.source : [c.source];
      const plain = plainWordRegex(c.source, c.flags);
      const compact = c.list ? wordRegexList(own, c.flags) : [wordRegex(c.source, c.flags)];
      const r = rng(1000 + n);
      let hits = 0;
      for (let k = 0; k < STRINGS; k++) {
        const s = sample(own, all, r);
        if (plain.global) {
          const want = [...s.matchAll(plain)].map((m) => ({ index: m.index, groups: [...m] }));
          const got = [...s.matchAll(compact[0]!)].map((m) => ({ index: m.index, groups: [...m] }));
          if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${String(c.source).slice(0, 60)} on ${JSON.stringify(s)}`).toEqual(want);
          if (want.length) hits++;
        } else {
          const want = describeMatch(plain.exec(s));
          const got = describeMatch(firstMatch(s, compact));
          if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${String(c.source).slice(0, 60)} on ${JSON.stringify(s)}`).toEqual(want);
          if (want) hits++;
        }
        compared++;
      }
      // The strings reach the patterns: most lists match a good share of them.
      expect(hits, String(c.source).slice(0, 80)).toBeGreaterThan(STRINGS / 20);
      matched += hits;
    });
    expect(compared).toBe(calls.length * STRINGS);
    expect(matched).toBeGreaterThan(compared / 4);
  });

  it('long replies: the pipeline’s several paragraphs, phrases spread through them', () => {
    const all = calls.flatMap((c) => (Array.isArray(c.source) ? c.source : [c.source]));
    const r = rng(7);
    const texts = Array.from({ length: 40 }, () => Array.from({ length: 60 }, () => sample(all, all, r)).join(' '));
    for (const c of calls) {
      const plain = plainWordRegex(c.source, c.flags);
      const compact = c.list ? wordRegexList(c.source as string[], c.flags) : [wordRegex(c.source, c.flags)];
      for (const s of texts) {
        if (plain.global) expect([...s.matchAll(compact[0]!)].map((m) => [m.index, m[0]])).toEqual([...s.matchAll(plain)].map((m) => [m.index, m[0]]));
        else expect(describeMatch(firstMatch(s, compact))).toEqual(describeMatch(plain.exec(s)));
      }
    }
  });

  it('boundaries next to letters outside ASCII, as the plain construction reads them', () => {
    const cases: Array<[string, string, number | null]> = [
      ['\\bpiù\\b', 'di più.', 3], ['\\bpiù\\b', 'di piùx', null], ['\\bè\\b', 'questo è bello', 7], ['\\bè\\b', 'cioè', null],
      ['\\b(?:it|yours)\\b', 'take yours!', 5], ['\\b(?:it|yours)\\b', 'yoursé', null], ['\\bno\\b', 'NO.', 0], ['\\bno\\b', 'Nó', null],
      ['x\\b', 'x÷', null], ['x\\b', 'x ', 0], ['\\w+\\b', '  żółw.', 2],
    ];
    for (const [src, text, index] of cases) {
      expect(wordRegex(src).exec(text)?.index ?? null, `${src} on ${text}`).toBe(index);
      expect(plainWordRegex(src).exec(text)?.index ?? null).toBe(index);
    }
  });

  it('keeps every pattern short enough for V8 to optimise (the decline list as one was 59 KB)', () => {
    expect(Math.max(...calls.filter((c) => c.list).map((c) => plainWordRegex(c.source).source.length))).toBeGreaterThan(MAX_OPTIMISED_SOURCE);
    for (const c of calls) {
      const res = c.list ? wordRegexList(c.source as string[], c.flags) : [wordRegex(c.source, c.flags)];
      for (const re of res) expect(re.source.length).toBeLessThanOrEqual(MAX_OPTIMISED_SOURCE);
    }
    expect(NOT_INTERESTED_ML.length).toBeGreaterThan(1);
    // Alternatives without the shared word-start check are patterns of their own, in their order.
    const split = wordRegexList(['\\bfoo\\b', '\\bbar', '(?:^|-)baz', 'qux\\b']).map((re) => re.source.match(/foo|bar|baz|qux/g));
    expect(split).toEqual([['foo', 'bar'], ['baz', 'qux']]);
    expect(() => wordRegex(Array.from({ length: 3000 }, (_, k) => `\\bphrase number ${k}\\b`))).toThrow(/wordRegexList/);
  });
});
