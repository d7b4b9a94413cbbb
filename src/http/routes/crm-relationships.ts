import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import type { Access } from '../../crm/access.ts';
import { getAccount } from '../../crm/db/accounts.ts';
import {
  getRelationship, getRelationshipByWorkspaceAccount, insertRelationship, listRelationships, publicRelationship, updateRelationshipFields,
} from '../../crm/db/relationships.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { relationshipCreate, relationshipPatch, relationshipQuery } from '../schemas/crm.ts';

/** A workspace id the key may not see is answered like one that does not exist. */
export function visibleWorkspaces(access: Access, workspaceId: string | undefined, field: string): readonly string[] {
  if (!workspaceId) return access.workspaceIds;
  if (!access.workspaceIds.includes(workspaceId)) throw new AppError('NOT_FOUND', 'workspace not found', { field });
  return [workspaceId];
}

export const relationshipRoutes = (db: Db) => [
  route({
    method: 'get', path: '/crm/relationship', tag: 'CRM', auth: 'apiKey', summary: "List the caller's relationships",
    query: relationshipQuery, response: R.pageOf(R.relationship),
    handler: async ({ query, access }) => {
      const page = await listRelationships(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') });
      return { data: page.data.map(publicRelationship), nextCursor: page.nextCursor };
    },
  }),
  route({
    method: 'post', path: '/crm/relationship', tag: 'CRM', auth: 'apiKey', summary: 'Create a relationship (one per workspace and account)', status: 201,
    body: relationshipCreate, response: R.relationship,
    handler: async ({ body, access }) => {
      visibleWorkspaces(access, body.workspaceId, 'body.workspaceId');
      if (!(await getAccount(db, body.accountId))) throw new AppError('VALIDATION', 'body.accountId: no such account', { field: 'body.accountId' });
      const existing = await getRelationshipByWorkspaceAccount(db, body.workspaceId, body.accountId);
      if (existing) throw new AppError('CONFLICT', `this workspace already has a relationship with this account: ${existing.id}`, { field: 'body.accountId' });
      return publicRelationship(await insertRelationship(db, body));
    },
  }),
  route({
    method: 'get', path: '/crm/relationship/:id', tag: 'CRM', auth: 'apiKey', summary: 'Get a relationship',
    params: idParam('rel'), response: R.relationship,
    handler: async ({ params, access }) => {
      const rel = await getRelationship(db, params.id, access.workspaceIds);
      if (!rel) throw notFound('relationship');
      return publicRelationship(rel);
    },
  }),
  route({
    method: 'patch', path: '/crm/relationship/:id', tag: 'CRM', auth: 'apiKey',
    summary: 'Update a relationship; a status change appends STATUS_CHANGED (status is derived from events)',
    params: idParam('rel'), body: relationshipPatch, response: R.relationship,
    handler: async ({ params, body, access }) =>
      db.transaction(async (tx) => {
        const rel = await getRelationship(tx, params.id, access.workspaceIds);
        if (!rel) throw notFound('relationship');
        const { status, ...fields } = body;
        if (Object.keys(fields).length) await updateRelationshipFields(tx, rel.id, fields);
        if (status && status !== rel.status) {
          await appendEvent(tx, {
            relationshipId: rel.id, type: 'STATUS_CHANGED', occurredAt: new Date(),
            metadata: { from: rel.status, to: status, by: 'api' },
          });
        }
        return publicRelationship((await getRelationship(tx, rel.id))!);
      }),
  }),
];
