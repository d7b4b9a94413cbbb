/**
 * A known path asked with a method it does not serve is a 405 with an `Allow` header listing the methods
 * it does serve; an unknown path stays a 404. Built from the same route declarations that mount the
 * handlers and produce the OpenAPI document, so the two cannot disagree.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';

export interface KnownRoute {
  method: string;
  /** The full path with `:param` segments, as Express mounts it. */
  path: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Express's matching for these paths: `:param` is one non-empty segment, a trailing slash is allowed, case ignored. */
export function pathPattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg)))
    .join('/');
  return new RegExp(`^${body}/?$`, 'i');
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The methods a path serves, in the order of the `Allow` header (HEAD with GET, as Express answers it). */
export function allowedMethods(routes: ReadonlyArray<{ method: string; re: RegExp }>, path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) {
    if (!r.re.test(path)) continue;
    methods.add(r.method.toUpperCase());
    if (r.method.toLowerCase() === 'get') methods.add('HEAD');
  }
  return [...methods].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}

/** Mount after every router and before the 404: whatever reaches it was not served. */
export function methodNotAllowed(routes: readonly KnownRoute[]): RequestHandler {
  const compiled = routes.map((r) => ({ method: r.method, re: pathPattern(r.path) }));
  return (req, res, next) => {
    const allow = allowedMethods(compiled, req.path);
    if (allow.length === 0 || allow.includes(req.method.toUpperCase())) return next();
    if (req.method === 'OPTIONS') {
      res.set('Allow', [...allow, 'OPTIONS'].join(', ')).status(204).end();
      return;
    }
    res.set('Allow', allow.join(', '));
    next(new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; it answers ${allow.join(', ')}`));
  };
}
