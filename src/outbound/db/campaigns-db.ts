/**
 * Typed queries on campaigns. Counts are read from the prospects and their emails, cost from the lookups.
 *
 * The status lifecycle (SPEC section 8 names the four; when each holds is ours, docs/outbound.md):
 *   RUNNING          the chain (research → enrich → filter → discover → draft) is working;
 *   FAILED           a step failed: `error` says which and why; what was done stays;
 *   WAITING_APPROVAL the chain is done and at least one of its first emails waits for a decision;
 *   DONE             the chain is done and none waits: every email approved (sent or queued), rejected,
 *                    expired or failed — decided campaign-wide or one at a time, from any channel — or
 *                    nothing was drafted.
 * The stored status is RUNNING, FAILED, or what the draft step left (WAITING_APPROVAL | DONE); whether a
 * WAITING_APPROVAL campaign still waits is read from its emails on every read (STATUS_SQL), so a
 * decision made one at a time (Slack, the emailed page, /approvals) finishes it with no writer of its own.
 */
import type { Queryable } from '../../db/types.ts';
import { decodeCursor, iso, toPage, Where, type Page } from '../../db/rows.ts';
import type { Campaign, CampaignCost, CampaignCounts, CampaignInput, CampaignKind, CampaignStatus, CampaignStep } from '../types.ts';

type Row = Record<string, unknown>;

export interface CampaignRow {
  id: string;
  kind: CampaignKind;
  workspaceId: string;
  input: CampaignInput;
  status: CampaignStatus;
  step: CampaignStep;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The campaign's status as read: WAITING_APPROVAL only while one of its emails still waits. */
const WAITING_EMAIL = `exists (select 1 from outreach_messages o where o.campaign_id = c.id and o.status in ('DRAFT','WAITING_APPROVAL'))`;
const STATUS_SQL = `case when c.status = 'WAITING_APPROVAL' and not ${WAITING_EMAIL} then 'DONE' else c.status end`;
const SELECT = `select c.id, c.workspace_id, c.kind, c.input, ${STATUS_SQL} as status, c.step, c.error, c.created_at, c.updated_at from campaigns c`;

function toRow(r: Row): CampaignRow {
  const input = (typeof r['input'] === 'string' ? JSON.parse(r['input']) : r['input']) as Omit<CampaignInput, 'kind'>;
  const kind = r['kind'] as CampaignKind;
  return {
    id: r['id'] as string,
    kind,
    workspaceId: r['workspace_id'] as string,
    input: { ...input, kind } as CampaignInput,
    status: r['status'] as CampaignStatus,
    step: r['step'] as CampaignStep,
    error: (r['error'] as string | null) ?? null,
    createdAt: iso(r['created_at'])!,
    updatedAt: iso(r['updated_at'])!,
  };
}

export async function insertCampaign(tx: Queryable, c: { id: string; workspaceId: string; input: CampaignInput; now: Date }): Promise<CampaignRow> {
  const { kind, ...input } = c.input;
  const { rows } = await tx.query(
    `insert into campaigns (id, workspace_id, kind, input, status, step, created_at, updated_at)
     values ($1, $2, $3, $4, 'RUNNING', 'research', $5, $5) returning *`,
    [c.id, c.workspaceId, kind, JSON.stringify(input), c.now.toISOString()],
  );
  return toRow(rows[0]!);
}

export async function getCampaign(db: Queryable, id: string, workspaceIds?: readonly string[]): Promise<CampaignRow | null> {
  const { rows } = workspaceIds
    ? await db.query(`${SELECT} where c.id = $1 and c.workspace_id = any($2)`, [id, workspaceIds])
    : await db.query(`${SELECT} where c.id = $1`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Locks the campaign: one step of one campaign at a time writes its state. */
export async function lockCampaign(tx: Queryable, id: string): Promise<CampaignRow | null> {
  const { rows } = await tx.query(`${SELECT} where c.id = $1 for update of c`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function listCampaigns(db: Queryable, f: { workspaceIds: readonly string[]; status?: CampaignStatus | undefined; limit: number; cursor?: string | undefined }): Promise<Page<CampaignRow>> {
  const w = new Where();
  w.inList('c.workspace_id', f.workspaceIds);
  if (f.status) w.add((p) => `(${STATUS_SQL}) = ${p}`, f.status);
  const after = decodeCursor(f.cursor, 1);
  if (after) w.add((p) => `c.id < ${p}`, after[0]);
  // newest first: the campaign just started is the one a user looks for
  const { rows } = await db.query(`${SELECT} ${w.sql} order by c.id desc limit ${f.limit + 1}`, w.params);
  return toPage(rows.map(toRow), f.limit, (c) => [c.id]);
}

/** Moves the chain on: only from the step the caller just finished (a retried job moves nothing twice). */
export async function advanceStep(tx: Queryable, id: string, from: CampaignStep, to: CampaignStep, status?: CampaignStatus): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update campaigns set step = $3, status = coalesce($4, status), updated_at = now() where id = $1 and step = $2 and status = 'RUNNING'`,
    [id, from, to, status ?? null],
  );
  return rowCount > 0;
}

/** A provider failure (or another permanent one) ends the campaign; what was done stays. */
export async function failCampaign(tx: Queryable, id: string, error: string): Promise<void> {
  await tx.query(`update campaigns set status = 'FAILED', error = $2, updated_at = now() where id = $1 and status = 'RUNNING'`, [id, error.slice(0, 2000)]);
}

/**
 * Stores what reads already say (STATUS_SQL): DONE once none of its emails waits. Reads never depend on
 * it; it keeps the stored row and its updated_at honest after a campaign-wide approval.
 */
export async function settleWaitingCampaign(tx: Queryable, id: string): Promise<void> {
  await tx.query(`update campaigns c set status = 'DONE', updated_at = now() where c.id = $1 and c.status = 'WAITING_APPROVAL' and not ${WAITING_EMAIL}`, [id]);
}

export async function countsOf(db: Queryable, ids: readonly string[]): Promise<Map<string, CampaignCounts>> {
  const out = new Map<string, CampaignCounts>();
  if (!ids.length) return out;
  const { rows } = await db.query<Row>(
    `select p.campaign_id,
            count(*)::int as found,
            count(*) filter (where p.kept)::int as kept,
            count(*) filter (where p.kept = false)::int as dropped,
            count(*) filter (where p.status = 'NO_CONTACT')::int as no_contact,
            count(o.id)::int as drafted,
            count(o.id) filter (where a.status = 'APPROVED' or o.status in ('APPROVED','QUEUED','SENT'))::int as approved,
            count(o.id) filter (where o.status = 'SENT')::int as sent
       from campaign_prospects p
       left join outreach_messages o on o.id = p.outreach_id
       left join approvals a on a.id = o.approval_id
      where p.campaign_id = any($1)
      group by p.campaign_id`,
    [ids],
  );
  for (const r of rows) {
    out.set(r['campaign_id'] as string, {
      found: r['found'] as number, kept: r['kept'] as number, dropped: r['dropped'] as number, noContact: r['no_contact'] as number,
      drafted: r['drafted'] as number, approved: r['approved'] as number, sent: r['sent'] as number,
    });
  }
  return out;
}

export async function costsOf(db: Queryable, ids: readonly string[]): Promise<Map<string, CampaignCost>> {
  const out = new Map<string, CampaignCost>();
  if (!ids.length) return out;
  const { rows } = await db.query<Row>(
    `select campaign_id, provider, sum(calls)::int as calls, sum(units)::float8 as units
       from campaign_lookups where campaign_id = any($1) group by campaign_id, provider`,
    [ids],
  );
  for (const r of rows) {
    const cost = out.get(r['campaign_id'] as string) ?? {};
    if ((r['calls'] as number) > 0) cost[r['provider'] as string] = { calls: r['calls'] as number, units: Number(r['units']) };
    out.set(r['campaign_id'] as string, cost);
  }
  return out;
}

const EMPTY_COUNTS: CampaignCounts = { found: 0, kept: 0, dropped: 0, noContact: 0, drafted: 0, approved: 0, sent: 0 };

/** The public shape of campaigns, with their counts and cost, in two queries for a whole page. */
export async function publicCampaigns(db: Queryable, rows: readonly CampaignRow[]): Promise<Campaign[]> {
  const ids = rows.map((r) => r.id);
  const counts = await countsOf(db, ids);
  const costs = await costsOf(db, ids);
  return rows.map(({ input, ...r }) => {
    const { kind: _kind, ...rest } = input;
    return { ...r, input: rest, counts: counts.get(r.id) ?? EMPTY_COUNTS, cost: costs.get(r.id) ?? {} };
  });
}
