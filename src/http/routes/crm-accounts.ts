import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getAccount, getAccountByDomain, insertAccount, listAccounts, updateAccount, type AccountInput } from '../../crm/db/accounts.ts';
import { getContact } from '../../crm/db/contacts.ts';
import { route } from '../route.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { accountCreate, accountPatch, accountQuery } from '../schemas/crm.ts';

/** Accounts are shared by every agency: any key reads them; prices and DNC are shared knowledge. */
function stamped(input: Partial<AccountInput>, now: string): Partial<AccountInput> {
  const out = { ...input };
  if (input.priceLinkInsertion !== undefined || input.priceGuestPost !== undefined) out.pricesUpdatedAt = now;
  if (['domainRating', 'organicTraffic', 'organicKeywords', 'referringDomains', 'backlinks'].some((k) => k in input)) out.ahrefStatsUpdatedAt = now;
  return out;
}

async function assertContactOfAccount(db: Db, contactId: string | null | undefined, accountId: string | null): Promise<void> {
  if (!contactId) return;
  const c = await getContact(db, contactId);
  if (!c || (accountId && c.accountId !== accountId)) {
    throw new AppError('VALIDATION', 'body.bestContactId: is not a contact of this account', { field: 'body.bestContactId' });
  }
}

export const accountRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/account', tag: 'CRM', auth: 'apiKey', summary: 'List accounts (shared partner domains)',
    query: accountQuery,
    handler: async ({ query }) => listAccounts(db, query),
  }),
  route({
    method: 'post', path: '/crm/account', tag: 'CRM', auth: 'apiKey', summary: 'Create an account', status: 201,
    body: accountCreate,
    handler: async ({ body }) => {
      const existing = await getAccountByDomain(db, body.domain);
      if (existing) throw new AppError('CONFLICT', `an account for ${body.domain} already exists: ${existing.id}`, { field: 'body.domain' });
      if (body.bestContactId) throw new AppError('VALIDATION', 'body.bestContactId: a new account has no contacts yet', { field: 'body.bestContactId' });
      return insertAccount(db, stamped(body, new Date().toISOString()) as AccountInput);
    },
  }),
  route({
    method: 'get', path: '/crm/account/:id', tag: 'CRM', auth: 'apiKey', summary: 'Get an account',
    params: idParam('acct'),
    handler: async ({ params }) => (await getAccount(db, params.id)) ?? Promise.reject(notFound('account')),
  }),
  route({
    method: 'patch', path: '/crm/account/:id', tag: 'CRM', auth: 'apiKey', summary: 'Update an account',
    params: idParam('acct'), body: accountPatch,
    handler: async ({ params, body }) => {
      await assertContactOfAccount(db, body.bestContactId, params.id);
      return (await updateAccount(db, params.id, stamped(body, new Date().toISOString()))) ?? Promise.reject(notFound('account'));
    },
  }),
];
