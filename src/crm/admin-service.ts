/** Administration shared by the admin HTTP API and the CLI, so both validate and behave the same. */
import type { z } from 'zod';
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { agencyCreate, apiKeyCreate, apiKeyQuery, approversPut, workspaceCreate } from '../http/schemas/admin.ts';
import { listApiKeys } from './db/api-keys.ts';
import {
  getAgency, getWorkspace, insertAgency, insertApiKey, insertWorkspace, listAgencies, listWorkspaces, revokeApiKey, rotateWebhookSecret, setApprovers,
} from './db/tenants.ts';

export const createAgency = (db: Db, input: z.infer<typeof agencyCreate>) => insertAgency(db, input.name);
export const allAgencies = (db: Db) => listAgencies(db);
export const workspacesOf = (db: Db, agencyId?: string) => listWorkspaces(db, agencyId);

export async function createWorkspace(db: Db, input: z.infer<typeof workspaceCreate>) {
  if (!(await getAgency(db, input.agencyId))) throw new AppError('VALIDATION', 'body.agencyId: no such agency', { field: 'body.agencyId' });
  const { workspace, webhookSecret } = await insertWorkspace(db, input.agencyId, input.name);
  return { ...workspace, webhookSecret };
}

export async function rotateWorkspaceSecret(db: Db, workspaceId: string) {
  const webhookSecret = await rotateWebhookSecret(db, workspaceId);
  if (!webhookSecret) throw new AppError('NOT_FOUND', 'workspace not found');
  return { id: workspaceId, webhookSecret };
}

export async function createApiKey(db: Db, input: z.infer<typeof apiKeyCreate>) {
  if (!(await getAgency(db, input.agencyId))) throw new AppError('VALIDATION', 'body.agencyId: no such agency', { field: 'body.agencyId' });
  for (const [i, ws] of (input.workspaceIds ?? []).entries()) {
    const w = await getWorkspace(db, ws);
    if (!w || w.agencyId !== input.agencyId) {
      throw new AppError('VALIDATION', `body.workspaceIds.${i}: not a workspace of this agency`, { field: `body.workspaceIds.${i}` });
    }
  }
  const { apiKey, info } = await insertApiKey(db, input.agencyId, input.workspaceIds ?? null, input.name ?? null);
  return { ...info, apiKey };
}

/** An agency's keys (or every key): ids, prefixes, dates; never a secret. */
export async function apiKeysOf(db: Db, filter: z.infer<typeof apiKeyQuery>) {
  if (filter.agencyId && !(await getAgency(db, filter.agencyId))) throw new AppError('NOT_FOUND', 'agency not found', { field: 'query.agencyId' });
  return { data: await listApiKeys(db, filter) };
}

export async function revokeKey(db: Db, id: string): Promise<void> {
  if (!(await revokeApiKey(db, id))) throw new AppError('NOT_FOUND', 'api key not found');
}

export async function putApprovers(db: Db, workspaceId: string, input: z.infer<typeof approversPut>) {
  const ws = await setApprovers(db, workspaceId, input);
  if (!ws) throw new AppError('NOT_FOUND', 'workspace not found');
  return ws;
}
