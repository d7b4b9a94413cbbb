/** Typed queries on campaign_prospects: one row per normalised domain a campaign found. */
import type { Queryable } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor, Where, type Page } from '../../db/rows.ts';
import type { Prospect, ProspectStatus } from '../types.ts';

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface ProspectRow {
  campaignId: string;
  domain: string;
  position: number;
  rank: number | null;
  url: string | null;
  title: string | null;
  domainRating: number | null;
  organicTraffic: number | null;
  details: Record<string, unknown>;
  kept: boolean | null;
  reason: string | null;
  reasonDetail: string | null;
  accountId: string | null;
  relationshipId: string | null;
  contactId: string | null;
  outreachId: string | null;
  status: ProspectStatus;
  statusReason: string | null;
}

function toRow(r: Row): ProspectRow {
  return {
    campaignId: r['campaign_id'] as string,
    domain: r['domain'] as string,
    position: r['position'] as number,
    rank: num(r['rank']),
    url: (r['url'] as string | null) ?? null,
    title: (r['title'] as string | null) ?? null,
    domainRating: num(r['domain_rating']),
    organicTraffic: num(r['organic_traffic']),
    details: (r['details'] as Record<string, unknown> | null) ?? {},
    kept: (r['kept'] as boolean | null) ?? null,
    reason: (r['reason'] as string | null) ?? null,
    reasonDetail: (r['reason_detail'] as string | null) ?? null,
    accountId: (r['account_id'] as string | null) ?? null,
    relationshipId: (r['relationship_id'] as string | null) ?? null,
    contactId: (r['contact_id'] as string | null) ?? null,
    outreachId: (r['outreach_id'] as string | null) ?? null,
    status: r['status'] as ProspectStatus,
    statusReason: (r['status_reason'] as string | null) ?? null,
  };
}

export interface NewProspect {
  domain: string;
  rank?: number | null;
  url?: string | null;
  title?: string | null;
  domainRating?: number | null;
  organicTraffic?: number | null;
  details?: Record<string, unknown>;
}

/** Inserts the research's prospects in order; a domain already there (a re-run) is left as it is. */
export async function insertProspects(tx: Queryable, campaignId: string, prospects: readonly NewProspect[]): Promise<void> {
  if (!prospects.length) return;
  const values: string[] = [];
  const params: unknown[] = [campaignId];
  prospects.forEach((p, i) => {
    const base = params.length;
    params.push(p.domain, i + 1, p.rank ?? null, p.url ?? null, p.title ?? null, p.domainRating ?? null, p.organicTraffic ?? null, JSON.stringify(p.details ?? {}));
    values.push(`($1, $${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8})`);
  });
  await tx.query(
    `insert into campaign_prospects (campaign_id, domain, position, rank, url, title, domain_rating, organic_traffic, details)
     values ${values.join(', ')} on conflict do nothing`,
    params,
  );
}

export async function prospectsOf(db: Queryable, campaignId: string, where: { status?: ProspectStatus } = {}): Promise<ProspectRow[]> {
  const { rows } = where.status
    ? await db.query('select * from campaign_prospects where campaign_id = $1 and status = $2 order by position', [campaignId, where.status])
    : await db.query('select * from campaign_prospects where campaign_id = $1 order by position', [campaignId]);
  return rows.map(toRow);
}

export async function lockProspect(tx: Queryable, campaignId: string, domain: string): Promise<ProspectRow | null> {
  const { rows } = await tx.query('select * from campaign_prospects where campaign_id = $1 and domain = $2 for update', [campaignId, domain]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** The enrich step's figures: DR and traffic in columns (the filter reads them), all of them in details.metrics. */
export async function setMetrics(tx: Queryable, campaignId: string, domain: string, m: Record<string, number | null>): Promise<void> {
  await tx.query(
    `update campaign_prospects set domain_rating = coalesce($3, domain_rating), organic_traffic = coalesce($4, organic_traffic),
            details = details || jsonb_build_object('metrics', $5::jsonb), updated_at = now()
      where campaign_id = $1 and domain = $2`,
    [campaignId, domain, m['domainRating'] ?? null, m['organicTraffic'] ?? null, JSON.stringify(m)],
  );
}

/** The filter's verdict, recorded once: a FOUND prospect becomes KEPT or DROPPED with its reason. */
export async function setVerdict(tx: Queryable, campaignId: string, domain: string, v: { kept: boolean; reason: string; detail: string; domainRating: number | null }): Promise<void> {
  await tx.query(
    `update campaign_prospects set kept = $3, reason = $4, reason_detail = $5, status = $6, domain_rating = coalesce(domain_rating, $7), updated_at = now()
      where campaign_id = $1 and domain = $2 and status = 'FOUND'`,
    [campaignId, domain, v.kept, v.reason, v.detail, v.kept ? 'KEPT' : 'DROPPED', v.domainRating],
  );
}

export async function updateProspect(
  tx: Queryable,
  campaignId: string,
  domain: string,
  patch: { status?: ProspectStatus; statusReason?: string | null; reason?: string | null; accountId?: string; relationshipId?: string; contactId?: string; outreachId?: string },
): Promise<void> {
  const cols: Record<string, unknown> = {
    status: patch.status, status_reason: patch.statusReason, reason: patch.reason, account_id: patch.accountId,
    relationship_id: patch.relationshipId, contact_id: patch.contactId, outreach_id: patch.outreachId,
  };
  const sets = ['updated_at = now()'];
  const params: unknown[] = [campaignId, domain];
  for (const [col, v] of Object.entries(cols)) {
    if (v === undefined) continue;
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  }
  await tx.query(`update campaign_prospects set ${sets.join(', ')} where campaign_id = $1 and domain = $2`, params);
}

/**
 * One page of the public shape, in position order: the contact, the email and its approval joined in.
 * The status of a drafted prospect is its email's (WAITING_APPROVAL, APPROVED, QUEUED, SENT, ...).
 */
export async function prospectPage(db: Queryable, campaignId: string, f: { kept?: boolean | undefined; limit: number; cursor?: string | undefined }): Promise<Page<Prospect>> {
  const w = new Where();
  w.add((p) => `p.campaign_id = ${p}`, campaignId);
  if (f.kept !== undefined) w.add((p) => `p.kept = ${p}`, f.kept);
  const after = decodeCursor(f.cursor, 1);
  if (after) {
    const n = Number(after[0]);
    if (!Number.isInteger(n)) throw new AppError('VALIDATION', 'cursor is not one this API returned', { field: 'cursor' });
    w.add((p) => `p.position > ${p}`, n);
  }
  const { rows } = await db.query<Row>(
    `select p.*, c.email as c_email, c.first_name as c_first, c.last_name as c_last, c.position as c_position,
            o.status as o_status, o.approval_id as o_approval
       from campaign_prospects p
       left join contacts c on c.id = p.contact_id
       left join outreach_messages o on o.id = p.outreach_id
       ${w.sql} order by p.position limit ${f.limit + 1}`,
    w.params,
  );
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const data = page.map((r): Prospect => {
    const p = toRow(r);
    const name = [r['c_first'], r['c_last']].filter((x) => typeof x === 'string' && x).join(' ');
    return {
      domain: p.domain, rank: p.rank, url: p.url, title: p.title, domainRating: p.domainRating, kept: p.kept,
      reason: p.reason, reasonDetail: p.reasonDetail, statusReason: p.statusReason, accountId: p.accountId, relationshipId: p.relationshipId,
      contact: p.contactId ? { id: p.contactId, email: r['c_email'] as string, name: name || null, position: (r['c_position'] as string | null) ?? null } : null,
      outreachId: p.outreachId, approvalId: (r['o_approval'] as string | null) ?? null, status: (r['o_status'] as string | null) ?? p.status,
    };
  });
  const last = page[page.length - 1];
  return { data, nextCursor: more && last ? encodeCursor([String(last['position'])]) : null };
}
