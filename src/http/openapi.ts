import { z } from 'zod';
import type { RouteDef } from './route.ts';

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
};

/** OpenAPI 3.1 generated from the route declarations: there is no second, hand-written copy. */
export function openApiDocument(routes: readonly RouteDef[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
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
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters,
      security: r.auth === 'none' ? [] : [{ [r.auth === 'admin' ? 'adminToken' : 'apiKey']: [] }],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response) } } } : {}),
        },
        '400': { description: 'Invalid input; `error.field` names the field', content: { 'application/json': { schema: errorSchema } } },
        '401': { description: 'Missing or wrong credentials' },
        '404': { description: 'Not found (also for resources of another agency)' },
      },
    };
    if (r.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Link-building inbound agent', version: info.version },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An agency API key (POST /v1/admin/api-keys)' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
      },
    },
    paths,
  };
}
