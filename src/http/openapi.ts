import { z } from 'zod';
import type { Method, RouteDef } from './route.ts';

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' },
        requestId: { type: 'string', description: 'The X-Request-Id of this request (also in the response header and the access log)' },
      },
      required: ['code', 'message'],
    },
  },
};

const words = (segment: string): string =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * A stable operationId from a route's method and full path, so generated clients get readable method
 * names without a hand-kept list: the HTTP method (`list` for a GET that pages with `cursor`), then the
 * path's words with `/v1` and `/v1/link-building` left out and each path parameter as `By<Name>`.
 * GET /v1/link-building/crm/account → listCrmAccount; GET …/crm/account/:id → getCrmAccountById;
 * POST …/approvals/:id/approve → postApprovalsByIdApprove; DELETE /v1/admin/api-keys/:id →
 * deleteAdminApiKeysById; GET /healthz → getHealthz.
 */
export function operationIdOf(method: Method, path: string, opts: { paged?: boolean } = {}): string {
  const segments = path.split('/').filter(Boolean);
  if (segments[0] === 'v1') segments.shift();
  if (segments[0] === 'link-building') segments.shift();
  const verb = method === 'get' && opts.paged ? 'list' : method;
  return verb + segments.map((s) => (s.startsWith(':') || s.startsWith('{') ? `By${words(s)}` : words(s))).join('');
}

/** OpenAPI 3.1 generated from the route declarations: there is no second, hand-written copy. */
export function openApiDocument(routes: readonly RouteDef[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const paged = parameters.some((p) => (p as { name: string; in: string }).in === 'query' && (p as { name: string }).name === 'cursor');
    const op: Record<string, unknown> = {
      operationId: r.openapi?.operationId ?? operationIdOf(r.method, r.path, { paged }),
      summary: r.summary,
      ...(r.openapi?.description ? { description: r.openapi.description } : {}),
      tags: [r.tag],
      parameters,
      security: r.openapi?.security ?? (r.auth === 'none' ? [] : [{ [r.auth === 'admin' ? 'adminToken' : 'apiKey']: [] }]),
      responses: r.openapi?.responses ?? {
        [String(r.status ?? 200)]: {
          description: 'OK',
          ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response) } } } : {}),
        },
        '400': { description: 'Invalid input; `error.field` names the field', content: { 'application/json': { schema: errorSchema } } },
        '401': { description: 'Missing or wrong credentials' },
        '404': { description: 'Not found (also for resources of another agency)' },
      },
    };
    const id = op['operationId'] as string;
    if (operationIds.has(id)) throw new Error(`two routes have the operationId ${id}: give one an explicit openapi.operationId`);
    operationIds.add(id);
    if (r.body) {
      const examples = r.openapi?.requestExamples;
      const mediaType = r.openapi?.requestContentType ?? 'application/json';
      op['requestBody'] = { required: true, content: { [mediaType]: { schema: jsonSchema(r.body), ...(examples ? { examples } : {}) } } };
    }
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Link-building inbound agent', version: info.version },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An agency API key (POST /v1/admin/api-keys)' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (GET /metrics, only when it is set)' },
      },
    },
    paths,
  };
}
