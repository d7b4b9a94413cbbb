/** The shared accounts a campaign reads and writes: found by domain, enriched, created for kept domains. */
import type { Queryable } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { toAccount } from '../../crm/db/accounts.ts';
import type { Account, Source } from '../../crm/types.ts';
import type { DomainMetrics } from '../providers/ports.ts';

export async function accountsByDomain(db: Queryable, domains: readonly string[]): Promise<Map<string, Account>> {
  if (!domains.length) return new Map();
  const { rows } = await db.query('select * from accounts where domain = any($1)', [domains]);
  return new Map(rows.map((r) => [r['domain'] as string, toAccount(r)]));
}

/** Provider figures on the shared account (every agency reads them), stamped with ahrefStatsUpdatedAt. */
export async function writeAccountMetrics(tx: Queryable, accountId: string, m: Omit<DomainMetrics, 'domain'>, now: Date): Promise<void> {
  await tx.query(
    `update accounts set domain_rating = coalesce($2, domain_rating), organic_traffic = coalesce($3, organic_traffic),
            organic_keywords = coalesce($4, organic_keywords), referring_domains = coalesce($5, referring_domains),
            backlinks = coalesce($6, backlinks), ahref_stats_updated_at = $7, updated_at = now()
      where id = $1`,
    [accountId, m.domainRating === null ? null : Math.max(0, Math.min(100, m.domainRating)), m.organicTraffic, m.organicKeywords, m.referringDomains, m.backlinks, now.toISOString()],
  );
}

/** The shared account of a kept domain; created with the campaign's source and sourceDetails when new. */
export async function ensureAccount(tx: Queryable, domain: string, source: Source, sourceDetails: string): Promise<{ account: Account; created: boolean }> {
  const { rows } = await tx.query(
    `insert into accounts (id, domain, source, source_details) values ($1, $2, $3, $4) on conflict (domain) do nothing returning *`,
    [newId('acct'), domain, source, sourceDetails],
  );
  if (rows[0]) return { account: toAccount(rows[0]), created: true };
  const existing = await tx.query('select * from accounts where domain = $1', [domain]);
  return { account: toAccount(existing.rows[0]!), created: false };
}

/** Whether any other workspace has sent to this partner (its new relationship starts CONTACTED_BY_OTHER_ORG). */
export async function otherWorkspaceContacted(db: Queryable, accountId: string, workspaceId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from events where account_id = $1 and type = 'EMAIL_SENT' and workspace_id <> $2 limit 1`,
    [accountId, workspaceId],
  );
  return rows.length > 0;
}
