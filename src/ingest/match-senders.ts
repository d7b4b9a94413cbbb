/**
 * Senders matched to partners a batch at a time (the ingest step's replies; one at a time is a batch
 * of one): a sender's address → its contact → that account; else its domain → the account (created
 * when `allowCreate`), with a new contact → this workspace's relationship (created when missing).
 * A contact filed under another partner's domain (a decoy) loses to the sender's own domain.
 *
 * Every read is one `= any($1)` query for the batch, every creation one multi-row insert in sorted
 * order (`on conflict do nothing`, then read back: concurrent batches and retries create nothing
 * twice). A sender later in the batch sees what an earlier one created, as one at a time would: the
 * same address always lands on the same partner, and a new contact is named from the first message
 * that brought it. The contacts that may fill their account's empty best contact come back in sender
 * order, for the caller to apply in its lock order (`fillFirstBestContact`).
 */
import type { Queryable } from '../db/types.ts';
import { fillBestContact, getAccountsByDomains, insertAccountsByDomain } from '../crm/db/accounts.ts';
import { getContactsWithDomainByEmails, insertContacts, type ContactWithAccount } from '../crm/db/contacts.ts';
import { getRelationshipsByWorkspaceAccount, insertRelationships, relationshipKey } from '../crm/db/relationships.ts';
import { addressFitsAccount } from '../crm/contact-address.ts';
import { isFreemailDomain } from '../crm/freemail.ts';
import { domainOfEmail } from '../crm/normalize-domain.ts';
import type { Account, Contact } from '../crm/types.ts';

export interface Match {
  relationshipId: string | null;
  contactId: string | null;
  accountId: string | null;
}

export interface Sender {
  workspaceId: string;
  address: string;
  name?: string | undefined;
}

export interface SenderOptions {
  /** Create a missing account (for the sender's domain) and contact. */
  allowCreate: boolean;
  source: 'INBOUND' | 'IMPORT';
  /**
   * The matched or created contact is someone who wrote (or whom we wrote to), so it may fill an
   * account's empty best contact; false for a bounce's failed recipient.
   */
  bestContact: boolean;
}

export interface BestContact {
  accountId: string;
  contactId: string;
}

export interface SenderMatches {
  /** Per sender, in order: its partner, or null when it matches none. */
  matches: Array<Match | null>;
  /** Contacts that may become their account's best contact, in sender order. */
  bestContacts: BestContact[];
  /** The matched contacts, by id (what an arrival event's contact signal needs of them). */
  contacts: Map<string, Contact>;
}

export function splitName(name: string | undefined): { firstName: string | null; lastName: string | null } {
  const parts = (name ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p.includes('@'))) return { firstName: null, lastName: null };
  return { firstName: parts[0] ?? null, lastName: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

/** How an address matches, from its stored contact (if any): by the contact, or by its domain. */
type Route = { by: 'contact'; contact: ContactWithAccount } | { by: 'domain'; domain: string; contact: ContactWithAccount | null } | null;

function routeOf(address: string, contact: ContactWithAccount | undefined, allowCreate: boolean): Route {
  if (contact && addressFitsAccount(address, contact.accountDomain) !== 'other-domain') return { by: 'contact', contact };
  const domain = domainOfEmail(address);
  if (!domain || isFreemailDomain(domain) || (!allowCreate && !contact)) return null;
  return { by: 'domain', domain, contact: contact ?? null };
}

export async function matchSenders(tx: Queryable, senders: readonly Sender[], opts: SenderOptions): Promise<SenderMatches> {
  if (!senders.length) return { matches: [], bestContacts: [], contacts: new Map() };
  const keyOf = (s: Sender) => s.address.toLowerCase();
  const contacts = await getContactsWithDomainByEmails(tx, senders.map((s) => s.address));
  const routes = new Map<string, Route>();
  for (const s of senders) if (!routes.has(keyOf(s))) routes.set(keyOf(s), routeOf(s.address, contacts.get(keyOf(s)), opts.allowCreate));

  const domains = [...new Set([...routes.values()].flatMap((r) => (r?.by === 'domain' ? [r.domain] : [])))];
  const accounts = await getAccountsByDomains(tx, domains);
  const missingDomains = domains.filter((d) => !accounts.has(d));
  if (opts.allowCreate && missingDomains.length) {
    for (const [d, a] of await insertAccountsByDomain(tx, missingDomains, opts.source)) accounts.set(d, a);
    const raced = missingDomains.filter((d) => !accounts.has(d));
    for (const [d, a] of await getAccountsByDomains(tx, raced)) accounts.set(d, a);
  }

  // new contacts: an address routed by its domain with no contact yet, named from its first sender
  const newContacts = new Map<string, { accountId: string; email: string; firstName: string | null; lastName: string | null }>();
  for (const s of senders) {
    const r = routes.get(keyOf(s));
    const account = r?.by === 'domain' && !r.contact ? accounts.get(r.domain) : undefined;
    if (account && !newContacts.has(keyOf(s))) newContacts.set(keyOf(s), { accountId: account.id, email: s.address, ...splitName(s.name) });
  }
  await insertContacts(tx, [...newContacts.values()]);
  const created = await getContactsWithDomainByEmails(tx, [...newContacts.keys()]);

  const matched = new Map<string, Contact>();
  const partners = senders.map((s): { accountId: string; contactId: string | null; best: BestContact | null } | null => {
    const r = routes.get(keyOf(s));
    if (!r) return null;
    if (r.by === 'contact') {
      const c = r.contact;
      matched.set(c.id, c);
      return { accountId: c.accountId, contactId: c.id, best: opts.bestContact && !c.accountBestContactId ? { accountId: c.accountId, contactId: c.id } : null };
    }
    const account: Account | undefined = accounts.get(r.domain);
    if (!account) return null;
    const made = r.contact ? null : created.get(keyOf(s)) ?? null;
    if (made) matched.set(made.id, made);
    return { accountId: account.id, contactId: made?.id ?? null, best: made && opts.bestContact && !account.bestContactId ? { accountId: account.id, contactId: made.id } : null };
  });

  const pairs = senders.flatMap((s, i) => (partners[i] ? [{ workspaceId: s.workspaceId, accountId: partners[i].accountId }] : []));
  const rels = await getRelationshipsByWorkspaceAccount(tx, pairs);
  const missing = pairs.filter((p) => !rels.has(relationshipKey(p.workspaceId, p.accountId)));
  if (missing.length) {
    for (const [k, rel] of await insertRelationships(tx, missing, opts.source)) rels.set(k, rel);
    const raced = missing.filter((p) => !rels.has(relationshipKey(p.workspaceId, p.accountId)));
    for (const [k, rel] of await getRelationshipsByWorkspaceAccount(tx, raced)) rels.set(k, rel);
  }

  return {
    matches: senders.map((s, i) => {
      const p = partners[i];
      if (!p) return null;
      return { relationshipId: rels.get(relationshipKey(s.workspaceId, p.accountId))?.id ?? null, contactId: p.contactId, accountId: p.accountId };
    }),
    bestContacts: partners.flatMap((p) => (p?.best ? [p.best] : [])),
    contacts: matched,
  };
}

/**
 * Fills an account's empty best contact with the first of these contacts that qualifies (filled
 * once, never replaced; an address known to bounce never does), as one message after another would.
 */
export async function fillFirstBestContact(tx: Queryable, accountId: string, contactIds: readonly string[]): Promise<void> {
  for (const contactId of new Set(contactIds)) if (await fillBestContact(tx, accountId, contactId)) return;
}
