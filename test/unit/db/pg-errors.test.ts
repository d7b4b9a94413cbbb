import { describe, expect, it } from 'vitest';
import { translatePgError } from '../../../src/db/pg-errors.ts';
import { AppError } from '../../../src/errors.ts';

/** A PostgreSQL error as node-postgres and PGlite report one. */
const pg = (code: string, message: string, extra: Record<string, string> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('translatePgError: 4xx carry our wording and the field, never the server text', () => {
  const cases: Array<[string, Error, string, string | undefined]> = [
    ['bad timestamp syntax', pg('22007', 'invalid input syntax for type timestamp with time zone: "garbage"'), 'VALIDATION', undefined],
    ['timestamp out of range', pg('22008', 'date/time field value out of range: "0000-01-01"'), 'VALIDATION', undefined],
    ['NUL in text', pg('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), 'VALIDATION', undefined],
    ['NUL in jsonb', pg('22P05', 'unsupported Unicode escape sequence'), 'VALIDATION', undefined],
    ['not null', pg('23502', 'null value in column "domain" of relation "accounts" violates not-null constraint', { column: 'domain' }), 'VALIDATION', 'domain'],
    ['check', pg('23514', 'new row for relation "accounts" violates check constraint "accounts_domain_check"', { constraint: 'accounts_domain_check' }), 'VALIDATION', undefined],
    ['unique on an expression', pg('23505', 'duplicate key value violates unique constraint "contacts_email_ci_idx"', { constraint: 'contacts_email_ci_idx', detail: 'Key (lower(email::text))=(a@b.example) already exists.' }), 'CONFLICT', 'email'],
    ['foreign key', pg('23503', 'insert or update on table "contacts" violates foreign key constraint "contacts_account_id_fkey"', { detail: 'Key (account_id)=(acct_x) is not present in table "accounts".' }), 'NOT_FOUND', 'accountId'],
  ];
  it.each(cases)('%s', (_name, err, code, field) => {
    const e = translatePgError(err) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message).not.toMatch(/syntax for type|violates|constraint|relation|out of range:|encoding|Unicode escape|acct_x|a@b/);
    expect(e.cause).toBe(err);
  });

  it('deadlocks and serialization failures stay retryable and recognisable', () => {
    for (const code of ['40P01', '40001']) {
      const e = translatePgError(pg(code, 'x')) as AppError;
      expect(e.retryable).toBe(true);
      expect(e.message).toMatch(/deadlock|serializ/);
    }
  });
});
