/** Everything an approver is shown, in one read: the approval, its message, partner, workspace and recent events. */
import type { Queryable } from '../../../db/types.ts';
import { iso } from '../../../db/rows.ts';
import { toApprovalRow } from './approvals.ts';
import type { ApprovalRow } from '../types.ts';
import { agencyWorkspaceIdsOf, priceAssertionsOf, priceEntriesIn, type PriceEntry } from '../../../intel/prices/db/price-entries.ts';

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
  return (await loadApprovalContexts(db, [approvalId])).get(approvalId) ?? null;
}

/** The contexts of several approvals in four reads (approvals with their joins, recent events, agencies, prices); a missing one is absent. */
export async function loadApprovalContexts(db: Queryable, approvalIds: readonly string[]): Promise<Map<string, ApprovalContext>> {
  const out = new Map<string, ApprovalContext>();
  if (!approvalIds.length) return out;
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
     where a.id = any($1::text[])`,
    [[...new Set(approvalIds)]],
  );
  if (!rows.length) return out;
  const relationshipIds = [...new Set(rows.flatMap((r) => (typeof r['relationship_id'] === 'string' ? [r['relationship_id']] : [])))];
  const events = new Map<string, RecentEvent[]>();
  if (relationshipIds.length) {
    const recent = await db.query<{ relationship_id: string; type: string; subject: string | null; occurred_at: unknown }>(
      `select r.id as relationship_id, e.type, e.subject, e.occurred_at
         from unnest($1::text[]) as r(id)
         cross join lateral (select id, type, subject, occurred_at from events where relationship_id = r.id order by occurred_at desc, id desc limit 12) e
        order by r.id, e.occurred_at desc, e.id desc`,
      [relationshipIds],
    );
    for (const e of recent.rows) {
      const list = events.get(e.relationship_id) ?? [];
      list.push({ type: e.type, subject: e.subject, occurredAt: iso(e.occurred_at)! });
      events.set(e.relationship_id, list);
    }
  }
  const priced = rows.filter((r) => typeof r['acc_id'] === 'string');
  const agencies = await agencyWorkspaceIdsOf(db, priced.map((r) => r['workspace_id'] as string));
  const assertions = await priceAssertionsOf(db, priced.map((r) => r['acc_id'] as string), [...agencies.values()].flat());
  for (const r of rows) {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!/^(i|o|acc|w)_/.test(k)) own[k] = v;
    const unknown = !r['relationship_id'] && !!r['inbound_id'];
    const prices = typeof r['acc_id'] === 'string'
      ? priceEntriesIn(assertions, r['acc_id'], agencies.get(r['workspace_id'] as string)!, { exceptInboundId: r['inbound_id'] as string | null })
      : [];
    const dr = r['acc_domain_rating'];
    out.set(r['id'] as string, {
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
      recentEvents: typeof r['relationship_id'] === 'string' ? events.get(r['relationship_id']) ?? [] : [],
      prices,
    });
  }
  return out;
}
