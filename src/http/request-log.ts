/**
 * Request ids and the access log. Every request gets an id — the caller's `X-Request-Id` when it is a
 * sane token, a fresh UUID otherwise — echoed in the `X-Request-Id` response header, kept in
 * `res.locals.requestId` (error bodies carry it) and written on one access-log line when the answer is
 * finished: method, path (never the query string, and the approval page's token replaced), status,
 * duration, request id. Health checks and scrapes log at debug so they do not drown the rest.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** Letters, digits and `._:-`, at most 128: what proxies and tracing headers send; anything else is replaced. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(incoming: string | undefined, fresh: () => string = randomUUID): string {
  const v = incoming?.trim();
  return v && SANE_ID.test(v) ? v : fresh();
}

/** Path segments that are secrets themselves: the emailed approval link's token. */
const SECRET_PATH = /^(\/approve\/)[^/]+/;

/** The path as logged: no query string (it may carry tokens), secret segments replaced, bounded. */
export function loggedPath(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  const path = q === -1 ? originalUrl : originalUrl.slice(0, q);
  return path.replace(SECRET_PATH, '$1[redacted]').slice(0, 300);
}

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLog(log: Pick<Logger, 'info' | 'warn' | 'debug'>): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.get('x-request-id'));
    res.locals['requestId'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    let logged = false;
    const done = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const path = loggedPath(req.originalUrl);
      const line = {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(aborted ? { aborted: true } : {}),
      };
      if (QUIET.has(path)) log.debug(line, 'request');
      else if (res.statusCode >= 500) log.warn(line, 'request');
      else log.info(line, 'request');
    };
    res.on('finish', () => done(false));
    // a client that goes away before the answer is complete still leaves its line
    res.on('close', () => done(!res.writableFinished));
    next();
  };
}
