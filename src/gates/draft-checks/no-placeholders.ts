import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { findMatches, type Pattern } from '../detect/find-matches.ts';
import type { DraftToCheck } from './types.ts';

const GATE = 'draft-no-placeholders';

/** Template leftovers and filler that must never reach a partner. */
const PLACEHOLDERS: readonly Pattern<string>[] = [
  { kind: 'mustache', re: /\{\{[^}]*\}\}/ },
  { kind: 'template-literal', re: /\$\{[^}]*\}/ },
  { kind: 'brace-field', re: /\{\s*[A-Za-z_][\w.]*\s*\}/ },
  {
    kind: 'bracket-field',
    re: /\[(?:[A-Z][A-Z0-9 _-]{1,40}|(?:your|insert|add|enter|their|recipient'?s?|first|last|company|contact) [^\]]{0,40}|name|link|url|date|price|company)\]/i,
  },
  { kind: 'angle-field', re: /<\s*(?:name|first[ _]?name|your[ _]name|link|url|company|price|date)\s*>/i },
  { kind: 'todo', re: /\b(?:TODO|TBD|FIXME|XXX)\b/ },
  { kind: 'lorem', re: /\blorem\b|\bipsum dolor\b/i },
  { kind: 'code-leftover', re: /\bundefined\b|\bNaN\b|\[object Object\]/ },
  { kind: 'printf', re: /(?:^|\s)%[sd](?=\s|$)/m },
];

export function draftNoPlaceholders(draft: DraftToCheck): GateResult {
  const found = findMatches(`${draft.subject ?? ''}\n${draft.text}`, PLACEHOLDERS);
  const inputs = { placeholders: found };
  if (found.length > 0) return trip(GATE, `the draft contains placeholders: ${found.map((f) => f.excerpt).join(', ')}`, inputs);
  return pass(GATE, 'no placeholders in the draft', inputs);
}
