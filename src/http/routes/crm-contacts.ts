import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../../crm/db/accounts.ts';
import { getContact, getContactByEmail, insertContact, listContacts, updateContact } from '../../crm/db/contacts.ts';
import { route } from '../route.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { contactCreate, contactPatch, contactQuery } from '../schemas/crm.ts';

export const contactRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/contact', tag: 'CRM', auth: 'apiKey', summary: 'List contacts',
    query: contactQuery,
    handler: async ({ query }) => listContacts(db, query),
  }),
  route({
    method: 'post', path: '/crm/contact', tag: 'CRM', auth: 'apiKey', summary: 'Create a contact', status: 201,
    body: contactCreate,
    handler: async ({ body }) => {
      if (!(await getAccount(db, body.accountId))) throw new AppError('VALIDATION', 'body.accountId: no such account', { field: 'body.accountId' });
      const existing = await getContactByEmail(db, body.email);
      if (existing) throw new AppError('CONFLICT', `a contact with this email already exists: ${existing.id}`, { field: 'body.email' });
      return insertContact(db, body);
    },
  }),
  route({
    method: 'get', path: '/crm/contact/:id', tag: 'CRM', auth: 'apiKey', summary: 'Get a contact',
    params: idParam('ct'),
    handler: async ({ params }) => (await getContact(db, params.id)) ?? Promise.reject(notFound('contact')),
  }),
  route({
    method: 'patch', path: '/crm/contact/:id', tag: 'CRM', auth: 'apiKey', summary: 'Update a contact',
    params: idParam('ct'), body: contactPatch,
    handler: async ({ params, body }) => {
      if (body.email) {
        const other = await getContactByEmail(db, body.email);
        if (other && other.id !== params.id) throw new AppError('CONFLICT', `a contact with this email already exists: ${other.id}`, { field: 'body.email' });
      }
      return (await updateContact(db, params.id, body)) ?? Promise.reject(notFound('contact'));
    },
  }),
];
