import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import * as admin from '../../crm/admin-service.ts';
import * as sharedFacts from '../../crm/admin-shared-facts.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { idParam } from '../schemas/common.ts';
import { agencyCreate, apiKeyCreate, apiKeyQuery, approversPut, assertionQuery, assertionReview, clearDoNotContact, workspaceCreate, workspaceQuery } from '../schemas/admin.ts';

const assertionParam = idParam('asr');
const keyParam = z.object({ id: z.string().regex(/^key_[a-z0-9]{1,64}$/, 'must be an id starting with key_') }).strict();

export const adminRoutes = (db: Db) => [
  route({ method: 'post', path: '/agencies', tag: 'Admin', auth: 'admin', summary: 'Create an agency', status: 201, body: agencyCreate, response: R.agency,
    handler: async ({ body }) => admin.createAgency(db, body) }),
  route({ method: 'get', path: '/agencies', tag: 'Admin', auth: 'admin', summary: 'List agencies', response: R.listOf(R.agency),
    handler: async () => ({ data: await admin.allAgencies(db) }) }),
  route({ method: 'post', path: '/workspaces', tag: 'Admin', auth: 'admin', status: 201, body: workspaceCreate, response: R.workspaceCreated,
    summary: "Create a workspace; the answer carries its Instantly webhook secret, shown once",
    handler: async ({ body }) => admin.createWorkspace(db, body) }),
  route({ method: 'get', path: '/workspaces', tag: 'Admin', auth: 'admin', summary: 'List workspaces', query: workspaceQuery, response: R.listOf(R.workspace),
    handler: async ({ query }) => ({ data: await admin.workspacesOf(db, query.agencyId) }) }),
  route({ method: 'post', path: '/workspaces/:id/webhook-secret', tag: 'Admin', auth: 'admin', params: idParam('ws'), response: R.webhookSecretRotated,
    summary: "Rotate a workspace's webhook secret (the old one stops working at once)",
    handler: async ({ params }) => admin.rotateWorkspaceSecret(db, params.id) }),
  route({ method: 'put', path: '/workspaces/:id/approvers', tag: 'Admin', auth: 'admin', params: idParam('ws'), body: approversPut, response: R.workspace,
    summary: "Set a workspace's approvers (emails, Slack channel, allowed Slack users)",
    handler: async ({ params, body }) => admin.putApprovers(db, params.id, body) }),
  route({ method: 'post', path: '/api-keys', tag: 'Admin', auth: 'admin', status: 201, body: apiKeyCreate, response: R.apiKeyCreated,
    summary: 'Create an API key for an agency, optionally limited to some workspaces; the key is shown once',
    handler: async ({ body }) => admin.createApiKey(db, body) }),
  route({ method: 'get', path: '/api-keys', tag: 'Admin', auth: 'admin', query: apiKeyQuery, response: R.listOf(R.apiKeyListed),
    summary: "List API keys (an agency's with agencyId): id, name, the key's first characters, workspaces, created and last used (to the minute); never the key itself",
    handler: async ({ query }) => admin.apiKeysOf(db, query) }),
  route({ method: 'delete', path: '/api-keys/:id', tag: 'Admin', auth: 'admin', params: keyParam,
    summary: 'Revoke an API key: it stops working at once (the next request with it is a 401)',
    handler: async ({ params }) => admin.revokeKey(db, params.id) }),
  route({ method: 'get', path: '/assertions', tag: 'Admin', auth: 'admin', query: assertionQuery, response: R.pageOf(R.assertion),
    summary: 'Assertions of shared facts (who asserted what, on which evidence, how far it reached); flagged=true lists those waiting for review',
    handler: async ({ query }) => sharedFacts.assertions(db, query) }),
  route({ method: 'post', path: '/assertions/:id/review', tag: 'Admin', auth: 'admin', params: assertionParam, body: assertionReview, response: R.assertion,
    summary: 'Review a flagged assertion: PROMOTE applies it to the shared account, DISMISS leaves it binding its workspace only',
    handler: async ({ params, body }) => sharedFacts.reviewFlagged(db, params.id, body) }),
  route({ method: 'post', path: '/accounts/:id/clear-do-not-contact', tag: 'Admin', auth: 'admin', params: idParam('acct'), body: clearDoNotContact, response: R.clearedDoNotContact,
    summary: 'Lift DO_NOT_CONTACT from a shared account (DNC is sticky: only this admin action, with a reason, clears it)',
    handler: async ({ params, body }) => sharedFacts.clearDoNotContactOf(db, params.id, body.reason) }),
];
