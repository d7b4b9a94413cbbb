import type { Queryable } from '../../db/types.ts';
import { camelRow } from '../../db/rows.ts';
import { newId, newSecret, sha256 } from '../../ids.ts';
import { keyPrefixOf } from './api-keys.ts';


export interface Agency {
  id: string;
  name: string;
  createdAt: string;
}

export interface Workspace {
  id: string;
  agencyId: string;
  name: string;
  approvers: { emails: string[]; slackChannelId: string | null; slackUserIds: string[] };
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  agencyId: string;
  workspaceIds: string[] | null;
  name: string | null;
  /** The key's first characters, kept to tell keys apart (`api-key list`). */
  prefix: string | null;
  createdAt: string;
}

export async function insertAgency(db: Queryable, name: string): Promise<Agency> {
  const { rows } = await db.query('insert into agencies (id, name) values ($1, $2) returning *', [newId('ag'), name]);
  return camelRow<Agency>(rows[0]!);
}

export async function getAgency(db: Queryable, id: string): Promise<Agency | null> {
  const { rows } = await db.query('select * from agencies where id = $1', [id]);
  return rows[0] ? camelRow<Agency>(rows[0]) : null;
}

export async function listAgencies(db: Queryable): Promise<Agency[]> {
  const { rows } = await db.query('select * from agencies order by id');
  return rows.map((r) => camelRow<Agency>(r));
}

function toWorkspace(r: Record<string, unknown>): Workspace {
  return {
    id: r['id'] as string,
    agencyId: r['agency_id'] as string,
    name: r['name'] as string,
    approvers: {
      emails: (r['approver_emails'] as string[]) ?? [],
      slackChannelId: (r['slack_channel_id'] as string | null) ?? null,
      slackUserIds: (r['slack_user_ids'] as string[]) ?? [],
    },
    createdAt: (r['created_at'] as Date).toISOString(),
  };
}

/** Returns the workspace and its webhook secret, which is shown this once and stored hashed. */
export async function insertWorkspace(db: Queryable, agencyId: string, name: string): Promise<{ workspace: Workspace; webhookSecret: string }> {
  const webhookSecret = newSecret('whsec');
  const { rows } = await db.query(
    'insert into workspaces (id, agency_id, name, webhook_secret_hash) values ($1, $2, $3, $4) returning *',
    [newId('ws'), agencyId, name, sha256(webhookSecret)],
  );
  return { workspace: toWorkspace(rows[0]!), webhookSecret };
}

export async function rotateWebhookSecret(db: Queryable, workspaceId: string): Promise<string | null> {
  const webhookSecret = newSecret('whsec');
  const { rowCount } = await db.query('update workspaces set webhook_secret_hash = $2, updated_at = now() where id = $1', [
    workspaceId,
    sha256(webhookSecret),
  ]);
  return rowCount ? webhookSecret : null;
}

export async function getWorkspace(db: Queryable, id: string): Promise<Workspace | null> {
  const { rows } = await db.query('select * from workspaces where id = $1', [id]);
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function getWebhookSecretHash(db: Queryable, workspaceId: string): Promise<string | null> {
  const { rows } = await db.query<{ webhook_secret_hash: string }>('select webhook_secret_hash from workspaces where id = $1', [workspaceId]);
  return rows[0]?.webhook_secret_hash ?? null;
}

export async function listWorkspaces(db: Queryable, agencyId?: string): Promise<Workspace[]> {
  const { rows } = agencyId
    ? await db.query('select * from workspaces where agency_id = $1 order by id', [agencyId])
    : await db.query('select * from workspaces order by id');
  return rows.map(toWorkspace);
}

export async function setApprovers(
  db: Queryable,
  workspaceId: string,
  a: { emails: string[]; slackChannelId: string | null; slackUserIds: string[] },
): Promise<Workspace | null> {
  const { rows } = await db.query(
    `update workspaces set approver_emails = $2, slack_channel_id = $3, slack_user_ids = $4, updated_at = now()
     where id = $1 returning *`,
    [workspaceId, a.emails, a.slackChannelId, a.slackUserIds],
  );
  return rows[0] ? toWorkspace(rows[0]) : null;
}

export async function getGatePolicy(db: Queryable, workspaceId: string): Promise<unknown> {
  const { rows } = await db.query<{ gate_policy: unknown }>('select gate_policy from workspaces where id = $1', [workspaceId]);
  return rows[0]?.gate_policy ?? null;
}

/** Many workspaces' gate policies in one query (null where none is stored). */
export async function getGatePolicies(db: Queryable, workspaceIds: readonly string[]): Promise<Map<string, unknown>> {
  if (!workspaceIds.length) return new Map();
  const { rows } = await db.query<{ id: string; gate_policy: unknown }>('select id, gate_policy from workspaces where id = any($1)', [[...new Set(workspaceIds)]]);
  return new Map(rows.map((r) => [r.id, r.gate_policy ?? null]));
}

export async function setGatePolicy(db: Queryable, workspaceId: string, policy: unknown): Promise<void> {
  await db.query('update workspaces set gate_policy = $2, updated_at = now() where id = $1', [workspaceId, JSON.stringify(policy)]);
}

/** Returns the key, shown this once; only its hash is stored. */
export async function insertApiKey(
  db: Queryable,
  agencyId: string,
  workspaceIds: string[] | null,
  name: string | null,
): Promise<{ apiKey: string; info: ApiKeyInfo }> {
  const apiKey = newSecret('lbk');
  const { rows } = await db.query(
    `insert into api_keys (id, agency_id, key_hash, workspace_ids, name, key_prefix) values ($1, $2, $3, $4, $5, $6)
     returning id, agency_id, workspace_ids, name, key_prefix as prefix, created_at`,
    [newId('key'), agencyId, sha256(apiKey), workspaceIds, name, keyPrefixOf(apiKey)],
  );
  return { apiKey, info: camelRow<ApiKeyInfo>(rows[0]!) };
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('update api_keys set revoked_at = now() where id = $1 and revoked_at is null', [id]);
  return rowCount > 0;
}

/** Resolves an API key to its agency and the concrete workspaces it may see. */
export async function resolveApiKey(db: Queryable, apiKey: string): Promise<{ agencyId: string; workspaceIds: string[] } | null> {
  // One round trip per request: the key and the workspaces it may see, together.
  const { rows } = await db.query<{ agency_id: string; workspace_ids: string[] | null }>(
    `select k.agency_id,
       array(select w.id from workspaces w
             where w.agency_id = k.agency_id and (k.workspace_ids is null or w.id = any(k.workspace_ids))
             order by w.id) as workspace_ids
     from api_keys k where k.key_hash = $1 and k.revoked_at is null`,
    [sha256(apiKey)],
  );
  const key = rows[0];
  return key ? { agencyId: key.agency_id, workspaceIds: key.workspace_ids ?? [] } : null;
}
