import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getAccount, getAccountByDomain, insertAccount, listAccounts, updateAccount, type AccountInput } from '../../crm/db/accounts.ts';
import { upsertWorkspaceAccountFacts } from '../../crm/db/workspace-facts.ts';
import { accountsForCaller } from '../../crm/account-view.ts';
import { assertAccountFact } from '../../crm/assert-by-api.ts';
import type { Access } from '../../crm/access.ts';
import type { Account } from '../../crm/types.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { accountCreate, accountPatch, accountQuery, accountView, assertionCreate, assertionResult } from '../schemas/crm.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

/**
 * Accounts are shared by every agency: any key reads them. Shared facts (contact status, cooling-off,
 * prices, best contact) are not set here but asserted (POST …/assertions); notes are per workspace;
 * which workspace contacted a partner is shown only to that workspace's own agency key.
 */
type AccountBody = Partial<AccountInput> & { workspaceId?: string | undefined };

function stamped(input: AccountBody, now: string): Partial<AccountInput> {
  const { workspaceId: _ws, rawNotes: _notes, ...out } = input;
  const shared: Partial<AccountInput> = { ...out };
  if (['domainRating', 'organicTraffic', 'organicKeywords', 'referringDomains', 'backlinks'].some((k) => k in input)) shared.ahrefStatsUpdatedAt = now;
  return shared;
}

async function view(db: Db, access: Access, account: Account, workspaceId?: string): Promise<Account> {
  return (await accountsForCaller(db, [account], access.workspaceIds, workspaceId))[0]!;
}

export const accountRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/account', tag: 'CRM', auth: 'apiKey',
    summary: 'List accounts (shared partner domains); with workspaceId, as that workspace sees them (its own facts and notes)',
    query: accountQuery, response: R.pageOf(R.account),
    handler: async ({ query, access }) => {
      const { workspaceId, ...filter } = query;
      if (workspaceId) visibleWorkspaces(access, workspaceId, 'query.workspaceId');
      const page = await listAccounts(db, filter);
      return { data: await accountsForCaller(db, page.data, access.workspaceIds, workspaceId), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: 'post', path: '/crm/account', tag: 'CRM', auth: 'apiKey', summary: 'Create an account (a shared partner domain); metrics given with it bind the given workspace only, like PATCH', status: 201,
    body: accountCreate, response: R.account,
    handler: async ({ body, access }) => {
      if (body.workspaceId) visibleWorkspaces(access, body.workspaceId, 'body.workspaceId');
      const existing = await getAccountByDomain(db, body.domain);
      if (existing) throw new AppError('CONFLICT', `an account for ${body.domain} already exists: ${existing.id}`, { field: 'body.domain' });
      return db.transaction(async (tx) => {
        // The first writer of a shared row is no more trusted than any later one: metrics given at
        // creation bind the creating workspace only (a METRICS assertion), like PATCH's; the shared
        // figures come from an admin (promoting an assertion) or a provider refresh.
        const { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks, ...rest } = body;
        const account = await insertAccount(tx, stamped(rest, new Date().toISOString()) as AccountInput);
        const metrics = { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks };
        if (body.workspaceId && Object.values(metrics).some((v) => v !== undefined)) {
          await assertAccountFact(tx, account.id, { fact: 'METRICS', workspaceId: body.workspaceId, ...metrics }, new Date());
        }
        if (body.workspaceId && body.rawNotes !== undefined) await upsertWorkspaceAccountFacts(tx, body.workspaceId, account.id, { rawNotes: body.rawNotes });
        return (await accountsForCaller(tx, [account], access.workspaceIds, body.workspaceId))[0];
      });
    },
  }),
  route({
    method: 'get', path: '/crm/account/:id', tag: 'CRM', auth: 'apiKey',
    summary: 'Get an account; with workspaceId, as that workspace sees it (its own facts and notes)',
    params: idParam('acct'), query: accountView, response: R.account,
    handler: async ({ params, query, access }) => {
      if (query.workspaceId) visibleWorkspaces(access, query.workspaceId, 'query.workspaceId');
      const account = await getAccount(db, params.id);
      if (!account) throw notFound('account');
      return view(db, access, account, query.workspaceId);
    },
  }),
  route({
    method: 'patch', path: '/crm/account/:id', tag: 'CRM', auth: 'apiKey',
    summary: "Update an account's descriptive fields, or a workspace's own notes and metrics (shared facts are asserted, not patched; typed-in metrics bind the given workspace only)",
    params: idParam('acct'), body: accountPatch, response: R.account,
    handler: async ({ params, body, access }) => {
      if (body.workspaceId) visibleWorkspaces(access, body.workspaceId, 'body.workspaceId');
      return db.transaction(async (tx) => {
        const { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks, ...rest } = body;
        const shared = stamped(rest, new Date().toISOString());
        const account = Object.keys(shared).length ? await updateAccount(tx, params.id, shared) : await getAccount(tx, params.id);
        if (!account) throw notFound('account');
        // Typed-in metrics bind the caller's workspace only (the schema requires workspaceId with them).
        const metrics = { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks };
        if (body.workspaceId && Object.values(metrics).some((v) => v !== undefined)) {
          await assertAccountFact(tx, account.id, { fact: 'METRICS', workspaceId: body.workspaceId, ...metrics }, new Date());
        }
        if (body.workspaceId && body.rawNotes !== undefined) await upsertWorkspaceAccountFacts(tx, body.workspaceId, account.id, { rawNotes: body.rawNotes });
        return (await accountsForCaller(tx, [account], access.workspaceIds, body.workspaceId))[0];
      });
    },
  }),
  route({
    method: 'post', path: '/crm/account/:id/assertions', tag: 'CRM', auth: 'apiKey', status: 201,
    summary:
      "Assert a shared fact (DO_NOT_CONTACT, COOLING_OFF, PRICES, BEST_CONTACT) for one of the caller's workspaces: shared when the workspace has a thread with the partner, otherwise binding that workspace only and flagged for review. METRICS (DR, traffic, …) always bind the workspace only",
    params: idParam('acct'), body: assertionCreate, response: assertionResult,
    handler: async ({ params, body, access }) => {
      visibleWorkspaces(access, body.workspaceId, 'body.workspaceId');
      return db.transaction(async (tx) => {
        const r = await assertAccountFact(tx, params.id, body, new Date());
        const account = await getAccount(tx, params.id);
        return { ...r, account: (await accountsForCaller(tx, [account!], access.workspaceIds, body.workspaceId))[0] };
      });
    },
  }),
];
