/**
 * One workspace's own view of shared records: facts it asserted without evidence (binding only that
 * workspace) and its notes on accounts and contacts. Never read for another workspace.
 */
import type { Queryable } from '../../db/types.ts';
import { camelRow } from '../../db/rows.ts';

export interface WorkspaceAccountFacts {
  workspaceId: string;
  accountId: string;
  doNotContact: boolean;
  coolingOffUntil: string | null;
  priceLinkInsertion: number | null;
  priceGuestPost: number | null;
  priceCurrency: string | null;
  pricesUpdatedAt: string | null;
  bestContactId: string | null;
  rawNotes: string | null;
  domainRating: number | null;
  organicTraffic: number | null;
  organicKeywords: number | null;
  referringDomains: number | null;
  backlinks: number | null;
  metricsUpdatedAt: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const toFacts = (r: Record<string, unknown>): WorkspaceAccountFacts => {
  const f = camelRow<WorkspaceAccountFacts & { updatedAt: string }>(r);
  return {
    workspaceId: f.workspaceId, accountId: f.accountId, doNotContact: f.doNotContact, coolingOffUntil: f.coolingOffUntil,
    priceLinkInsertion: num(f.priceLinkInsertion), priceGuestPost: num(f.priceGuestPost), priceCurrency: f.priceCurrency,
    pricesUpdatedAt: f.pricesUpdatedAt, bestContactId: f.bestContactId, rawNotes: f.rawNotes,
    domainRating: num(f.domainRating), organicTraffic: num(f.organicTraffic), organicKeywords: num(f.organicKeywords),
    referringDomains: num(f.referringDomains), backlinks: num(f.backlinks), metricsUpdatedAt: f.metricsUpdatedAt ?? null,
  };
};

export async function getWorkspaceAccountFacts(db: Queryable, workspaceId: string, accountIds: readonly string[]): Promise<Map<string, WorkspaceAccountFacts>> {
  if (!accountIds.length) return new Map();
  const { rows } = await db.query('select * from workspace_account_facts where workspace_id = $1 and account_id = any($2)', [workspaceId, accountIds]);
  return new Map(rows.map((r) => [r['account_id'] as string, toFacts(r)]));
}

type FactsPatch = Partial<Omit<WorkspaceAccountFacts, 'workspaceId' | 'accountId'>>;
const COLUMN: Record<keyof FactsPatch, string> = {
  doNotContact: 'do_not_contact', coolingOffUntil: 'cooling_off_until', priceLinkInsertion: 'price_link_insertion', priceGuestPost: 'price_guest_post',
  priceCurrency: 'price_currency', pricesUpdatedAt: 'prices_updated_at', bestContactId: 'best_contact_id', rawNotes: 'raw_notes',
  domainRating: 'domain_rating', organicTraffic: 'organic_traffic', organicKeywords: 'organic_keywords', referringDomains: 'referring_domains',
  backlinks: 'backlinks', metricsUpdatedAt: 'metrics_updated_at',
};

/**
 * Upserts the workspace's facts on an account. `coolingOffUntil` only moves later (greatest), like the
 * shared one; every other given field is set.
 */
export async function upsertWorkspaceAccountFacts(db: Queryable, workspaceId: string, accountId: string, patch: FactsPatch): Promise<void> {
  const entries = (Object.entries(patch) as Array<[keyof FactsPatch, unknown]>).filter(([, v]) => v !== undefined);
  if (!entries.length) return;
  const params: unknown[] = [workspaceId, accountId, ...entries.map(([, v]) => v)];
  const sets = entries.map(([k]) =>
    k === 'coolingOffUntil'
      ? `cooling_off_until = greatest(workspace_account_facts.cooling_off_until, excluded.cooling_off_until)`
      : `${COLUMN[k]} = excluded.${COLUMN[k]}`,
  );
  await db.query(
    `insert into workspace_account_facts (workspace_id, account_id, ${entries.map(([k]) => COLUMN[k]).join(', ')})
     values ($1, $2, ${entries.map((_, i) => `$${i + 3}`).join(', ')})
     on conflict (workspace_id, account_id) do update set ${sets.join(', ')}, updated_at = now()`,
    params,
  );
}

/** A workspace's own prices on an account as one or more assertions changed them: the prices they stated, and when the last changed them. */
export interface WorkspacePricesPatch {
  workspaceId: string;
  accountId: string;
  priceLinkInsertion: number | null;
  priceGuestPost: number | null;
  priceCurrency: string | null;
  pricesUpdatedAt: string;
}

/**
 * `upsertWorkspaceAccountFacts` of prices for many (workspace, account) pairs in one statement, in
 * key order: a price not stated (null) keeps the stored one. One row per pair.
 */
export async function upsertWorkspacePrices(db: Queryable, patches: readonly WorkspacePricesPatch[]): Promise<void> {
  if (!patches.length) return;
  const rows = [...patches].sort((a, b) => (a.workspaceId !== b.workspaceId ? (a.workspaceId < b.workspaceId ? -1 : 1) : a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  await db.query(
    `insert into workspace_account_facts (workspace_id, account_id, price_link_insertion, price_guest_post, price_currency, prices_updated_at)
     select * from unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::timestamptz[])
     on conflict (workspace_id, account_id) do update set
       price_link_insertion = coalesce(excluded.price_link_insertion, workspace_account_facts.price_link_insertion),
       price_guest_post = coalesce(excluded.price_guest_post, workspace_account_facts.price_guest_post),
       price_currency = coalesce(excluded.price_currency, workspace_account_facts.price_currency),
       prices_updated_at = excluded.prices_updated_at, updated_at = now()`,
    [rows.map((r) => r.workspaceId), rows.map((r) => r.accountId), rows.map((r) => r.priceLinkInsertion), rows.map((r) => r.priceGuestPost), rows.map((r) => r.priceCurrency), rows.map((r) => r.pricesUpdatedAt)],
  );
}

export async function getContactNotes(db: Queryable, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string | null>> {
  if (!contactIds.length) return new Map();
  const { rows } = await db.query<{ contact_id: string; notes: string | null }>(
    'select contact_id, notes from workspace_contact_notes where workspace_id = $1 and contact_id = any($2)',
    [workspaceId, contactIds],
  );
  return new Map(rows.map((r) => [r.contact_id, r.notes]));
}

export async function setContactNotes(db: Queryable, workspaceId: string, contactId: string, notes: string | null): Promise<void> {
  await db.query(
    `insert into workspace_contact_notes (workspace_id, contact_id, notes) values ($1, $2, $3)
     on conflict (workspace_id, contact_id) do update set notes = excluded.notes, updated_at = now()`,
    [workspaceId, contactId, notes],
  );
}
