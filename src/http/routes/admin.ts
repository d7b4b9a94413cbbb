import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import * as admin from '../../crm/admin-service.ts';
import * as sharedFacts from '../../crm/admin-shared-facts.ts';
import { route } from '../route.ts';
import { idParam } from '../schemas/common.ts';
import { agencyCreate, apiKeyCreate, apiKeyQuery, approversPut, assertionQuery, assertionReview, clearDoNotContact, workspaceCreate, workspaceQuery } from '../schemas/admin.ts';

const assertionParam = idParam('asr');
const keyParam = z.object({ id: z.string().regex(/^key_[a-z0-9]{1,64}$/, 'must be an id starting with key_') }).strict();

export const adminRoutes = (db: Db) => [
  route({ method: 'post', path: '/agencies', tag: 'Admin', auth: 'admin', summary: 'Create an agency', status: 201, body: agencyCreate,
    handler: async ({ body }) => admin.createAgency(db, body) }),
  route({ method: 'get', path: '/agencies', tag: 'Admin', auth: 'admin', summary: 'List agencies',
    handler: async () => ({ data: await admin.allAgencies(db) }) }),
  route({ method: 'post', path: '/workspaces', tag: 'Admin', auth: 'admin', status: 201, body: workspaceCreate,
    summary: "Create a workspace; the answer carries its Instantly webhook secret, shown once",
    handler: async ({ body }) => admin.createWorkspace(db, body) }),
  route({ method: 'get', path: '/workspaces', tag: 'Admin', auth: 'admin', summary: 'List workspaces', query: workspaceQuery,
    handler: async ({ query }) => ({ data: await admin.workspacesOf(db, query.agencyId) }) }),
  route({ method: 'post', path: '/workspaces/:id/webhook-secret', tag: 'Admin', auth: 'admin', params: idParam('ws'),
    summary: "Rotate a workspace's webhook secret (the old one stops working at once)",
    handler: async ({ params }) => admin.rotateWorkspaceSecret(db, params.id) }),
  route({ method: 'put', path: '/workspaces/:id/approvers', tag: 'Admin', auth: 'admin', params: idParam('ws'), body: approversPut,
    summary: "Set a workspace's approvers (emails, Slack channel, allowed Slack users)",
    handler: async ({ params, body }) => admin.putApprovers(db, params.id, body) }),
  route({ method: 'post', path: '/api-keys', tag: 'Admin', auth: 'admin', status: 201, body: apiKeyCreate,
    summary: 'Create an API key for an agency, optionally limited to some workspaces; the key is shown once',
    handler: async ({ body }) => admin.createApiKey(db, body) }),
  route({ method: 'get', path: '/api-keys', tag: 'Admin', auth: 'admin', query: apiKeyQuery,
    summary: "List API keys (an agency's with agencyId): id, name, the key's first characters, workspaces, created and last used (to the minute); never the key itself",
    handler: async ({ query }) => admin.apiKeysOf(db, query) }),
  route({ method: 'delete', path: '/api-keys/:id', tag: 'Admin', auth: 'admin', params: keyParam,
    summary: 'Revoke an API key: it stops working at once (the next request with it is a 401)',
    handler: async ({ params }) => admin.revokeKey(db, params.id) }),
  route({ method: 'get', path: '/assertions', tag: 'Admin', auth: 'admin', query: assertionQuery,
    summary: 'Assertions of shared facts (who asserted what, on which evidence, how far it reached); flagged=true lists those waiting for review',
    handler: async ({ query }) => sharedFacts.assertions(db, query) }),
  route({ method: 'post', path: '/assertions/:id/review', tag: 'Admin', auth: 'admin', params: assertionParam, body: assertionReview,
    summary: 'Review a flagged assertion: PROMOTE applies it to the shared account, DISMISS leaves it binding its workspace only',
    handler: async ({ params, body }) => sharedFacts.reviewFlagged(db, params.id, body) }),
  route({ method: 'post', path: '/accounts/:id/clear-do-not-contact', tag: 'Admin', auth: 'admin', params: idParam('acct'), body: clearDoNotContact,
    summary: 'Lift DO_NOT_CONTACT from a shared account (DNC is sticky: only this admin action, with a reason, clears it)',
    handler: async ({ params, body }) => sharedFacts.clearDoNotContactOf(db, params.id, body.reason) }),
];
