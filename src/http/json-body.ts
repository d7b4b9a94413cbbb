/**
 * JSON bodies, bounded before they are parsed. Size is limited by the body parser; nesting is limited
 * here, on the raw bytes, because the parse itself copes with any depth while everything after it
 * (validation, JSON.stringify for a jsonb column, logging) recurses and can overflow the stack on a
 * body nested 100 000 levels deep. A deeper body is a 400 naming `body`, never a 500.
 */
import express from 'express';
import { AppError } from '../errors.ts';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from '../json-depth.ts';

export { MAX_JSON_DEPTH };

export const tooDeep = (field: string): AppError =>
  new AppError('VALIDATION', `${field}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, { field });

/** `express.json` with the depth check run on the raw bytes before parsing. */
export function jsonBody(limit = '1mb'): ReturnType<typeof express.json> {
  return express.json({
    limit,
    strict: true,
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
