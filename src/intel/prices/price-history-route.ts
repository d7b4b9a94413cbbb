/**
 * GET /v1/link-building/crm/account/:id/prices (SPEC section 9): every price learned for the account
 * over time, oldest first (db/price-entries.ts). Shown: prices shared on evidence (any agency's) and
 * the caller's own unproven ones; another agency's entries carry no workspace or agency, only
 * `fromThisAgency: false`. Currency stays as quoted (no conversion).
 */
import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import { route } from '../../http/route.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/schemas/common.ts';
import { getAccount } from '../../crm/db/accounts.ts';
import { priceEntriesOf } from './db/price-entries.ts';

const entry = z.object({
  type: z.enum(['LINK_INSERTION', 'GUEST_POST']),
  amount: z.number(),
  currency: z.string().nullable(),
  at: z.string(),
  fromThisAgency: z.boolean(),
  workspaceId: z.string().nullable(),
  source: z.string(),
});
const response = z.object({ accountId: z.string(), data: z.array(entry) });

export const priceHistoryRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/account/:id/prices', tag: 'CRM', auth: 'apiKey',
    summary: "An account's price history (type, amount, currency as quoted, when, whether from this agency); other agencies' entries carry no workspace or agency",
    params: idParam('acct'), response,
    handler: async ({ params, access }) => {
      if (!(await getAccount(db, params.id))) throw notFound('account');
      return { accountId: params.id, data: await priceEntriesOf(db, params.id, access.workspaceIds) };
    },
  }),
];
