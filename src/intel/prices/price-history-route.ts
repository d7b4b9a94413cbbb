/**
 * GET /v1/link-building/crm/account/:id/prices (SPEC section 9): every price learned for the account
 * over time, oldest first, read from the PRICES assertions the CRM already records (each with its
 * workspace, time and evidence). Shown: prices shared on evidence (any agency's) and the caller's own
 * unproven ones; another agency's entries carry no workspace or agency, only `fromThisAgency: false`.
 * Currency stays as quoted (no conversion).
 */
import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import { route } from '../../http/route.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/schemas/common.ts';
import { getAccount } from '../../crm/db/accounts.ts';

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
      const { rows } = await db.query<{ workspace_id: string | null; agency_id: string | null; value: Record<string, unknown>; source: string; created_at: Date }>(
        `select a.workspace_id, w.agency_id, a.value, a.source, a.created_at
           from account_assertions a left join workspaces w on w.id = a.workspace_id
          where a.account_id = $1 and a.fact = 'PRICES'
            and (a.scope = 'SHARED' or a.workspace_id = any($2))
          order by a.created_at, a.id`,
        [params.id, access.workspaceIds],
      );
      const data: z.infer<typeof entry>[] = [];
      for (const r of rows) {
        const mine = r.workspace_id !== null && access.workspaceIds.includes(r.workspace_id);
        const currency = typeof r.value['priceCurrency'] === 'string' ? r.value['priceCurrency'] : null;
        for (const [key, type] of [['priceLinkInsertion', 'LINK_INSERTION'], ['priceGuestPost', 'GUEST_POST']] as const) {
          const amount = r.value[key];
          if (typeof amount !== 'number') continue;
          data.push({ type, amount, currency, at: new Date(r.created_at).toISOString(), fromThisAgency: mine, workspaceId: mine ? r.workspace_id : null, source: mine ? r.source : r.source === 'ADMIN' ? 'ADMIN' : 'PARTNER_THREAD' });
        }
      }
      return { accountId: params.id, data };
    },
  }),
];
