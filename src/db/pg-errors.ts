import { AppError, isAppError } from '../errors.ts';

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);

/** The one place PostgreSQL error codes become AppErrors. */
export function translatePgError(e: unknown): Error {
  if (isAppError(e)) return e;
  const err = e as PgLikeError;
  const code = err?.code;
  const message = err?.message ?? String(e);
  if (code === '23505') {
    return new AppError('CONFLICT', `already exists (${err.constraint ?? 'unique'})`, { cause: e, field: err.constraint });
  }
  if (code === '23503') return new AppError('NOT_FOUND', `referenced row not found (${err.constraint ?? 'foreign key'})`, { cause: e });
  if (code === '23514' || code === '22021' || code === '22P05' || code === '22P02' || code === '22007' || code === '22008' || code === '22003' || code === '23502') {
    return new AppError('VALIDATION', message, { cause: e, field: err.column ?? err.constraint });
  }
  if (code === '40001' || code === '40P01') return new AppError('UNAVAILABLE', message, { cause: e, retryable: true });
  if ((code && CONNECTION_CODES.has(code)) || /Connection terminated|connection timeout|timeout exceeded when trying to connect|is not queryable/i.test(message)) {
    return new AppError('UNAVAILABLE', 'database unavailable', { cause: e, retryable: true });
  }
  return e instanceof Error ? e : new Error(message);
}
