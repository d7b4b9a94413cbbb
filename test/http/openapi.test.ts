/**
 * The OpenAPI document integrators generate clients from: every operation has a stable, unique
 * operationId derived from its route declaration; the operations surface (/healthz, /readyz, /metrics)
 * is described; path parameters match the path templates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument, operationIdOf } from '../../src/http/openapi.ts';
import { route } from '../../src/http/route.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { seedAgency } from '../support/test-app.ts';
import { parseInstantlyWebhook } from '../../src/ingest/instantly/webhook-payload.ts';

interface Op {
  operationId?: string;
  summary: string;
  parameters: Array<{ name: string; in: string }>;
  security: Array<Record<string, string[]>>;
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Op>>; components: { securitySchemes: Record<string, unknown> } };

describe('the served OpenAPI document', () => {
  let svc: TestService;
  let doc: Doc;
  beforeAll(async () => {
    svc = await startTestService('postgres', { ROLE: 'api', SECRET_KEY: 'o'.repeat(40) });
    doc = (await svc.call<Doc>('GET', '/openapi.json')).body;
  });
  afterAll(() => svc.close());

  it('is a valid OpenAPI 3.1 document by the specification\'s own JSON Schema', async () => {
    // the OpenAPI Initiative's published 3.1 schema, as packaged by a maintained validator
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 4000)).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  const ops = () => Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));

  it('gives every operation a unique operationId, usable as a method name', () => {
    const all = ops();
    expect(all.length).toBeGreaterThan(40);
    const ids = all.map((o) => o.op.operationId);
    for (const [i, id] of ids.entries()) expect(id, `${all[i]!.method} ${all[i]!.path}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['get', '/v1/link-building/crm/account', 'listCrmAccount'],
    ['get', '/v1/link-building/crm/account/{id}', 'getCrmAccountById'],
    ['patch', '/v1/link-building/crm/relationship/{id}', 'patchCrmRelationshipById'],
    ['post', '/v1/link-building/approvals/{id}/approve', 'postApprovalsByIdApprove'],
    ['post', '/v1/link-building/campaign/send_email', 'postCampaignSendEmail'],
    ['get', '/v1/link-building/gates', 'getGates'],
    ['put', '/v1/admin/workspaces/{id}/approvers', 'putAdminWorkspacesByIdApprovers'],
    ['delete', '/v1/admin/api-keys/{id}', 'deleteAdminApiKeysById'],
    ['post', '/v1/webhooks/instantly/{workspaceId}', 'postWebhooksInstantlyByWorkspaceId'],
    ['get', '/healthz', 'getHealthz'],
    ['get', '/readyz', 'getReadyz'],
    ['get', '/metrics', 'getMetrics'],
    ['get', '/openapi.json', 'getOpenApi'],
  ])('%s %s is %s', (method, path, id) => {
    expect(doc.paths[path]?.[method]?.operationId).toBe(id);
  });

  it('describes the operations surface every role serves', () => {
    const healthz = doc.paths['/healthz']!['get']!;
    expect(healthz.security).toEqual([]);
    expect(Object.keys(healthz.responses)).toEqual(['200']);
    const readyz = doc.paths['/readyz']!['get']!;
    expect(Object.keys(readyz.responses).sort()).toEqual(['200', '503']);
    expect(JSON.stringify(readyz.responses['200'])).toContain('warnings');
    const metrics = doc.paths['/metrics']!['get']!;
    expect(Object.keys(metrics.responses['200']!.content ?? {})).toEqual(['text/plain']);
    expect(metrics.responses).toHaveProperty('401');
    // open when METRICS_TOKEN is unset, the bearer token when it is
    expect(metrics.security).toEqual([{}, { metricsToken: [] }]);
    expect(doc.components.securitySchemes).toHaveProperty('metricsToken');
    expect(doc.components.securitySchemes).toHaveProperty('consoleSession');
    // the console's pages and forms are documented (HTML, session cookie)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/console/approvals', '/console/approvals/{id}', '/console/sign-in', '/console/campaigns/{id}/approve']));
  });

  it('declares exactly the path parameters of each path template, and every operation has a success response', () => {
    for (const { path, method, op } of ops()) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect(declared, `${method} ${path}`).toEqual(inTemplate);
      // a console form's success is Post/Redirect/Get: 303 to the page showing the outcome
      const success = path.startsWith('/console/') ? /^(2\d\d|303)$/ : /^2\d\d$/;
      expect(Object.keys(op.responses).some((s) => success.test(s)), `${method} ${path}`).toBe(true);
    }
  });

  it('publishes the Instantly event types handled and sample payloads the webhook accepts', async () => {
    const hook = doc.paths['/v1/webhooks/instantly/{workspaceId}']!['post']! as Op & {
      description: string;
      requestBody: { content: { 'application/json': { examples: Record<string, { value: Record<string, unknown> }> } } };
    };
    expect(hook.description).toMatch(/\| `reply_received` \| an InboundMessage, classified and decided \|/);
    expect(hook.description).toMatch(/\| `lead_unsubscribed` \| a `REJECTED` CRM event; the account becomes DO_NOT_CONTACT for everyone \|/);
    expect(hook.description).toMatch(/\| `email_opened` \| stored only/);
    const examples = hook.requestBody.content['application/json'].examples;
    expect(Object.keys(examples).sort()).toEqual(['reply', 'unsubscribe']);
    const s = await seedAgency(svc, 'OpenAPI examples');
    for (const [name, ex] of Object.entries(examples)) {
      expect(parseInstantlyWebhook(ex.value).ok, name).toBe(true);
      const res = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, { headers: { 'x-webhook-secret': s.ws1Secret }, body: ex.value });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });

  it('matches what is actually served: the ops endpoints answer as documented', async () => {
    expect((await svc.call('GET', '/healthz')).status).toBe(200);
    expect((await svc.call('GET', '/readyz')).status).toBe(200);
    const metrics = await fetch(`${svc.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('operationIdOf', () => {
  it.each([
    ['get', '/v1/link-building/crm/event', true, 'listCrmEvent'],
    ['get', '/v1/link-building/crm/event/:id', false, 'getCrmEventById'],
    ['post', '/v1/link-building/crm/event', false, 'postCrmEvent'],
    ['get', '/v1/mailboxes', false, 'getMailboxes'],
    ['post', '/v1/admin/workspaces/:id/webhook-secret', false, 'postAdminWorkspacesByIdWebhookSecret'],
    ['get', '/approve/:token', false, 'getApproveByToken'],
    ['post', '/v1/slack/interactions', false, 'postSlackInteractions'],
  ] as const)('%s %s (paged: %s) → %s', (method, path, paged, id) => {
    expect(operationIdOf(method, path, { paged })).toBe(id);
  });

  it('refuses a document where two routes would share an id', () => {
    const handler = async () => undefined;
    const twice = [
      route({ method: 'get', path: '/v1/x/:id', tag: 't', auth: 'none', summary: 'a', params: z.object({ id: z.string() }), handler }),
      route({ method: 'get', path: '/v1/link-building/x/:id', tag: 't', auth: 'none', summary: 'b', params: z.object({ id: z.string() }), handler }),
    ];
    expect(() => openApiDocument(twice, { version: 't' })).toThrow(/operationId getXById/);
    const renamed = [twice[0]!, { ...twice[1]!, openapi: { operationId: 'getLinkBuildingX' } }];
    expect(() => openApiDocument(renamed, { version: 't' })).not.toThrow();
  });
});
