import type { ErrorRequestHandler } from 'express';
import { AppError, isAppError, type AppErrorCode } from '../errors.ts';

const STATUS: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PERMANENT: 422,
  UPSTREAM: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Turns any error into `{"error": {"code", "message", "field"?, "requestId"?}}` with a fitting status;
 * never a stack. `requestId` is the request's id (request-log.ts), the one to quote in a support request.
 */
export function errorHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let e: AppError;
    const bp = err as BodyParserError;
    if (isAppError(err)) e = err;
    else if (bp?.type === 'entity.parse.failed') e = new AppError('VALIDATION', 'body: is not valid JSON', { field: 'body' });
    else if (bp?.type === 'entity.too.large') e = new AppError('PAYLOAD_TOO_LARGE', 'body: is larger than 1 MB', { field: 'body' });
    else if (bp?.status === 415) e = new AppError('UNSUPPORTED_MEDIA_TYPE', `headers.content-type: ${bp.message ?? 'unsupported content'}; send UTF-8 JSON (Content-Type: application/json)`, { field: 'headers.content-type' });
    else if (bp?.status && bp.status >= 400 && bp.status < 500) e = new AppError('VALIDATION', `body: ${bp.message ?? 'is not valid'}`, { field: 'body' });
    else e = new AppError('INTERNAL', 'internal error', { cause: err });
    const requestId = typeof res.locals['requestId'] === 'string' ? res.locals['requestId'] : undefined;
    if (e.code === 'INTERNAL' || e.code === 'UNAVAILABLE') log.error({ err, requestId, method: req.method }, 'request failed');
    if (res.headersSent) return;
    res.status(STATUS[e.code]).json({
      error: { code: e.code.toLowerCase(), message: e.message, ...(e.field ? { field: e.field } : {}), ...(requestId ? { requestId } : {}) },
    });
  };
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
