export interface Pattern<K extends string> {
  kind: K;
  re: RegExp;
}

export interface PatternMatch<K extends string> {
  kind: K;
  excerpt: string;
}

const EXCERPT_MAX = 80;

/** First match of every pattern, with a short excerpt for the approver. Patterns must not be global. */
export function findMatches<K extends string>(text: string, patterns: readonly Pattern<K>[]): PatternMatch<K>[] {
  const found: PatternMatch<K>[] = [];
  for (const { kind, re } of patterns) {
    const m = re.exec(text);
    if (m) found.push({ kind, excerpt: m[0].replace(/\s+/g, ' ').trim().slice(0, EXCERPT_MAX) });
  }
  return found;
}
