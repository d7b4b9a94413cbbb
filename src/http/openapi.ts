import { z } from 'zod';
import type { Method, RouteDef } from './route.ts';
import { apiComponents } from './schemas/responses.ts';

/** A request schema (what the route accepts), inlined: request bodies are documented as they are parsed. */
function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const componentRef = (id: string): string => `#/components/schemas/${id}`;

/** `#/$defs/X` (zod's place for a registered schema met inside another) → `#/components/schemas/X`. */
function refsToComponents(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refsToComponents);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? componentRef(v.slice('#/$defs/'.length)) : refsToComponents(v);
  }
  return out;
}

/** A response schema (what the handler returns, `io: output`), with the shared components referenced. */
export function responseSchema(s: z.ZodType): Record<string, unknown> {
  const id = apiComponents.get(s)?.id;
  if (id) return { $ref: componentRef(id) };
  const { $schema: _drop, $defs: _defs, ...rest } = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any', metadata: apiComponents }) as Record<string, unknown>;
  return refsToComponents(rest) as Record<string, unknown>;
}

/** Every registered response schema, under `components/schemas`. */
function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiComponents, { io: 'output', unrepresentable: 'any', uri: componentRef }) as { schemas: Record<string, Record<string, unknown>> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, js]) => {
      const { $schema: _s, $id: _i, ...rest } = js;
      return [id, refsToComponents(rest)];
    }),
  );
}

const errorContent = { 'application/json': { schema: { $ref: componentRef('Error') } } };
const errorExample = (code: string, message: string, field?: string) => ({
  'application/json': { schema: { $ref: componentRef('Error') }, example: { error: { code, message, ...(field ? { field } : {}) } } },
});
/** The error answers every operation can give, shared under `components/responses`. */
const sharedResponses = {
  BadRequest: { description: 'Invalid input: `error.field` names the field, `error.message` says `<field>: <what is wrong>`; nothing was stored', content: errorExample('validation', 'body.email: is required', 'body.email') },
  Unauthorized: { description: 'Missing or wrong credentials', content: errorExample('unauthorized', 'unknown or revoked API key') },
  NotFound: { description: 'Not found (also for a resource of another agency)', content: errorExample('not_found', 'account not found') },
  MethodNotAllowed: { description: 'A method this path does not serve; the `Allow` header lists those it does', content: errorContent },
  UnsupportedMediaType: {
    description: 'A body without `Content-Type: application/json`',
    content: errorExample('unsupported_media_type', 'headers.content-type: must be application/json (this route reads a JSON body), not text/plain', 'headers.content-type'),
  },
};
const shared = (name: keyof typeof sharedResponses) => ({ $ref: `#/components/responses/${name}` });

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
        ...(r.response
          ? { [String(r.status ?? 200)]: { description: r.status === 201 ? 'Created' : r.status === 202 ? 'Accepted' : 'OK', content: { 'application/json': { schema: responseSchema(r.response) } } } }
          : { '204': { description: 'Done; no content' } }),
        '400': shared('BadRequest'),
        ...(r.auth === 'none' ? {} : { '401': shared('Unauthorized') }),
        '404': shared('NotFound'),
        ...(r.body && r.method !== 'get' ? { '415': shared('UnsupportedMediaType') } : {}),
        ...(r.openapi?.moreResponses ?? {}),
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
      schemas: componentSchemas(),
      responses: sharedResponses,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An agency API key (POST /v1/admin/api-keys)' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN (GET /metrics, only when it is set)' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'lb_console', description: 'The console session cookie, set by POST /console/sign-in or an emailed sign-in link (docs/console.md)' },
      },
    },
    paths,
  };
}
