/**
 * OpenAPI entries for the routes that are not declared with `route()`: those that read their raw body
 * themselves (webhooks, Slack, the approval page) and the operations surface every role serves
 * (ops-routes.ts) plus /openapi.json. Documentation only: these are never mounted.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { instantlyWebhookSchema, parseInstantlyWebhook, planInstantlyEvent } from '../ingest/instantly/webhook-payload.ts';
import { route, type RouteDef } from './route.ts';
import { responseSchema } from './openapi.ts';
import { idOf } from './schemas/common.ts';

const notMounted = async (): Promise<never> => {
  throw new AppError('INTERNAL', 'documentation-only route');
};

/** Instantly's documented webhook event types (developer.instantly.ai/guides/webhook-events). */
export const INSTANTLY_EVENT_TYPES = [
  'reply_received', 'auto_reply_received', 'email_sent', 'email_bounced', 'lead_unsubscribed', 'lead_not_interested',
  'lead_meeting_booked', 'lead_meeting_completed', 'lead_interested', 'lead_neutral', 'lead_out_of_office',
  'lead_wrong_person', 'lead_closed', 'lead_no_show', 'email_opened', 'link_clicked', 'email_link_clicked',
  'account_error', 'campaign_completed', 'supersearch_enrichment_completed',
] as const;

export const sampleReply = {
  event_type: 'reply_received',
  timestamp: '2026-11-20T10:00:00.000Z',
  workspace: '5b0c6a9e-2f1d-4c7e-9a53-0e2d3c4b5a69',
  campaign_id: '0f9a8b7c-6d5e-4f3a-8b2c-1d0e9f8a7b6c',
  campaign_name: 'Guest posts Q4',
  lead_email: 'editor@techblog.example',
  email_account: 'alex@agency.example',
  email_id: '01936f1e-8c2a-7b3d-9e4f-5a6b7c8d9e0f',
  unibox_url: 'https://app.instantly.ai/app/unibox?thread_search=editor@techblog.example',
  reply_subject: 'Re: Guest post idea',
  reply_text: 'Hi Alex, sounds good. Our fee for a guest post is $250. Send me the draft?',
  reply_html: '<p>Hi Alex, sounds good. Our fee for a guest post is $250. Send me the draft?</p>',
};

/** What the service does with each event type: computed by the ingest step's own planner, so it cannot drift. */
function eventTypeTable(): string {
  const rows = INSTANTLY_EVENT_TYPES.map((type) => {
    const parsed = parseInstantlyWebhook({ ...sampleReply, event_type: type });
    if (!parsed.ok) throw new Error(`the sample payload is not valid as ${type}: ${parsed.message}`);
    const plan = planInstantlyEvent(parsed.payload);
    const effect =
      plan.kind === 'inbound' ? `an InboundMessage${plan.autoReply ? ' (an automatic reply)' : ''}, classified and decided`
      : plan.kind === 'crm-event' ? `a \`${plan.eventType}\` CRM event${plan.dnc ? '; the account becomes DO_NOT_CONTACT for everyone' : ''}`
      : plan.reason === 'engagement' ? 'stored only (engagement tracking)'
      : plan.reason === 'workspace-event' ? 'stored only (about the Instantly workspace, not a lead)'
      : 'stored only';
    return `| \`${type}\` | ${effect} |`;
  });
  return [
    'Every event type is accepted and stored; what each becomes:',
    '',
    '| event_type | becomes |',
    '|---|---|',
    ...rows,
    '| any other (custom labels) | stored only |',
    '',
    'Redeliveries of the same event are absorbed (same event type, email id, lead and timestamp).',
  ].join('\n');
}

const webhookAck = z.object({ ok: z.boolean(), duplicate: z.boolean(), deliveryId: z.string().nullable() });

export const webhookDocs: RouteDef[] = [
  route({
    method: 'post', path: '/instantly/:workspaceId', tag: 'Webhooks', auth: 'none', status: 202,
    summary:
      "Instantly webhook (every event type). Authenticated by the workspace's secret in the X-Webhook-Secret header. " +
      '202 once the delivery and its ingest job are stored (200 for a redelivery); 400 naming the field; 401 wrong secret; 503 database unavailable',
    params: z.object({ workspaceId: idOf('ws') }).strict(),
    body: instantlyWebhookSchema,
    response: webhookAck,
    openapi: {
      moreResponses: { '200': { description: 'A redelivery of an event already stored (`duplicate: true`); nothing is done twice', content: { 'application/json': { schema: responseSchema(webhookAck) } } } },
      description: eventTypeTable(),
      requestExamples: {
        reply: { summary: 'A reply to a campaign email', value: sampleReply },
        unsubscribe: {
          summary: 'A lead unsubscribed',
          value: { event_type: 'lead_unsubscribed', timestamp: '2026-11-21T08:30:00.000Z', workspace: sampleReply.workspace, campaign_id: sampleReply.campaign_id, lead_email: 'editor@techblog.example' },
        },
      },
    },
    handler: notMounted,
  }),
];

export const slackDocs: RouteDef[] = [
  route({
    method: 'post', path: '/interactions', tag: 'Approvals', auth: 'none',
    summary: 'Slack interactivity (form field `payload`), verified with SLACK_SIGNING_SECRET (v0 HMAC, 5-minute window); approve / reject buttons',
    body: z.object({ payload: z.string() }),
    openapi: {
      requestContentType: 'application/x-www-form-urlencoded',
      responses: {
        '200': {
          description: 'Acknowledged within 3 seconds: an ephemeral message for the clicker (not allowed, no such approval) or `{ok, ignored}` for an interaction that is not a decision',
          content: { 'application/json': { schema: { type: 'object' }, example: { response_type: 'ephemeral', replace_original: false, text: 'You are not allowed to decide approvals for this workspace; nothing was changed.' } } },
        },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { description: 'Missing, stale or wrong Slack signature', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
    handler: notMounted,
  }),
];

const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });

export const approvalPageDocs: RouteDef[] = [
  route({
    method: 'get', path: '/:token', tag: 'Approvals', auth: 'none',
    summary: 'The emailed approval page (HTML): shows the message, history, gate reasons and draft; changes nothing',
    params: z.object({ token: z.string() }).strict(),
    openapi: { responses: { '200': htmlPage('The page (also when already decided or expired, with a banner saying so)'), '404': htmlPage('Not a valid link') } },
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/:token', tag: 'Approvals', auth: 'none',
    summary: "The approval page's form (CSRF-protected): approve (optionally edited), reject with a reason, or reject and draft again",
    params: z.object({ token: z.string() }).strict(),
    body: z.object({ action: z.enum(['approve', 'reject', 'redraft']), text: z.string().optional(), reason: z.string().optional(), csrf: z.string() }),
    openapi: {
      requestContentType: 'application/x-www-form-urlencoded',
      responses: {
        '200': htmlPage('Decided: the page with the outcome'),
        '400': htmlPage('No action chosen, or an edit that is not valid; nothing changed'),
        '403': htmlPage('The form could not be verified (CSRF or Origin); nothing changed'),
        '404': htmlPage('Not a valid link'),
        '409': htmlPage('Already decided, expired, or the link was used; nothing changed'),
      },
    },
    handler: notMounted,
  }),
];

const errorBody = { $ref: '#/components/schemas/Error' };

export const opsDocs: RouteDef[] = [
  route({
    method: 'get', path: '/healthz', tag: 'Operations', auth: 'none',
    summary: 'Liveness: answers while the process runs (every role: api, worker, poller)',
    openapi: {
      responses: { '200': { description: 'The process runs', content: { 'application/json': { schema: { type: 'object', properties: { ok: { const: true } }, required: ['ok'] }, example: { ok: true } } } } },
    },
    handler: notMounted,
  }),
  route({
    method: 'get', path: '/readyz', tag: 'Operations', auth: 'none',
    summary: 'Readiness: the database and the job queue answer (every role). `warnings` lists configuration that leaves something unable to happen; it does not fail readiness',
    openapi: {
      responses: {
        '200': {
          description: 'Ready',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { ok: { const: true }, warnings: { type: 'array', items: { type: 'string' } } }, required: ['ok'] },
              example: { ok: true, warnings: ['SECRET_KEY is not set: mailboxes cannot be connected'] },
            },
          },
        },
        '503': { description: 'The database or the job queue does not answer', content: { 'application/json': { schema: errorBody } } },
      },
    },
    handler: notMounted,
  }),
  route({
    method: 'get', path: '/metrics', tag: 'Operations', auth: 'none',
    summary: "This process's Prometheus metrics (every role: its own figures; lb_service_info names the role). Needs the METRICS_TOKEN when one is set",
    openapi: {
      security: [{}, { metricsToken: [] }],
      responses: {
        '200': {
          description: 'Prometheus text exposition format',
          content: { 'text/plain': { schema: { type: 'string' }, example: 'lb_service_info{role="worker",version="0.1.0"} 1\n' } },
        },
        '401': { description: 'METRICS_TOKEN is set and the bearer token is missing or wrong', content: { 'application/json': { schema: errorBody } } },
      },
    },
    handler: notMounted,
  }),
  route({
    method: 'get', path: '/openapi.json', tag: 'Operations', auth: 'none',
    summary: 'This document (api role)',
    openapi: {
      operationId: 'getOpenApi',
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
    handler: notMounted,
  }),
];
