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
  const { rows } = await db.query<PriceRow>(
    `select a.workspace_id, a.value, a.source, a.created_at
       from account_assertions a
      where a.account_id = $1 and a.fact = 'PRICES'
        and (a.scope = 'SHARED' or a.workspace_id = any($2))
        and ($3::text is null or a.idempotency_key is distinct from $3)
      order by a.created_at, a.id`,
    [accountId, ownWorkspaceIds, opts.exceptInboundId ? exceptKey(opts.exceptInboundId) : null],
  );
  return entriesOf(rows, ownWorkspaceIds);
}

interface PriceRow {
  workspace_id: string | null;
  value: Record<string, unknown>;
  source: string;
  created_at: Date | string;
}

/** The idempotency key of the PRICES assertion the classifier records from a message. */
const exceptKey = (inboundId: string): string => `${inboundId}:prices`;

function entriesOf(rows: readonly PriceRow[], ownWorkspaceIds: readonly string[]): PriceEntry[] {
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

/**
 * The PRICES assertions of several accounts that any of `workspaceIds` may see, in one read, oldest
 * first; `priceEntriesIn` then gives each viewer what `priceEntriesOf` would.
 */
export interface PriceAssertions {
  rows: Array<PriceRow & { account_id: string; scope: string; idempotency_key: string | null }>;
}

export async function priceAssertionsOf(db: Queryable, accountIds: readonly string[], workspaceIds: readonly string[]): Promise<PriceAssertions> {
  if (!accountIds.length) return { rows: [] };
  const { rows } = await db.query<PriceAssertions['rows'][number]>(
    `select a.account_id, a.workspace_id, a.value, a.source, a.created_at, a.scope, a.idempotency_key
       from account_assertions a
      where a.account_id = any($1::text[]) and a.fact = 'PRICES'
        and (a.scope = 'SHARED' or a.workspace_id = any($2::text[]))
      order by a.created_at, a.id`,
    [[...new Set(accountIds)], [...new Set(workspaceIds)]],
  );
  return { rows };
}

/** A read's rows by account, in their order, built on first use (a batch asks once per message, not once per row). */
const byAccount = new WeakMap<PriceAssertions, Map<string, PriceAssertions['rows']>>();
function rowsOfAccount(read: PriceAssertions, accountId: string): PriceAssertions['rows'] {
  let index = byAccount.get(read);
  if (!index) {
    index = new Map();
    for (const r of read.rows) {
      const list = index.get(r.account_id);
      if (list) list.push(r);
      else index.set(r.account_id, [r]);
    }
    byAccount.set(read, index);
  }
  return index.get(accountId) ?? [];
}

/** `priceEntriesOf(db, accountId, ownWorkspaceIds, opts)` over rows `priceAssertionsOf` read (for these workspaces among others). Pure. */
export function priceEntriesIn(read: PriceAssertions, accountId: string, ownWorkspaceIds: readonly string[], opts: { exceptInboundId?: string | null } = {}): PriceEntry[] {
  const except = opts.exceptInboundId ? exceptKey(opts.exceptInboundId) : null;
  return entriesOf(
    rowsOfAccount(read, accountId).filter((r) => (r.scope === 'SHARED' || (r.workspace_id !== null && ownWorkspaceIds.includes(r.workspace_id))) && (except === null || r.idempotency_key !== except)),
    ownWorkspaceIds,
  );
}

/** The workspaces of this workspace's agency ("this agency" to a viewer in it); itself alone when it has no agency. */
export async function agencyWorkspaceIds(db: Queryable, workspaceId: string): Promise<string[]> {
  return (await agencyWorkspaceIdsOf(db, [workspaceId])).get(workspaceId)!;
}

/** `agencyWorkspaceIds` of several workspaces in one read: each workspace's agency's workspaces (itself alone when it has no agency). */
export async function agencyWorkspaceIdsOf(db: Queryable, workspaceIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(workspaceIds)];
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const { rows } = await db.query<{ ws: string; id: string }>(
    'select w.id as ws, o.id from workspaces w join workspaces o on o.agency_id = w.agency_id where w.id = any($1::text[])',
    [ids],
  );
  for (const r of rows) {
    const list = out.get(r.ws);
    if (list) list.push(r.id);
    else out.set(r.ws, [r.id]);
  }
  for (const ws of ids) if (!out.has(ws)) out.set(ws, [ws]);
  return out;
}
