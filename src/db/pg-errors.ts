import { AppError, isAppError } from '../errors.ts';

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);

/** What a refused value is, per SQLSTATE; never the server's own text. */
const DATA_MESSAGES: Readonly<Record<string, string>> = {
  '22021': 'contains a character the database cannot store',
  '22P05': 'contains a character the database cannot store',
  '22P02': 'is not in the expected format',
  '22007': 'is not a valid date-time',
  '22008': 'is not a date-time the service accepts',
  '22003': 'is out of range',
  '22001': 'is too long',
  '23514': 'breaks a rule the database enforces',
  '23502': 'is required',
};

const NOT_IDENTIFIERS = new Set(['lower', 'upper', 'text', 'coalesce', 'trim']);
const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The field a PostgreSQL error is about, in the API's camelCase: the error's column, else the column
 * named in `Key (…)=(…)` of its detail (a unique or foreign key), else nothing.
 */
function fieldOf(err: PgLikeError): string | undefined {
  if (err.column) return camel(err.column);
  const key = /Key \((.+?)\)=\(/.exec(err.detail ?? '')?.[1];
  const column = key?.match(/[a-z_][a-z0-9_]*/g)?.find((t) => !NOT_IDENTIFIERS.has(t));
  return column ? camel(column) : undefined;
}

/**
 * The one place PostgreSQL error codes become AppErrors. A 4xx built here carries our own wording and
 * the field (when the error names one), never the server's message, detail or constraint names: those
 * stay in `cause`, for the logs.
 */
export function translatePgError(e: unknown): Error {
  if (isAppError(e)) return e;
  const err = e as PgLikeError;
  const code = err?.code;
  const message = err?.message ?? String(e);
  const field = fieldOf(err ?? {});
  const about = (what: string) => (field ? `${field}: ${what}` : what);
  if (code === '23505') return new AppError('CONFLICT', about('already exists'), { cause: e, field });
  if (code === '23503') return new AppError('NOT_FOUND', about('refers to something that does not exist'), { cause: e, field });
  const data = code ? DATA_MESSAGES[code] : undefined;
  if (data) return new AppError('VALIDATION', about(data), { cause: e, field });
  if (code === '40P01') return new AppError('UNAVAILABLE', 'deadlock detected; try again', { cause: e, retryable: true });
  if (code === '40001') return new AppError('UNAVAILABLE', 'could not serialize access; try again', { cause: e, retryable: true });
  if ((code && CONNECTION_CODES.has(code)) || /Connection terminated|connection timeout|timeout exceeded when trying to connect|is not queryable/i.test(message)) {
    return new AppError('UNAVAILABLE', 'database unavailable', { cause: e, retryable: true });
  }
  return e instanceof Error ? e : new Error(message);
}
