/**
 * OpenAPI entries for the routes that read their raw body themselves (webhooks, Slack, the approval
 * page) and so are not declared with `route()`. Documentation only: these are never mounted.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { instantlyWebhookSchema } from '../ingest/instantly/webhook-payload.ts';
import { route, type RouteDef } from './route.ts';
import { idOf } from './schemas/common.ts';

const notMounted = async (): Promise<never> => {
  throw new AppError('INTERNAL', 'documentation-only route');
};

export const webhookDocs: RouteDef[] = [
  route({
    method: 'post', path: '/instantly/:workspaceId', tag: 'Webhooks', auth: 'none', status: 202,
    summary:
      "Instantly webhook (every event type). Authenticated by the workspace's secret in the X-Webhook-Secret header. " +
      '202 once the delivery and its ingest job are stored (200 for a redelivery); 400 naming the field; 401 wrong secret; 503 database unavailable',
    params: z.object({ workspaceId: idOf('ws') }).strict(),
    body: instantlyWebhookSchema,
    response: z.object({ ok: z.boolean(), duplicate: z.boolean(), deliveryId: z.string().nullable() }),
    handler: notMounted,
  }),
];

export const slackDocs: RouteDef[] = [
  route({
    method: 'post', path: '/interactions', tag: 'Approvals', auth: 'none',
    summary: 'Slack interactivity (form field `payload`), verified with SLACK_SIGNING_SECRET (v0 HMAC, 5-minute window); approve / reject buttons',
    body: z.object({ payload: z.string() }),
    handler: notMounted,
  }),
];

export const approvalPageDocs: RouteDef[] = [
  route({
    method: 'get', path: '/:token', tag: 'Approvals', auth: 'none',
    summary: 'The emailed approval page (HTML): shows the message, history, gate reasons and draft; changes nothing',
    params: z.object({ token: z.string() }).strict(),
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/:token', tag: 'Approvals', auth: 'none',
    summary: "The approval page's form (CSRF-protected): approve (optionally edited), reject with a reason, or reject and draft again",
    params: z.object({ token: z.string() }).strict(),
    body: z.object({ action: z.enum(['approve', 'reject', 'redraft']), text: z.string().optional(), reason: z.string().optional(), csrf: z.string() }),
    handler: notMounted,
  }),
];
