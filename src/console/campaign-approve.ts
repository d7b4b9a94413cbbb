/**
 * Approving a campaign's first emails from the console: all waiting, or the selected ones. Each goes
 * through the approval service like a single approval (the first decision from any channel wins), as
 * `POST /campaigns/:id/approve` does (src/outbound/approve-campaign.ts), but recorded as the signed-in
 * person through the console channel; then the campaign settles (DONE once nothing waits).
 */
import type { Db } from '../db/types.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { decideApproval } from '../respond/approvals/approval-service.ts';
import { settleWaitingCampaign } from '../outbound/db/campaigns-db.ts';

export interface ConsoleCampaignApproval {
  approved: string[];
  skipped: Array<{ outreachId: string; reason: string }>;
}

/** `outreachIds` null: every waiting email. Ids not of this campaign are skipped ("not an email of this campaign"). */
export async function approveCampaignFromConsole(
  deps: { db: Db; enqueue: EnqueueInTx },
  input: { campaignId: string; person: string; outreachIds: readonly string[] | null; now: Date },
): Promise<ConsoleCampaignApproval> {
  const { rows } = await deps.db.query<{ id: string; status: string; approval_id: string | null }>(
    'select id, status, approval_id from outreach_messages where campaign_id = $1 order by id', [input.campaignId]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result: ConsoleCampaignApproval = { approved: [], skipped: [] };
  const chosen = input.outreachIds === null ? rows.filter((r) => r.status === 'WAITING_APPROVAL') : [...new Set(input.outreachIds)].map((id) => byId.get(id) ?? id);
  for (const o of chosen) {
    if (typeof o === 'string') {
      result.skipped.push({ outreachId: o, reason: 'not an email of this campaign' });
      continue;
    }
    if (o.status !== 'WAITING_APPROVAL' || !o.approval_id) {
      result.skipped.push({ outreachId: o.id, reason: `the email is ${o.status}` });
      continue;
    }
    const out = await decideApproval(deps.db, { approvalId: o.approval_id, action: 'approve', by: { channel: 'console', actor: input.person }, now: input.now }, deps.enqueue);
    if (out.ok) result.approved.push(o.id);
    else result.skipped.push({ outreachId: o.id, reason: out.reason === 'not-found' ? 'approval not found' : out.message });
  }
  await deps.db.transaction((tx) => settleWaitingCampaign(tx, input.campaignId));
  return result;
}
