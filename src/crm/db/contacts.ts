import type { Queryable } from '../../db/types.ts';
import { camelRow, decodeCursor, rowsById, toPage, Where, type Page } from '../../db/rows.ts';
import { newId } from '../../ids.ts';
import type { Contact } from '../types.ts';
import { insertRow, updateRow } from './columns.ts';
import { upsertAccountByDomain } from './accounts.ts';
import { domainOfEmail } from '../normalize-domain.ts';
import { addressFitsAccount } from '../contact-address.ts';

export type ContactInput = Partial<Omit<Contact, 'id' | 'createdAt' | 'updatedAt' | 'emailInvalidAt'>> & {
  accountId: string;
  email: string;
  /** The workspace that marked a freemail address as this account's contact (it has a thread with it). */
  freemailMarkedBy?: string | null;
};

export const toContact = (r: Record<string, unknown>): Contact => camelRow<Contact>(r);

export async function insertContact(db: Queryable, input: ContactInput): Promise<Contact> {
  return toContact(await insertRow(db, 'contacts', { id: newId('ct'), ...input }));
}

/**
 * Finds a contact by address (case-insensitive) or creates it; safe under concurrency. A new address
 * at another (non-freemail) domain than the account's is filed under its own domain's account: a
 * partner's contact is at the partner's domain (a referral to another site names another partner).
 */
export async function upsertContactByEmail(db: Queryable, accountId: string, email: string, name?: { firstName?: string | null; lastName?: string | null }): Promise<Contact> {
  const existing = await getContactByEmail(db, email);
  if (existing) return existing;
  let home = accountId;
  const account = await db.query<{ domain: string }>('select domain from accounts where id = $1', [accountId]);
  const domain = domainOfEmail(email);
  if (domain && account.rows[0] && addressFitsAccount(email, account.rows[0].domain) === 'other-domain') {
    home = (await upsertAccountByDomain(db, domain, 'INBOUND')).id;
  }
  await db.query(
    `insert into contacts (id, account_id, email, first_name, last_name) values ($1, $2, $3, $4, $5)
     on conflict ((lower(email))) do nothing`,
    [newId('ct'), home, email, name?.firstName ?? null, name?.lastName ?? null],
  );
  const found = await getContactByEmail(db, email);
  return found!;
}

export async function getContact(db: Queryable, id: string): Promise<Contact | null> {
  const { rows } = await db.query('select * from contacts where id = $1', [id]);
  return rows[0] ? toContact(rows[0]) : null;
}

/** Many contacts in one query, by id. */
export function getContacts(db: Queryable, ids: readonly string[]): Promise<Map<string, Contact>> {
  return rowsById(db, 'contacts', ids, toContact);
}

export async function getContactByEmail(db: Queryable, email: string): Promise<Contact | null> {
  const { rows } = await db.query('select * from contacts where lower(email) = lower($1)', [email]);
  return rows[0] ? toContact(rows[0]) : null;
}

/** The contact with an address and its account's domain (matching checks that they agree). */
export async function getContactWithDomainByEmail(db: Queryable, email: string): Promise<(Contact & { accountDomain: string }) | null> {
  const { rows } = await db.query('select c.*, a.domain as account_domain from contacts c join accounts a on a.id = c.account_id where lower(c.email) = lower($1)', [email]);
  return rows[0] ? camelRow<Contact & { accountDomain: string }>(rows[0]) : null;
}

export async function updateContact(db: Queryable, id: string, patch: Partial<ContactInput> & { emailInvalidAt?: string | null }): Promise<Contact | null> {
  const row = await updateRow(db, 'contacts', id, patch);
  return row ? toContact(row) : null;
}

export interface ContactFilter {
  accountId?: string;
  email?: string;
  limit: number;
  cursor?: string;
}

export async function listContacts(db: Queryable, f: ContactFilter): Promise<Page<Contact>> {
  const w = new Where();
  if (f.accountId) w.add((p) => `account_id = ${p}`, f.accountId);
  if (f.email) w.add((p) => `lower(email) = lower(${p})`, f.email);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `id > ${p}`, after[0]);
  const { rows } = await db.query(`select * from contacts ${w.sql} order by id limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toContact), f.limit, (c) => [c.id]);
}

export type ContactWithAccount = Contact & { accountDomain: string; accountBestContactId: string | null };

/** The contacts with these addresses (case-insensitive) and their accounts' domains, in one query, keyed by lower-cased address. */
export async function getContactsWithDomainByEmails(db: Queryable, emails: readonly string[]): Promise<Map<string, ContactWithAccount>> {
  if (!emails.length) return new Map();
  const { rows } = await db.query(
    `select c.*, a.domain as account_domain, a.best_contact_id as account_best_contact_id
     from contacts c join accounts a on a.id = c.account_id where lower(c.email) = any($1)`,
    [[...new Set(emails.map((e) => e.toLowerCase()))]],
  );
  return new Map(rows.map((r) => [(r['email'] as string).toLowerCase(), camelRow<ContactWithAccount>(r)]));
}

/**
 * Creates contacts whose addresses are not known yet, in one statement, rows in address order; an
 * address another transaction stored first is left as it is (read them back with
 * `getContactsWithDomainByEmails`).
 */
export async function insertContacts(db: Queryable, contacts: ReadonlyArray<{ accountId: string; email: string; firstName: string | null; lastName: string | null }>): Promise<void> {
  const sorted = [...contacts].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : a.email.toLowerCase() > b.email.toLowerCase() ? 1 : 0));
  if (!sorted.length) return;
  await db.query(
    `insert into contacts (id, account_id, email, first_name, last_name)
     select id, account_id, email, first_name, last_name
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) with ordinality as c(id, account_id, email, first_name, last_name, n) order by n
     on conflict ((lower(email))) do nothing`,
    [sorted.map(() => newId('ct')), sorted.map((c) => c.accountId), sorted.map((c) => c.email), sorted.map((c) => c.firstName), sorted.map((c) => c.lastName)],
  );
}
