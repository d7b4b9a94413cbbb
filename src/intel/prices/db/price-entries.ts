/**
 * SQL of the price history (SPEC section 9): every price recorded for an account, oldest first, read
 * from the PRICES assertions the CRM already records (each with its workspace, time and evidence).
 * Shown: prices shared on evidence (any agency's) and the viewer's own unproven ones; another agency's
 * entries carry no workspace, only `fromThisAgency: false`. Currency stays as quoted.
 */
import type { Queryable } from '../../../db/types.ts';

export type PriceType = 'LINK_INSERTION' | 'GUEST_POST';

export interface PriceEntry {
  type: PriceType;
  amount: number;
  /** As quoted; null when none was given. Never converted. */
  currency: string | null;
  /** ISO 8601. */
  at: string;
  fromThisAgency: boolean;
  /** Only on the viewer's own entries. */
  workspaceId: string | null;
  /** The viewer's own: the assertion's source; another agency's: PARTNER_THREAD or ADMIN. */
  source: string;
}

const FIELDS = [['priceLinkInsertion', 'LINK_INSERTION'], ['priceGuestPost', 'GUEST_POST']] as const;

/**
 * The price history of an account as the viewer (these workspaces, its agency's) may see it. Beside a
 * reply being decided, the prices that very message quoted are its offer, not its history:
 * `exceptInboundId` leaves out what the classifier recorded from it.
 */
export async function priceEntriesOf(db: Queryable, accountId: string, ownWorkspaceIds: readonly string[], opts: { exceptInboundId?: string | null } = {}): Promise<PriceEntry[]> {
  const { rows } = await db.query<{ workspace_id: string | null; value: Record<string, unknown>; source: string; created_at: Date | string }>(
    `select a.workspace_id, a.value, a.source, a.created_at
       from account_assertions a
      where a.account_id = $1 and a.fact = 'PRICES'
        and (a.scope = 'SHARED' or a.workspace_id = any($2))
        and ($3::text is null or a.idempotency_key is distinct from $3)
      order by a.created_at, a.id`,
    [accountId, ownWorkspaceIds, opts.exceptInboundId ? `${opts.exceptInboundId}:prices` : null],
  );
  const data: PriceEntry[] = [];
  for (const r of rows) {
    const mine = r.workspace_id !== null && ownWorkspaceIds.includes(r.workspace_id);
    const currency = typeof r.value['priceCurrency'] === 'string' ? r.value['priceCurrency'] : null;
    for (const [key, type] of FIELDS) {
      const amount = r.value[key];
      if (typeof amount !== 'number') continue;
      data.push({
        type, amount, currency, at: new Date(r.created_at).toISOString(), fromThisAgency: mine,
        workspaceId: mine ? r.workspace_id : null,
        source: mine ? r.source : r.source === 'ADMIN' ? 'ADMIN' : 'PARTNER_THREAD',
      });
    }
  }
  return data;
}

/** The same, as seen from one workspace: its agency's workspaces are "this agency". */
export async function priceEntriesForWorkspace(db: Queryable, accountId: string, workspaceId: string, opts: { exceptInboundId?: string | null } = {}): Promise<PriceEntry[]> {
  return priceEntriesOf(db, accountId, await agencyWorkspaceIds(db, workspaceId), opts);
}

/** The workspaces of a workspace's agency ("this agency" in a price history); the workspace alone if it has none. */
export async function agencyWorkspaceIds(db: Queryable, workspaceId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select w.id from workspaces w where w.agency_id = (select agency_id from workspaces where id = $1)',
    [workspaceId],
  );
  return rows.length ? rows.map((r) => r.id) : [workspaceId];
}
