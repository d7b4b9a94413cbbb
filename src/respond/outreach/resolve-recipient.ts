/**
 * Who a first outreach email goes to: the contact named, the address given, or the partner's best contact.
 * Contacts are shared by every agency, so a contact of another partner is a 400 on the field, not a 404.
 * Reads only: a new address becomes a contact (`createRecipient`) once every check has passed.
 */
import type { Queryable } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getContact, getContactByEmail, upsertContactByEmail } from '../../crm/db/contacts.ts';
import type { Account, Contact } from '../../crm/types.ts';

export type Recipient = { contact: Contact; address: string } | { contact: null; address: string };

const bad = (field: string, message: string): AppError => new AppError('VALIDATION', `${field}: ${message}`, { field });

export async function resolveRecipient(q: Queryable, account: Account, ask: { contactId?: string | undefined; to?: string | undefined }): Promise<Recipient> {
  if (ask.contactId) {
    const contact = await getContact(q, ask.contactId);
    if (!contact || contact.accountId !== account.id) throw bad('body.contactId', "is not a contact of this relationship's partner");
    if (ask.to && ask.to.toLowerCase() !== contact.email.toLowerCase()) throw bad('body.to', `does not match the contact's address (${contact.email})`);
    return { contact, address: contact.email };
  }
  if (ask.to) {
    const contact = await getContactByEmail(q, ask.to);
    if (contact && contact.accountId !== account.id) throw bad('body.to', 'belongs to a contact of another partner');
    return contact ? { contact, address: contact.email } : { contact: null, address: ask.to };
  }
  const best = account.bestContactId ? await getContact(q, account.bestContactId) : null;
  if (!best) throw bad('body.to', 'contactId or to is required (the partner has no best contact)');
  return { contact: best, address: best.email };
}

/** The recipient as a contact of the partner, created for a new address. */
export async function recipientContact(tx: Queryable, account: Account, r: Recipient): Promise<Contact> {
  if (r.contact) return r.contact;
  const contact = await upsertContactByEmail(tx, account.id, r.address);
  // Someone created the address on another partner in the meantime.
  if (contact.accountId !== account.id) throw bad('body.to', 'belongs to a contact of another partner');
  return contact;
}
