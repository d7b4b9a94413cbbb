/**
 * The one error type adapters throw. `code` is a closed set so callers can branch on it;
 * `retryable` tells the job layer whether to retry or dead-letter.
 */
export type AppErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'
  | 'UPSTREAM'
  | 'PERMANENT'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;
  /** The input field at fault, for VALIDATION errors. */
  readonly field: string | undefined;

  constructor(code: AppErrorCode, message: string, opts: { retryable?: boolean; field?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? (code === 'UNAVAILABLE');
    this.field = opts.field;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
