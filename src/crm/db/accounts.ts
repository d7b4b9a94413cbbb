import type { Queryable } from '../../db/types.ts';
import { camelRow, decodeCursor, rowsById, toPage, Where, type Page } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { Account, SystemContactStatus } from '../types.ts';
import { insertRow, updateRow } from './columns.ts';
import type { AccountContactFacts } from '../account-contact.ts';

export type AccountInput = Partial<Omit<Account, 'id' | 'createdAt' | 'updatedAt'>> & { domain: string };

export const toAccount = (r: Record<string, unknown>): Account => camelRow<Account>(r);

export async function insertAccount(db: Queryable, input: AccountInput): Promise<Account> {
  return toAccount(await insertRow(db, 'accounts', { id: newId('acct'), ...input }));
}

/** Finds the shared account for a domain or creates it; safe under concurrency. */
export async function upsertAccountByDomain(db: Queryable, domain: string, source: Account['source']): Promise<Account> {
  const { rows } = await db.query(
    `insert into accounts (id, domain, source) values ($1, $2, $3)
     on conflict (domain) do update set domain = excluded.domain
     returning *`,
    [newId('acct'), domain, source],
  );
  return toAccount(rows[0]!);
}

export async function getAccount(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query('select * from accounts where id = $1', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

/** Many accounts in one query, by id. */
export function getAccounts(db: Queryable, ids: readonly string[]): Promise<Map<string, Account>> {
  return rowsById(db, 'accounts', ids, toAccount);
}

export async function getAccountForUpdate(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query('select * from accounts where id = $1 for no key update', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function getAccountByDomain(db: Queryable, domain: string): Promise<Account | null> {
  const { rows } = await db.query('select * from accounts where domain = $1', [domain]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function updateAccount(db: Queryable, id: string, patch: Partial<AccountInput>): Promise<Account | null> {
  const row = await updateRow(db, 'accounts', id, patch);
  return row ? toAccount(row) : null;
}

/**
 * A contact created or heard from automatically becomes the account's best contact when it has none
 * yet (filled once, never replaced — changing it is the BEST_CONTACT assertion); an address known to
 * bounce never does. Returns whether it was set.
 */
export async function fillBestContact(db: Queryable, accountId: string, contactId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update accounts a set best_contact_id = $2, updated_at = now()
     where a.id = $1 and a.best_contact_id is null
       and exists (select 1 from contacts c where c.id = $2 and c.account_id = $1 and c.email_invalid_at is null)`,
    [accountId, contactId],
  );
  return rowCount > 0;
}

export async function setAccountContactFacts(db: Queryable, id: string, f: AccountContactFacts, status: SystemContactStatus): Promise<void> {
  await updateRow(db, 'accounts', id, { ...f, systemContactStatus: status });
}

export interface AccountFilter {
  domain?: string;
  systemContactStatus?: SystemContactStatus;
  minDomainRating?: number;
  limit: number;
  cursor?: string;
}

export async function listAccounts(db: Queryable, f: AccountFilter): Promise<Page<Account>> {
  const w = new Where();
  if (f.domain) w.add((p) => `domain = ${p}`, f.domain);
  if (f.systemContactStatus) w.add((p) => `system_contact_status = ${p}`, f.systemContactStatus);
  if (f.minDomainRating !== undefined) w.add((p) => `domain_rating >= ${p}`, f.minDomainRating);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id > ${p}`, after[0]);
  const { rows } = await db.query(`select * from accounts ${w.sql} order by id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toAccount), f.limit, (a) => [a.id]);
}

/** The shared accounts of these domains, in one query, keyed by domain. */
export async function getAccountsByDomains(db: Queryable, domains: readonly string[]): Promise<Map<string, Account>> {
  if (!domains.length) return new Map();
  const { rows } = await db.query('select * from accounts where domain = any($1)', [[...new Set(domains)]]);
  return new Map(rows.map((r) => [r['domain'] as string, toAccount(r)]));
}

/**
 * Creates the accounts of these domains that do not exist yet, in one statement, rows in domain
 * order (two batches creating the same partners wait on each other's keys in one order); a domain
 * another transaction created first is left as it is. Returns the accounts it created, by domain.
 */
export async function insertAccountsByDomain(db: Queryable, domains: readonly string[], source: Account['source']): Promise<Map<string, Account>> {
  const sorted = [...new Set(domains)].sort();
  if (!sorted.length) return new Map();
  const { rows } = await db.query(
    `insert into accounts (id, domain, source)
     select id, domain, $3::text from unnest($1::text[], $2::text[]) with ordinality as d(id, domain, n) order by n
     on conflict (domain) do nothing returning *`,
    [sorted.map(() => newId('acct')), sorted, source],
  );
  return new Map(rows.map((r) => [r['domain'] as string, toAccount(r)]));
}

/** `getAccountForUpdate` for many, in one statement, locked in id order. */
export async function lockAccounts(db: Queryable, ids: readonly string[]): Promise<Map<string, Account>> {
  return rowsById(db, 'accounts', ids, toAccount, { lock: true });
}

/** Sets the shared contact status of many accounts (their contact facts as they are), in one statement. */
export async function setAccountContactStatuses(db: Queryable, statuses: ReadonlyArray<{ id: string; status: SystemContactStatus }>): Promise<void> {
  if (!statuses.length) return;
  await db.query(
    `update accounts a set system_contact_status = v.status, updated_at = now()
     from unnest($1::text[], $2::text[]) as v(id, status) where a.id = v.id`,
    [statuses.map((s) => s.id), statuses.map((s) => s.status)],
  );
}
