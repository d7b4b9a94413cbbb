/**
 * How deep a JSON text nests, measured on the raw text before anything parses it. Pure.
 * JSON.parse copes with any depth, but what follows it (schema validation, JSON.stringify for a jsonb
 * column, logging) recurses and overflows the stack on a document nested 100 000 levels deep.
 */

/** Deepest array/object nesting any route accepts (our own schemas need fewer than 10). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * True when the JSON text nests arrays/objects deeper than `max`. A linear scan that ignores
 * brackets inside strings; it does not validate (the parser does that next). UTF-8 continuation
 * bytes never equal an ASCII bracket or quote, so scanning bytes is exact.
 */
export function jsonNestsDeeperThan(text: Uint8Array | string, max: number = MAX_JSON_DEPTH): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
  }
  return false;
}

