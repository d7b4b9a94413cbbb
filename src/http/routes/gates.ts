import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import { getGatePolicy, setGatePolicy } from '../../crm/db/tenants.ts';
import { DEFAULT_POLICY, gatePolicySchema, parseGatePolicy } from '../../gates/policy.ts';
import { route } from '../route.ts';
import * as R from '../schemas/responses.ts';
import { idOf } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';

const wsQuery = z.object({ workspaceId: idOf('ws') }).strict();

export const gateRoutes = (db: Db) => [
  route({
    method: 'get', path: '/gates', tag: 'Gates', auth: 'apiKey', summary: "A workspace's gate policy (the defaults until one is saved)",
    query: wsQuery, response: R.gatesAnswer,
    handler: async ({ query, access }) => {
      visibleWorkspaces(access, query.workspaceId, 'query.workspaceId');
      const stored = parseGatePolicy((await getGatePolicy(db, query.workspaceId)) ?? {});
      return { workspaceId: query.workspaceId, policy: stored.ok ? stored.policy : DEFAULT_POLICY };
    },
  }),
  route({
    method: 'put', path: '/gates', tag: 'Gates', auth: 'apiKey',
    summary: "Replace a workspace's gate policy; fields left out take the defaults; a bad policy is a 400 naming the field",
    query: wsQuery,
    body: gatePolicySchema, response: R.gatesAnswer,
    handler: async ({ query, body, access }) => {
      visibleWorkspaces(access, query.workspaceId, 'query.workspaceId');
      await setGatePolicy(db, query.workspaceId, body);
      return { workspaceId: query.workspaceId, policy: body };
    },
  }),
];
