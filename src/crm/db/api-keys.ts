/** Reading API keys for the admin list, and recording their use. Never the secret or its hash. */
import type { Queryable } from '../../db/types.ts';
import { iso } from '../../db/rows.ts';
import { sha256 } from '../../ids.ts';

/** How many characters of a new key are kept in clear to tell keys apart (`lbk_` + 6 of 43 random). */
export const KEY_PREFIX_LENGTH = 10;
export const keyPrefixOf = (apiKey: string): string => apiKey.slice(0, KEY_PREFIX_LENGTH);

export interface ApiKeyListed {
  id: string;
  agencyId: string;
  name: string | null;
  /** The key's first characters (`lbk_Ab3dEf`); null for keys made before they were recorded. */
  prefix: string | null;
  /** null: every workspace of the agency. */
  workspaceIds: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}


export async function listApiKeys(db: Queryable, filter: { agencyId?: string | undefined; includeRevoked?: boolean | undefined }): Promise<ApiKeyListed[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select id, agency_id, name, key_prefix, workspace_ids, created_at, last_used_at, revoked_at
       from api_keys
      where ($1::text is null or agency_id = $1) and ($2 or revoked_at is null)
      order by agency_id, id`,
    [filter.agencyId ?? null, filter.includeRevoked ?? false],
  );
  return rows.map((r) => ({
    id: r['id'] as string,
    agencyId: r['agency_id'] as string,
    name: (r['name'] as string | null) ?? null,
    prefix: (r['key_prefix'] as string | null) ?? null,
    workspaceIds: (r['workspace_ids'] as string[] | null) ?? null,
    createdAt: iso(r['created_at'])!,
    lastUsedAt: iso(r['last_used_at']),
    revokedAt: iso(r['revoked_at']),
  }));
}

/** Records that a key was used now; a no-op when it was recorded within the last minute. */
export async function touchApiKey(db: Queryable, apiKey: string): Promise<void> {
  await db.query(
    `update api_keys set last_used_at = now()
      where key_hash = $1 and revoked_at is null and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
    [sha256(apiKey)],
  );
}
