/**
 * PostgreSQL text and jsonb cannot hold U+0000: a value carrying it fails at insert, and in a
 * group-committed batch it would fail every item's transaction. Every route refuses it up front,
 * naming the field. Pure.
 */

/** The path of the first string (value or key) holding U+0000, or null. Bounded in depth. */
export function findNulPath(value: unknown, path: readonly string[], depth = 0): string[] | null {
  if (depth > 64) return null; // depth is refused before parsing (src/json-depth.ts)
  if (typeof value === 'string') return value.includes('\u0000') ? [...path] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNulPath(value[i], [...path, String(i)], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '\\u0000')];
      const hit = findNulPath(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}
