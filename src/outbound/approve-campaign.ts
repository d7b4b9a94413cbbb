/**
 * One action approves a campaign's waiting first emails, all of them or the listed ones. Each goes
 * through the approval service like a single approval (the first decision from any channel wins; the
 * relationship moves to APPROVED_TO_CONTACT; the respond job re-checks DNC and cooling-off at send time
 * and sends once). Emails already decided are reported, not an error. The API and the console both
 * call this, each recording its own channel and person.
 */
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { decideApproval } from '../respond/approvals/approval-service.ts';
import type { DecidedBy } from '../respond/approvals/types.ts';
import { settleWaitingCampaign } from './db/campaigns-db.ts';

export interface ApproveCampaignResult {
  approved: string[];
  skipped: Array<{ outreachId: string; reason: string }>;
}

export async function approveCampaign(
  deps: { db: Db; enqueue: EnqueueInTx; now: Date },
  campaignId: string,
  by: DecidedBy,
  outreachIds: readonly string[] | undefined,
  /** `refuse`: a 400 before anything is approved (the API); `skip`: reported as skipped (a stale console form). */
  unknownIds: 'refuse' | 'skip' = 'refuse',
): Promise<ApproveCampaignResult> {
  const { rows } = await deps.db.query<{ id: string; status: string; approval_id: string | null }>(
    'select id, status, approval_id from outreach_messages where campaign_id = $1 order by id',
    [campaignId],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const foreign = (outreachIds ?? []).filter((id) => !byId.has(id));
  if (foreign.length && unknownIds === 'refuse') {
    throw new AppError('VALIDATION', `body.outreachIds: not emails of this campaign: ${foreign.join(', ')}`, { field: 'body.outreachIds' });
  }
  const result: ApproveCampaignResult = { approved: [], skipped: [...new Set(foreign)].map((outreachId) => ({ outreachId, reason: 'not an email of this campaign' })) };
  const chosen = outreachIds ? [...new Set(outreachIds)].flatMap((id) => byId.get(id) ?? []) : rows.filter((r) => r.status === 'WAITING_APPROVAL');
  for (const o of chosen) {
    if (o.status !== 'WAITING_APPROVAL' || !o.approval_id) {
      result.skipped.push({ outreachId: o.id, reason: `the email is ${o.status}` });
      continue;
    }
    const out = await decideApproval(deps.db, { approvalId: o.approval_id, action: 'approve', by, now: deps.now }, deps.enqueue);
    if (out.ok) result.approved.push(o.id);
    else result.skipped.push({ outreachId: o.id, reason: out.reason === 'not-found' ? 'approval not found' : out.message });
  }
  await deps.db.transaction((tx) => settleWaitingCampaign(tx, campaignId));
  return result;
}
