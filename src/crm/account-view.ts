/**
 * What a caller sees of a shared account or contact. Shared rows carry facts every agency may know;
 * a workspace's own facts (asserted without evidence) and notes are merged in for that workspace only;
 * which workspace contacted a partner is shown only when it is one of the caller's own.
 */
import type { Queryable } from '../db/types.ts';
import type { Account, Contact } from './types.ts';
import { getAccount, getAccounts } from './db/accounts.ts';
import { getContactNotes, getWorkspaceAccountFacts, type WorkspaceAccountFacts } from './db/workspace-facts.ts';

const later = (a: string | null, b: string | null): string | null => (!a ? b : !b ? a : new Date(a) >= new Date(b) ? a : b);

/** Pure: the shared account as one workspace sees it, with that workspace's own facts and notes. */
export function mergeWorkspaceFacts(account: Account, facts: WorkspaceAccountFacts | undefined): Account {
  if (!facts) return { ...account, rawNotes: null };
  const ownPrices = facts.priceLinkInsertion !== null || facts.priceGuestPost !== null;
  return {
    ...account,
    systemContactStatus: facts.doNotContact ? 'DO_NOT_CONTACT' : account.systemContactStatus,
    coolingOffUntil: later(account.coolingOffUntil, facts.coolingOffUntil),
    ...(ownPrices
      ? {
          priceLinkInsertion: facts.priceLinkInsertion ?? account.priceLinkInsertion,
          priceGuestPost: facts.priceGuestPost ?? account.priceGuestPost,
          priceCurrency: facts.priceCurrency ?? account.priceCurrency,
          pricesUpdatedAt: facts.pricesUpdatedAt ?? account.pricesUpdatedAt,
        }
      : {}),
    bestContactId: facts.bestContactId ?? account.bestContactId,
    rawNotes: facts.rawNotes,
    // The workspace's own typed-in metrics win in its own view only.
    domainRating: facts.domainRating ?? account.domainRating,
    organicTraffic: facts.organicTraffic ?? account.organicTraffic,
    organicKeywords: facts.organicKeywords ?? account.organicKeywords,
    referringDomains: facts.referringDomains ?? account.referringDomains,
    backlinks: facts.backlinks ?? account.backlinks,
    ahrefStatsUpdatedAt: facts.metricsUpdatedAt ?? account.ahrefStatsUpdatedAt,
  };
}

/**
 * Pure: the workspace ids that contacted the partner are shown only when they are the caller's own;
 * another agency's stays null (the dates still tell that, and when, someone contacted it).
 * The shared `rawNotes` column is never served (notes are per workspace).
 */
export function redactAccount(account: Account, ownWorkspaceIds: readonly string[]): Account {
  const own = (ws: string | null) => (ws && ownWorkspaceIds.includes(ws) ? ws : null);
  return { ...account, firstContactedByOrgId: own(account.firstContactedByOrgId), lastContactedByOrgId: own(account.lastContactedByOrgId) };
}

/** Accounts as an API caller sees them: redacted, and merged with one workspace's own view when given. */
export async function accountsForCaller(q: Queryable, accounts: readonly Account[], ownWorkspaceIds: readonly string[], workspaceId?: string): Promise<Account[]> {
  const facts = workspaceId ? await getWorkspaceAccountFacts(q, workspaceId, accounts.map((a) => a.id)) : new Map<string, WorkspaceAccountFacts>();
  return accounts.map((a) => redactAccount(mergeWorkspaceFacts(a, facts.get(a.id)), ownWorkspaceIds));
}

/** Contacts as an API caller sees them: notes are the given workspace's own, or null. */
export async function contactsForCaller(q: Queryable, contacts: readonly Contact[], workspaceId?: string): Promise<Contact[]> {
  const notes = workspaceId ? await getContactNotes(q, workspaceId, contacts.map((c) => c.id)) : new Map<string, string | null>();
  return contacts.map((c) => {
    const { freemailMarkedBy: _f, ...rest } = c as Contact & { freemailMarkedBy?: unknown };
    return { ...rest, notes: notes.get(c.id) ?? null };
  });
}

/** The account as the pipeline of one workspace must treat it (its own DNC and cooling-off included). */
export async function getAccountForWorkspace(q: Queryable, accountId: string, workspaceId: string): Promise<Account | null> {
  const account = await getAccount(q, accountId);
  if (!account) return null;
  const facts = await getWorkspaceAccountFacts(q, workspaceId, [accountId]);
  return mergeWorkspaceFacts(account, facts.get(accountId));
}

/** Many accounts, each as one workspace sees it (`getAccountForWorkspace` for each), keyed by `accountKey`. */
export async function getAccountsForWorkspaces(q: Queryable, wanted: ReadonlyArray<{ accountId: string; workspaceId: string }>): Promise<Map<string, Account>> {
  return (await readAccountViews(q, wanted)).views;
}

/** The same, with what each view is made of: the shared rows (by id) and each workspace's own facts (by `accountKey`). */
export async function readAccountViews(
  q: Queryable,
  wanted: ReadonlyArray<{ accountId: string; workspaceId: string }>,
): Promise<{ views: Map<string, Account>; shared: Map<string, Account>; facts: Map<string, WorkspaceAccountFacts> }> {
  const accounts = await getAccounts(q, wanted.map((w) => w.accountId));
  const out = new Map<string, Account>();
  const own = new Map<string, WorkspaceAccountFacts>();
  const byWorkspace = new Map<string, Set<string>>();
  for (const w of wanted) byWorkspace.set(w.workspaceId, (byWorkspace.get(w.workspaceId) ?? new Set()).add(w.accountId));
  for (const [workspaceId, ids] of byWorkspace) {
    const facts = await getWorkspaceAccountFacts(q, workspaceId, [...ids]);
    for (const id of ids) {
      const a = accounts.get(id);
      const f = facts.get(id);
      if (f) own.set(accountKey(id, workspaceId), f);
      if (a) out.set(accountKey(id, workspaceId), mergeWorkspaceFacts(a, f));
    }
  }
  return { views: out, shared: accounts, facts: own };
}

export const accountKey = (accountId: string, workspaceId: string): string => `${workspaceId}:${accountId}`;
