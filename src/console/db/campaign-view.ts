/** A campaign as the console shows it: the public campaign, all its prospects (kept and dropped, with reasons) and its drafted emails. */
import type { Queryable } from '../../db/types.ts';
import type { Campaign, Prospect } from '../../outbound/types.ts';
import { getCampaign, listCampaigns, publicCampaigns, settleWaitingCampaign } from '../../outbound/db/campaigns-db.ts';
import { prospectPage } from '../../outbound/db/prospects-db.ts';
import type { Db } from '../../db/types.ts';

export const PROSPECTS_SHOWN = 500;

export interface CampaignEmail {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  status: string;
  approvalId: string | null;
  checks: Array<{ gate: string; passed: boolean; reason: string }>;
}

export interface CampaignView {
  campaign: Campaign;
  prospects: Prospect[];
  moreProspects: boolean;
  emails: CampaignEmail[];
}

/** Null when the campaign does not exist or is not in these workspaces (a 404). */
export async function loadCampaignView(db: Db, id: string, workspaceIds: readonly string[]): Promise<CampaignView | null> {
  const row = await getCampaign(db, id, workspaceIds);
  if (!row) return null;
  // Emails approved one by one elsewhere finish the campaign too (as GET /campaigns/:id does).
  if (row.status === 'WAITING_APPROVAL') await db.transaction((tx) => settleWaitingCampaign(tx, row.id));
  const [campaign] = await publicCampaigns(db, [(await getCampaign(db, id))!]);
  const page = await prospectPage(db, id, { limit: PROSPECTS_SHOWN });
  const { rows } = await db.query<{ id: string; to_address: string; subject: string; text: string; status: string; approval_id: string | null; checks: unknown }>(
    'select id, to_address, subject, text, status, approval_id, checks from outreach_messages where campaign_id = $1 order by id', [id]);
  return {
    campaign: campaign!,
    prospects: page.data,
    moreProspects: page.nextCursor !== null,
    emails: rows.map((r) => ({
      id: r.id, toAddress: r.to_address, subject: r.subject, text: r.text, status: r.status, approvalId: r.approval_id,
      checks: Array.isArray(r.checks) ? (r.checks as CampaignEmail['checks']) : [],
    })),
  };
}

export async function campaignList(db: Queryable, workspaceIds: readonly string[]): Promise<Campaign[]> {
  if (!workspaceIds.length) return [];
  const page = await listCampaigns(db, { workspaceIds, limit: 100 });
  return publicCampaigns(db, page.data);
}
