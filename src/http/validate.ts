import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { findNulPath } from '../nul-character.ts';
import { plainErrors } from './issue-message.ts';

/**
 * Parses untrusted input; the 400 names the first bad field by its path and says what is wrong in the
 * API's one wording (src/http/issue-message.ts): `body.email: is required`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const nul = findNulPath(value, [where]);
  if (nul) {
    const field = nul.join('.');
    throw new AppError('VALIDATION', `${field}: must not contain the NUL character`, { field });
  }
  const r = schema.safeParse(value ?? {}, { error: plainErrors });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  let path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path = [...path, ...issue.keys];
  const field = [where, ...path].join('.');
  throw new AppError('VALIDATION', `${field}: ${issue.message}`, { field });
}
