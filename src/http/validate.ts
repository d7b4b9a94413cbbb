import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** PostgreSQL text cannot hold U+0000: refuse it up front, naming the field, instead of failing at insert. */
function findNul(value: unknown, path: string[], depth = 0): string[] | null {
  if (depth > 64) return null; // the schema rejects absurd nesting on its own
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], [...path, String(i)], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return [...path, k];
      const hit = findNul(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** Parses untrusted input; the 400 names the first bad field by its path (e.g. `body.domain`). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const nul = findNul(value, [where]);
  if (nul) {
    const field = nul.join('.');
    throw new AppError('VALIDATION', `${field}: must not contain the NUL character`, { field });
  }
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path = [...path, ...issue.keys];
  const field = [where, ...path].join('.');
  const msg = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  throw new AppError('VALIDATION', `${field}: ${msg}`, { field });
}
