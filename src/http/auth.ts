import { timingSafeEqual, createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { resolveApiKey } from '../crm/db/tenants.ts';
import { touchApiKey } from '../crm/db/api-keys.ts';

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1] ?? null;
}

/** Compares digests so that neither length nor content leaks through timing. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

export function adminGuard(adminToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    const token = bearer(req.headers.authorization);
    if (!adminToken) return next(new AppError('UNAUTHORIZED', 'administration is disabled: set ADMIN_TOKEN'));
    if (!token || !safeEqual(token, adminToken)) return next(new AppError('UNAUTHORIZED', 'missing or wrong admin token'));
    next();
  };
}

/** GET /metrics: open when METRICS_TOKEN is unset, else `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsGuard(metricsToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (!metricsToken) return next();
    const token = bearer(req.headers.authorization);
    if (!token || !safeEqual(token, metricsToken)) return next(new AppError('UNAUTHORIZED', 'missing or wrong metrics token (Authorization: Bearer <METRICS_TOKEN>)'));
    next();
  };
}

export function apiKeyGuard(db: Db): RequestHandler {
  // `lastUsedAt` for `api-key list`, to the minute: a write per request would cost as much as the
  // request. Remembered per process by the key's hash; the update itself also skips a recent value.
  const touched = new Map<string, number>();
  const noteUse = (token: string): void => {
    const id = createHash('sha256').update(token).digest('hex');
    const now = Date.now();
    if (now - (touched.get(id) ?? 0) < 60_000) return;
    if (touched.size > 10_000) touched.clear();
    touched.set(id, now);
    // Bookkeeping only: a failure must not fail the request it describes.
    touchApiKey(db, token).catch(() => touched.delete(id));
  };
  return async (req, res, next) => {
    const token = bearer(req.headers.authorization);
    if (!token) return next(new AppError('UNAUTHORIZED', 'missing Authorization: Bearer <api key>'));
    try {
      const access = await resolveApiKey(db, token);
      if (!access) return next(new AppError('UNAUTHORIZED', 'unknown or revoked API key'));
      res.locals['access'] = access;
      noteUse(token);
      next();
    } catch (e) {
      next(e);
    }
  };
}
