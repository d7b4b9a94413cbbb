/** One workspace's pipeline: how many relationships are in each status, and which. */
import type { Queryable } from '../../db/types.ts';

export const PIPELINE_LIMIT = 1000;

export interface PipelineRow {
  id: string;
  accountId: string;
  domain: string;
  domainRating: number | null;
  status: string;
  contactedByUs: boolean;
  updatedAt: string;
}

export async function loadPipeline(db: Queryable, workspaceId: string): Promise<{ counts: Record<string, number>; rows: PipelineRow[] }> {
  const counts = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from relationships where workspace_id = $1 group by status', [workspaceId]);
  const rows = await db.query<{ id: string; account_id: string; domain: string; domain_rating: string | number | null; status: string; contacted_by_us: boolean; updated_at: Date | string }>(
    `select r.id, r.account_id, a.domain, a.domain_rating, r.status, r.contacted_by_us, r.updated_at
     from relationships r join accounts a on a.id = r.account_id
     where r.workspace_id = $1 order by r.updated_at desc, r.id limit ${PIPELINE_LIMIT}`,
    [workspaceId],
  );
  return {
    counts: Object.fromEntries(counts.rows.map((r) => [r.status, r.n])),
    rows: rows.rows.map((r) => ({
      id: r.id, accountId: r.account_id, domain: r.domain, domainRating: r.domain_rating === null ? null : Number(r.domain_rating), status: r.status,
      contactedByUs: r.contacted_by_us, updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

/** Domains of the accounts on one page of messages. */
export async function domainsOf(db: Queryable, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (!accountIds.length) return new Map();
  const { rows } = await db.query<{ id: string; domain: string }>('select id, domain from accounts where id = any($1)', [accountIds]);
  return new Map(rows.map((r) => [r.id, r.domain]));
}
