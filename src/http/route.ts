/**
 * A route is declared once, with its zod schemas: the same declaration mounts the Express handler
 * (validating params, query and body) and produces its OpenAPI entry (src/http/openapi.ts).
 */
import type { Request, Response, Router, RequestHandler } from 'express';
import { z } from 'zod';
import type { Access } from '../crm/access.ts';
import { parseInput } from './validate.ts';
import { requireJsonContentType } from './json-body.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type AuthKind = 'apiKey' | 'admin' | 'none';

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  access: Access;
  req: Request;
  res: Response;
}

export interface RouteDef<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth: AuthKind;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer (200 unless it creates something). */
  status?: number;
  /**
   * The success answer's schema (src/http/schemas/responses.ts): the handler's return type is checked
   * against it, and it is the documented response. Leave it out only when the handler answers nothing (204).
   */
  response?: R;
  /** OpenAPI only: overrides for what the declaration cannot say (see openapi.ts). */
  openapi?: OpenApiExtras;
  handler: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.output<R> | undefined | void>;
}

export interface OpenApiExtras {
  /** Default: derived from the method and path (operationIdOf in openapi.ts). */
  operationId?: string;
  /** Replaces the default responses (JSON success, 400, 401, 404), e.g. a text/plain answer. */
  responses?: Record<string, unknown>;
  /** Responses beside the default ones (success, 400, 401, 404, 415), e.g. `'409': …`. */
  moreResponses?: Record<string, unknown>;
  /** Replaces the security derived from `auth`. */
  security?: Array<Record<string, string[]>>;
  /** A longer description (markdown) beside the summary. */
  description?: string;
  /** The request body's media type when it is not JSON (e.g. a form). */
  requestContentType?: string;
  /** Named example request bodies. */
  requestExamples?: Record<string, { summary: string; value: unknown }>;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType = z.ZodUndefined>(def: RouteDef<P, Q, B, R>): RouteDef {
  return def as unknown as RouteDef;
}

const emptyStrict = z.object({}).strict();
const pass: RequestHandler = (_req, _res, next) => next();

export function mountRoutes(router: Router, routes: readonly RouteDef[], guards: Record<AuthKind, RequestHandler>): void {
  for (const r of routes) {
    const readsBody = r.method === 'post' || r.method === 'put' || r.method === 'patch';
    router[r.method](r.path, guards[r.auth], readsBody ? requireJsonContentType : pass, async (req, res) => {
      const params = parseInput(r.params ?? z.object({}).passthrough(), req.params, 'params');
      const query = parseInput(r.query ?? emptyStrict, req.query, 'query');
      const body = !readsBody ? undefined : parseInput(r.body ?? z.unknown(), req.body, 'body');
      const result = await r.handler({ params, query, body, access: res.locals['access'] as Access, req, res });
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(r.status ?? 200).json(result);
    });
  }
}
