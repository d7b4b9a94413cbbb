import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../../crm/db/accounts.ts';
import { getContact, getContactByEmail, insertContact, listContacts, updateContact } from '../../crm/db/contacts.ts';
import { setContactNotes } from '../../crm/db/workspace-facts.ts';
import { contactsForCaller } from '../../crm/account-view.ts';
import { addressFitsAccount, freemailEvidence } from '../../crm/contact-address.ts';
import type { Contact } from '../../crm/types.ts';
import { checkContactEdit } from '../../crm/contact-edits.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { contactCreate, contactPatch, contactQuery, contactView } from '../schemas/crm.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

/**
 * Contacts are shared by every agency. A contact's address is at its account's domain (or is a
 * freemail address marked so by a workspace that has a thread with it) and never changes; notes are
 * per workspace.
 */
export const contactRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/contact', tag: 'CRM', auth: 'apiKey', summary: "List contacts; with workspaceId, with that workspace's own notes",
    query: contactQuery, response: R.pageOf(R.contact),
    handler: async ({ query, access }) => {
      const { workspaceId, ...filter } = query;
      if (workspaceId) visibleWorkspaces(access, workspaceId, 'query.workspaceId');
      const page = await listContacts(db, filter);
      return { data: await contactsForCaller(db, page.data, workspaceId), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: 'post', path: '/crm/contact', tag: 'CRM', auth: 'apiKey', status: 201,
    summary: "Create a contact: the address must be at the account's domain, or a freemail address (freemail: true) the workspace has a thread with",
    body: contactCreate, response: R.contact,
    handler: async ({ body, access }) => {
      const { workspaceId, notes, freemail, ...fields } = body;
      if (workspaceId) visibleWorkspaces(access, workspaceId, 'body.workspaceId');
      const account = await getAccount(db, body.accountId);
      if (!account) throw new AppError('VALIDATION', 'body.accountId: no such account', { field: 'body.accountId' });
      const fit = addressFitsAccount(body.email, account.domain);
      if (fit === 'other-domain') {
        throw new AppError('VALIDATION', `body.email: must be an address at ${account.domain} (a partner's contact is at the partner's domain)`, { field: 'body.email' });
      }
      if (fit === 'freemail') {
        if (!freemail) throw new AppError('VALIDATION', `body.freemail: ${body.email} is a freemail address: set freemail: true and the workspaceId that has a thread with it`, { field: 'body.freemail' });
        if (!(await freemailEvidence(db, workspaceId!, account.id, body.email))) {
          throw new AppError('VALIDATION', `body.freemail: workspace ${workspaceId} has no thread with ${body.email} on ${account.domain}`, { field: 'body.freemail' });
        }
      }
      const existing = await getContactByEmail(db, body.email);
      if (existing) throw new AppError('CONFLICT', `a contact with this email already exists: ${existing.id}`, { field: 'body.email' });
      return db.transaction(async (tx) => {
        const contact = await insertContact(tx, { ...fields, ...(fit === 'freemail' ? { freemailMarkedBy: workspaceId! } : {}) });
        if (workspaceId && notes !== undefined) await setContactNotes(tx, workspaceId, contact.id, notes);
        return (await contactsForCaller(tx, [contact], workspaceId))[0];
      });
    },
  }),
  route({
    method: 'get', path: '/crm/contact/:id', tag: 'CRM', auth: 'apiKey', summary: "Get a contact; with workspaceId, with that workspace's own notes",
    params: idParam('ct'), query: contactView, response: R.contact,
    handler: async ({ params, query, access }) => {
      if (query.workspaceId) visibleWorkspaces(access, query.workspaceId, 'query.workspaceId');
      const c = await getContact(db, params.id);
      if (!c) throw notFound('contact');
      return (await contactsForCaller(db, [c], query.workspaceId))[0];
    },
  }),
  route({
    method: 'patch', path: '/crm/contact/:id', tag: 'CRM', auth: 'apiKey',
    summary: "Update a contact's descriptive fields (a value already set changes only for a workspace with a thread with this address), or a workspace's own notes (the address never changes)",
    params: idParam('ct'), body: contactPatch, response: R.contact,
    handler: async ({ params, body, access }) => {
      const { workspaceId, notes, email: _refused, ...fields } = body;
      if (workspaceId) visibleWorkspaces(access, workspaceId, 'body.workspaceId');
      return db.transaction(async (tx) => {
        if (Object.keys(fields).length) {
          const current = await getContact(tx, params.id);
          if (!current) throw notFound('contact');
          await checkContactEdit(tx, current, fields, workspaceId);
        }
        const c: Contact | null = Object.keys(fields).length ? await updateContact(tx, params.id, fields) : await getContact(tx, params.id);
        if (!c) throw notFound('contact');
        if (workspaceId && notes !== undefined) await setContactNotes(tx, workspaceId, c.id, notes);
        return (await contactsForCaller(tx, [c], workspaceId))[0];
      });
    },
  }),
];
