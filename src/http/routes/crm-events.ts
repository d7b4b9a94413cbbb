import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { getContact } from '../../crm/db/contacts.ts';
import { getEvent, listEvents } from '../../crm/db/events.ts';
import { getRelationship } from '../../crm/db/relationships.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { eventCreate, eventQuery } from '../schemas/crm.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

export const eventRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/event', tag: 'CRM', auth: 'apiKey',
    summary: 'List events; without workspaceId they span every workspace the key may see',
    query: eventQuery, response: R.pageOf(R.crmEvent),
    handler: async ({ query, access }) => {
      const workspaceIds = visibleWorkspaces(access, query.workspaceId, 'query.workspaceId');
      if (query.relationshipId && !(await getRelationship(db, query.relationshipId, workspaceIds))) {
        throw new AppError('NOT_FOUND', 'relationship not found', { field: 'query.relationshipId' });
      }
      return listEvents(db, { ...query, workspaceIds });
    },
  }),
  route({
    method: 'post', path: '/crm/event', tag: 'CRM', auth: 'apiKey', summary: 'Append a manual event (events are never changed or deleted)', status: 201,
    body: eventCreate, response: R.crmEvent,
    handler: async ({ body, access }) =>
      db.transaction(async (tx) => {
        const rel = await getRelationship(tx, body.relationshipId, access.workspaceIds);
        if (!rel) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'body.relationshipId' });
        if (body.contactId) {
          const c = await getContact(tx, body.contactId);
          if (!c || c.accountId !== rel.accountId) {
            throw new AppError('VALIDATION', 'body.contactId: is not a contact of this relationship\'s account', { field: 'body.contactId' });
          }
        }
        const { event } = await appendEvent(tx, { ...body, occurredAt: body.occurredAt ?? new Date() });
        return event;
      }),
  }),
  route({
    method: 'get', path: '/crm/event/:id', tag: 'CRM', auth: 'apiKey', summary: 'Get an event',
    params: idParam('evt'), response: R.crmEvent,
    handler: async ({ params, access }) => (await getEvent(db, params.id, access.workspaceIds)) ?? Promise.reject(notFound('event')),
  }),
];
