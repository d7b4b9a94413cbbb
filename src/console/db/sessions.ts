/** Typed queries on console_sessions and console_sign_in_links (migration 020). Tokens are stored hashed. */
import type { Queryable } from '../../db/types.ts';
import { sha256 } from '../../ids.ts';

export type SignInMethod = 'API_KEY' | 'EMAIL_LINK';

/** A live session with the access it grants now (resolved on every request). */
export interface ConsoleSession {
  tokenHash: string;
  agencyId: string;
  agencyName: string;
  person: string;
  method: SignInMethod;
  /** The workspaces this session may see, with names, in id order. */
  workspaces: Array<{ id: string; name: string }>;
  expiresAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(db: Queryable, s: {
  tokenHash: string; agencyId: string; apiKeyId: string | null; workspaceIds: string[] | null; person: string; method: SignInMethod; now: Date; expiresAt: Date;
}): Promise<void> {
  await db.query(
    `insert into console_sessions (token_hash, agency_id, api_key_id, workspace_ids, person, method, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
    [s.tokenHash, s.agencyId, s.apiKeyId, s.workspaceIds, s.person, s.method, s.now.toISOString(), s.expiresAt.toISOString()],
  );
}

/**
 * The session for a token hash, if it is unrevoked and unexpired, with the workspaces it may see now:
 * an API-key session follows its key (a revoked key ends the session; a key limited to some workspaces
 * sees those), an emailed-link session sees the workspaces whose approvers still include the address.
 */
export async function findActiveSession(db: Queryable, tokenHash: string, now: Date): Promise<ConsoleSession | null> {
  const { rows } = await db.query<{
    token_hash: string; agency_id: string; agency_name: string; person: string; method: SignInMethod; expires_at: Date | string; last_seen_at: Date | string; workspaces: Array<{ id: string; name: string }> | null; key_ok: boolean;
  }>(
    `select s.token_hash, s.agency_id, a.name as agency_name, s.person, s.method, s.expires_at, s.last_seen_at,
       (s.api_key_id is null or exists (select 1 from api_keys k where k.id = s.api_key_id and k.revoked_at is null)) as key_ok,
       (select coalesce(json_agg(json_build_object('id', w.id, 'name', w.name) order by w.id), '[]'::json)
          from workspaces w
          where w.agency_id = s.agency_id
            and (case when s.method = 'API_KEY'
                   then (select k.workspace_ids is null or w.id = any(k.workspace_ids) from api_keys k where k.id = s.api_key_id)
                   else w.id = any(s.workspace_ids) and exists (select 1 from unnest(w.approver_emails) e where lower(e) = lower(s.person))
                 end)) as workspaces
     from console_sessions s join agencies a on a.id = s.agency_id
     where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2`,
    [tokenHash, now.toISOString()],
  );
  const r = rows[0];
  if (!r || !r.key_ok) return null;
  return {
    tokenHash: r.token_hash, agencyId: r.agency_id, agencyName: r.agency_name, person: r.person, method: r.method,
    workspaces: r.workspaces ?? [], expiresAt: new Date(r.expires_at), lastSeenAt: new Date(r.last_seen_at),
  };
}

const TOUCH_EVERY_MS = 60_000;

/** Records that the session was used: at most one write a minute, decided from the row just read, so page views stay reads. */
export async function touchSession(db: Queryable, session: Pick<ConsoleSession, 'tokenHash' | 'lastSeenAt'>, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_EVERY_MS) return;
  await db.query('update console_sessions set last_seen_at = $2 where token_hash = $1', [session.tokenHash, now.toISOString()]);
}

export async function revokeSession(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query('update console_sessions set revoked_at = $2 where token_hash = $1 and revoked_at is null', [tokenHash, now.toISOString()]);
}

/** An unrevoked API key: its id and agency. */
export async function findApiKey(db: Queryable, apiKey: string): Promise<{ id: string; agencyId: string } | null> {
  const { rows } = await db.query<{ id: string; agency_id: string }>('select id, agency_id from api_keys where key_hash = $1 and revoked_at is null', [sha256(apiKey)]);
  return rows[0] ? { id: rows[0].id, agencyId: rows[0].agency_id } : null;
}

/** The workspaces whose approvers include this address, grouped by agency. */
export async function approverWorkspaces(db: Queryable, email: string): Promise<Array<{ agencyId: string; agencyName: string; workspaceIds: string[] }>> {
  const { rows } = await db.query<{ agency_id: string; agency_name: string; workspace_ids: string[] }>(
    `select w.agency_id, a.name as agency_name, array_agg(w.id order by w.id) as workspace_ids
     from workspaces w join agencies a on a.id = w.agency_id
     where exists (select 1 from unnest(w.approver_emails) e where lower(e) = lower($1))
     group by w.agency_id, a.name order by w.agency_id`,
    [email],
  );
  return rows.map((r) => ({ agencyId: r.agency_id, agencyName: r.agency_name, workspaceIds: r.workspace_ids }));
}

export async function countRecentSignInLinks(db: Queryable, email: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from console_sign_in_links where lower(email) = lower($1) and created_at > $2', [email, since.toISOString()]);
  return rows[0]?.n ?? 0;
}

export async function insertSignInLink(db: Queryable, l: { tokenHash: string; email: string; agencyId: string; workspaceIds: string[]; now: Date; expiresAt: Date }): Promise<void> {
  await db.query(
    'insert into console_sign_in_links (token_hash, email, agency_id, workspace_ids, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
    [l.tokenHash, l.email, l.agencyId, l.workspaceIds, l.now.toISOString(), l.expiresAt.toISOString()],
  );
}

export interface SignInLink {
  email: string;
  agencyId: string;
  workspaceIds: string[];
  expiresAt: Date;
  usedAt: Date | null;
}

export async function findSignInLink(db: Queryable, tokenHash: string): Promise<SignInLink | null> {
  const { rows } = await db.query<{ email: string; agency_id: string; workspace_ids: string[]; expires_at: Date | string; used_at: Date | string | null }>(
    'select email, agency_id, workspace_ids, expires_at, used_at from console_sign_in_links where token_hash = $1', [tokenHash]);
  const r = rows[0];
  return r ? { email: r.email, agencyId: r.agency_id, workspaceIds: r.workspace_ids, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } : null;
}

/** Single use, compare-and-set: only the first caller gets the link back, and only before it expires. */
export async function consumeSignInLink(db: Queryable, tokenHash: string, now: Date): Promise<SignInLink | null> {
  const { rows } = await db.query<{ email: string; agency_id: string; workspace_ids: string[]; expires_at: Date | string; used_at: Date | string | null }>(
    `update console_sign_in_links set used_at = $2 where token_hash = $1 and used_at is null and expires_at > $2
     returning email, agency_id, workspace_ids, expires_at, used_at`,
    [tokenHash, now.toISOString()],
  );
  const r = rows[0];
  return r ? { email: r.email, agencyId: r.agency_id, workspaceIds: r.workspace_ids, expiresAt: new Date(r.expires_at), usedAt: r.used_at ? new Date(r.used_at) : null } : null;
}
