/**
 * OpenAPI entries for the console's HTML pages (router.ts, pages.ts): documentation only, never mounted,
 * so a client generator sees the pages and forms exist and what they answer. Every page needs the session
 * cookie (`consoleSession`); every form POST needs the session's `csrf` field and an Origin of this service.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { route, type RouteDef } from '../http/route.ts';

const notMounted = async (): Promise<never> => {
  throw new AppError('INTERNAL', 'documentation-only route');
};

const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const redirect = (description: string) => ({ description, headers: { Location: { schema: { type: 'string' } } } });
const session = [{ consoleSession: [] }];
const form = 'application/x-www-form-urlencoded';
const csrf = z.string().describe("The session's CSRF field, from the page's form");
const signedOut = redirect('No session (or it ended): GET pages redirect to /console/sign-in; a POST answers 401 and changes nothing');
const formRefused = html('The form could not be verified (CSRF field or Origin); nothing changed');

const page = (path: string, summary: string, more: Partial<Parameters<typeof route>[0]> = {}): RouteDef => route({
  method: 'get', path, tag: 'Console', auth: 'none', summary,
  ...more,
  openapi: { security: session, responses: { '200': html('The page'), '303': signedOut, '404': html('Not found, or not visible to this session (another agency\'s ids are a 404)') } },
  handler: notMounted,
});

export const consoleDocs: RouteDef[] = [
  route({
    method: 'get', path: '/sign-in', tag: 'Console', auth: 'none',
    summary: 'Sign-in page: an agency API key and your name, or an emailed one-time link for approvers',
    openapi: { security: [{}], responses: { '200': html('The sign-in page (sets a pre-session nonce cookie for its forms)') } },
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/sign-in', tag: 'Console', auth: 'none',
    summary: 'Sign in with an agency API key; the name is who decisions are recorded as',
    body: z.object({ apiKey: z.string(), person: z.string(), csrf }),
    openapi: {
      security: [{}], requestContentType: form,
      responses: {
        '303': redirect('Signed in: sets the HttpOnly SameSite=Strict `lb_console` cookie and goes to /console/approvals'),
        '400': html('`person` missing; nothing stored'), '401': html('`apiKey` unknown or revoked'), '403': formRefused,
      },
    },
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/sign-in/email', tag: 'Console', auth: 'none',
    summary: "Email a one-time sign-in link (15 minutes) to an address that approves for a workspace; the same answer whether or not it does",
    body: z.object({ email: z.string(), csrf }),
    openapi: { security: [{}], requestContentType: form, responses: { '200': html('Asked (the page says a link is on its way if the address approves)'), '400': html('`email` is not an address'), '403': formRefused } },
    handler: notMounted,
  }),
  route({
    method: 'get', path: '/sign-in/link/:token', tag: 'Console', auth: 'none',
    summary: 'The emailed link: shows a button that signs in (a GET changes nothing, so link scanners cannot use it up)',
    params: z.object({ token: z.string() }).strict(),
    openapi: { security: [{}], responses: { '200': html('The confirmation page'), '404': html('Unknown, used or expired link') } },
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/sign-in/link/:token', tag: 'Console', auth: 'none',
    summary: 'Use the emailed link (once): starts a session limited to the workspaces the address approves for',
    params: z.object({ token: z.string() }).strict(),
    body: z.object({ csrf }),
    openapi: { security: [{}], requestContentType: form, responses: { '303': redirect('Signed in'), '403': formRefused, '404': html('Unknown, used or expired link') } },
    handler: notMounted,
  }),
  route({
    method: 'post', path: '/sign-out', tag: 'Console', auth: 'none',
    summary: 'End the session (revoked server-side, cookie cleared)',
    body: z.object({ csrf }),
    openapi: { security: session, requestContentType: form, responses: { '303': redirect('Signed out: to /console/sign-in'), '401': html('No session'), '403': formRefused } },
    handler: notMounted,
  }),
  page('/approvals', 'The approval queue: pending first (oldest first, with age against expiry, gates and why, the draft), then the 20 most recently decided'),
  route({
    method: 'post', path: '/approvals/:id', tag: 'Console', auth: 'none',
    summary: 'Decide an approval: approve (optionally edited: the draft checks run again), approve anyway (overriding failed checks, recorded), reject with a reason, or reject and draft again',
    params: z.object({ id: z.string() }).strict(),
    body: z.object({ action: z.enum(['approve', 'approve-anyway', 'reject', 'redraft']), text: z.string().optional(), reason: z.string().optional(), csrf }),
    openapi: {
      security: session, requestContentType: form,
      responses: {
        '303': redirect('Decided: back to the queue with a banner'), '400': html('No action chosen, or an edit that is not valid; nothing changed'),
        '401': html('No session; nothing changed'), '403': formRefused, '404': html('No such approval visible to this session'),
        '409': html('Already decided (by whom, through which channel, when) or expired; nothing changed'),
        '422': html('The edited text failed the draft checks: listed, with Approve anyway; nothing changed'),
      },
    },
    handler: notMounted,
  }),
  page('/partners/:accountId', "A partner's page: the account, this agency's relationships and the whole timeline", { params: z.object({ accountId: z.string() }).strict() }),
  page('/pipeline', 'Relationships of one workspace by status, with a status change form', { query: z.object({ workspaceId: z.string().optional(), moved: z.string().optional() }).strict() }),
  route({
    method: 'post', path: '/pipeline/status', tag: 'Console', auth: 'none',
    summary: "Move a relationship to another status (recorded as STATUS_CHANGED with the signed-in person)",
    body: z.object({ relationshipId: z.string(), status: z.string(), csrf }),
    openapi: { security: session, requestContentType: form, responses: { '303': redirect('Moved: back to the pipeline'), '400': html('`status` is not a relationship status; nothing changed'), '401': html('No session'), '403': formRefused, '404': html('No such relationship visible to this session') } },
    handler: notMounted,
  }),
  page('/campaigns', "The session's campaigns with their progress"),
  page('/campaigns/:id', 'One campaign: kept and dropped prospects with reasons, drafts waiting for approval', { params: z.object({ id: z.string() }).strict(), query: z.object({ approved: z.string().optional(), skipped: z.string().optional() }).strict() }),
  route({
    method: 'post', path: '/campaigns/:id/approve', tag: 'Console', auth: 'none',
    summary: "Approve a campaign's waiting first emails, all or the selected ones; each send is still re-checked (DNC, cooling-off)",
    params: z.object({ id: z.string() }).strict(),
    body: z.object({ action: z.enum(['all', 'selected']), outreachIds: z.union([z.string(), z.array(z.string())]).optional(), csrf }),
    openapi: { security: session, requestContentType: form, responses: { '303': redirect('Approved: back to the campaign with how many were approved and skipped'), '400': html('No action, or `outreachIds` empty for "selected"; nothing changed'), '401': html('No session'), '403': formRefused, '404': html('No such campaign visible to this session') } },
    handler: notMounted,
  }),
  page('/inbound', 'Inbound replies with filters', { query: z.object({ workspaceId: z.string().optional(), intent: z.string().optional(), decision: z.string().optional(), q: z.string().optional(), cursor: z.string().optional() }).strict() }),
];
