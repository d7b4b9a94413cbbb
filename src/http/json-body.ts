/**
 * JSON bodies, bounded before they are parsed. Size is limited by the body parser; nesting is limited
 * here, on the raw bytes, because the parse itself copes with any depth while everything after it
 * (validation, JSON.stringify for a jsonb column, logging) recurses and can overflow the stack on a
 * body nested 100 000 levels deep. A deeper body is a 400 naming `body`, never a 500.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../errors.ts';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from '../json-depth.ts';

export { MAX_JSON_DEPTH };

export const tooDeep = (field: string): AppError =>
  new AppError('VALIDATION', `${field}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, { field });

/** Media types a JSON route accepts: `application/json` and any `application/*+json`. */
const JSON_TYPES = ['application/json', 'application/*+json'];

/** `express.json` with the depth check run on the raw bytes before parsing. */
export function jsonBody(limit = '1mb'): ReturnType<typeof express.json> {
  return express.json({
    limit,
    strict: true,
    type: JSON_TYPES,
    verify: (_req, _res, buf) => {
      if (jsonNestsDeeperThan(buf)) throw tooDeep('body');
    },
  });
}

/** JSON.parse for text a raw-body route extracts itself (e.g. Slack's `payload` form field). */
export function parseBoundedJson(text: string, field: string): unknown {
  if (jsonNestsDeeperThan(text)) throw tooDeep(field);
  return JSON.parse(text) as unknown;
}

/** A body of at least one byte is coming (an empty POST, `Content-Length: 0`, has none). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * A JSON route refuses a body it would not read: a body sent without `Content-Type: application/json`
 * (or with another type) is a 415 saying what is expected, not a confusing "body.name: is required"
 * after the JSON parser skipped it. A request without a body (e.g. a POST that takes none) passes.
 */
export function requireJsonContentType(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || req.is(JSON_TYPES)) return next();
  const given = req.get('content-type');
  next(
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `headers.content-type: must be application/json (this route reads a JSON body)${given ? `, not ${given}` : ', and it is missing'}`,
      { field: 'headers.content-type' },
    ),
  );
}
