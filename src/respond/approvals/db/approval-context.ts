/** Everything an approver is shown, in one read: the approval, its message, partner, workspace and recent events. */
import type { Queryable } from '../../../db/types.ts';
import { iso } from '../../../db/rows.ts';
import { toApprovalRow } from './approvals.ts';
import type { ApprovalRow } from '../types.ts';
import { priceEntriesForWorkspace, type PriceEntry } from '../../../intel/prices/db/price-entries.ts';

export interface RecentEvent {
  type: string;
  subject: string | null;
  occurredAt: string;
}

export interface ApprovalContext {
  approval: ApprovalRow;
  workspace: { id: string; name: string; approverEmails: string[]; slackChannelId: string | null; slackUserIds: string[] };
  /** The partner's message, for a reply; null for a first outreach email. */
  inbound: { fromAddress: string | null; fromName: string | null; subject: string | null; text: string | null; receivedAt: string; classification: unknown } | null;
  /** The first outreach email waiting, or null for a reply. */
  outreach: { to: string; fromAddress: string; subject: string } | null;
  /** The partner; for a sender who matches no partner yet, "an unknown sender" (see `unknownSender`). */
  account: { domain: string; domainRating: number | null };
  /** The sender's address when it matches no partner in the CRM ("who is this?"), else null. */
  unknownSender: string | null;
  recentEvents: RecentEvent[];
  /** The partner's price history as this workspace's agency may see it (docs/intel.md), oldest first. */
  prices?: PriceEntry[];
}


export async function loadApprovalContext(db: Queryable, approvalId: string): Promise<ApprovalContext | null> {
  const { rows } = await db.query(
    `select a.*, i.from_address as i_from_address, i.from_name as i_from_name, i.subject as i_subject, i.text as i_text,
       i.received_at as i_received_at, i.classification as i_classification,
       o.to_address as o_to_address, o.from_address as o_from_address, o.subject as o_subject,
       acc.id as acc_id, acc.domain as acc_domain, acc.domain_rating as acc_domain_rating,
       w.name as w_name, w.approver_emails as w_approver_emails, w.slack_channel_id as w_slack_channel_id, w.slack_user_ids as w_slack_user_ids
     from approvals a
     left join inbound_messages i on i.id = a.inbound_id
     left join outreach_messages o on o.id = a.outreach_id
     left join relationships r on r.id = a.relationship_id
     left join accounts acc on acc.id = r.account_id
     join workspaces w on w.id = a.workspace_id
     where a.id = $1`,
    [approvalId],
  );
  const r = rows[0];
  if (!r) return null;
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!/^(i|o|acc|w)_/.test(k)) own[k] = v;
  const events = r['relationship_id']
    ? await db.query<{ type: string; subject: string | null; occurred_at: unknown }>(
      'select type, subject, occurred_at from events where relationship_id = $1 order by occurred_at desc, id desc limit 12',
      [r['relationship_id']],
    )
    : { rows: [] as Array<{ type: string; subject: string | null; occurred_at: unknown }> };
  const unknown = !r['relationship_id'] && !!r['inbound_id'];
  const prices = typeof r['acc_id'] === 'string' ? await priceEntriesForWorkspace(db, r['acc_id'], r['workspace_id'] as string, { exceptInboundId: r['inbound_id'] as string | null }) : [];
  const dr = r['acc_domain_rating'];
  return {
    approval: toApprovalRow(own),
    workspace: {
      id: r['workspace_id'] as string,
      name: r['w_name'] as string,
      approverEmails: (r['w_approver_emails'] as string[] | null) ?? [],
      slackChannelId: (r['w_slack_channel_id'] as string | null) ?? null,
      slackUserIds: (r['w_slack_user_ids'] as string[] | null) ?? [],
    },
    inbound: r['inbound_id']
      ? {
        fromAddress: (r['i_from_address'] as string | null) ?? null,
        fromName: (r['i_from_name'] as string | null) ?? null,
        subject: (r['i_subject'] as string | null) ?? null,
        text: (r['i_text'] as string | null) ?? null,
        receivedAt: iso(r['i_received_at'])!,
        classification: r['i_classification'],
      }
      : null,
    outreach: r['outreach_id']
      ? { to: r['o_to_address'] as string, fromAddress: r['o_from_address'] as string, subject: r['o_subject'] as string }
      : null,
    account: { domain: unknown ? 'an unknown sender' : (r['acc_domain'] as string), domainRating: dr === null || dr === undefined ? null : Number(dr) },
    unknownSender: unknown ? ((r['i_from_address'] as string | null) ?? 'no address') : null,
    recentEvents: events.rows.map((e) => ({ type: e.type, subject: e.subject, occurredAt: iso(e.occurred_at)! })),
    prices,
  };
}
