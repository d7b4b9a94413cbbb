/**
 * One wording for every validation error the API returns: `<field>: <what is wrong>` in plain words
 * ("body.email: is required", "query.limit: must be at most 500"), instead of zod's defaults ("Invalid
 * input: expected string, received undefined"). Used as zod's per-parse error map, so a message a schema
 * sets itself (`z.string().email('is not an email address')`) still wins.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const ARTICLE: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', bigint: 'a whole number', boolean: 'true or false', object: 'an object',
  array: 'an array', date: 'a date', null: 'null', literal: 'a fixed value',
};

const FORMAT: Record<string, string> = {
  email: 'is not an email address',
  datetime: 'must be an ISO 8601 date-time (e.g. 2026-01-31T09:00:00Z)',
  date: 'must be a date (YYYY-MM-DD)',
  url: 'is not a URL',
  uuid: 'is not a UUID',
  regex: 'has the wrong format',
  starts_with: 'has the wrong start',
  ends_with: 'has the wrong end',
};

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function sizeWords(origin: string, bound: number | bigint, inclusive: boolean | undefined, which: 'min' | 'max'): string {
  const n = Number(bound);
  if (origin === 'string') {
    if (which === 'min' && n === 1) return 'must not be empty';
    return `must be ${which === 'min' ? 'at least' : 'at most'} ${n} character${n === 1 ? '' : 's'} long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (which === 'min' && n === 1) return 'must not be empty';
    return `must have ${which === 'min' ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`;
  }
  if (inclusive === false) return `must be ${which === 'min' ? 'greater' : 'less'} than ${n}`;
  return `must be ${which === 'min' ? 'at least' : 'at most'} ${n}`;
}

/** The plain-words message of one zod issue, without the field (the caller prefixes it). */
export function issueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'never') return 'is not allowed';
      const want = ARTICLE[issue.expected] ?? issue.expected;
      if (issue.input === null) return `must be ${want}, not null`;
      return `must be ${want}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${show(issue.values[0])}` : `must be one of ${issue.values.map(show).join(', ')}`;
    case 'invalid_format':
      return FORMAT[issue.format] ?? `is not a valid ${issue.format}`;
    case 'too_small':
      return sizeWords(issue.origin, issue.minimum, issue.inclusive, 'min');
    case 'too_big':
      return sizeWords(issue.origin, issue.maximum, issue.inclusive, 'max');
    case 'not_multiple_of':
      return `must be a multiple of ${show(issue.divisor)}`;
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return 'is not valid here (it matches none of the accepted forms)';
    case 'invalid_key':
      return 'has a key that is not valid';
    case 'invalid_element':
      return 'has an item that is not valid';
    default:
      return 'is not valid';
  }
}

/** zod's per-parse error map with the wording above. */
export const plainErrors: z.core.$ZodErrorMap = (issue) => issueMessage(issue);
