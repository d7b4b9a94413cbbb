/**
 * What the draft checks need to check an approver's edited text the way the gates step checked the
 * drafted one: the thread so far (texts and addresses), the relationship's own content, the offers under
 * discussion and the workspace's gate policy. Outreach emails are checked as at creation (no thread).
 */
import type { Queryable } from '../../db/types.ts';
import type { ApprovalRow } from '../../respond/approvals/types.ts';
import type { DraftCheckContext } from '../../gates/draft-checks/types.ts';
import type { GatePolicy } from '../../gates/policy.ts';
import { DEFAULT_POLICY, parseGatePolicy } from '../../gates/policy.ts';
import { getGatePolicy } from '../../crm/db/tenants.ts';
import { getRelationship } from '../../crm/db/relationships.ts';
import { threadOf } from '../../gates/gates-thread.ts';
import { getInbound } from '../../ingest/db/inbound.ts';
import { readClassification } from '../../respond/approvals/approval-view.ts';
import { resolveSender } from '../../respond/draft/sender.ts';
import { senderSettingsOf } from '../../respond/draft/db/sender-settings.ts';

export async function draftCheckContext(db: Queryable, a: ApprovalRow): Promise<{ context: DraftCheckContext; policy: GatePolicy } | null> {
  if (!a.relationshipId) return null;
  const rel = await getRelationship(db, a.relationshipId);
  if (!rel) return null;
  const stored = parseGatePolicy((await getGatePolicy(db, rel.organizationId)) ?? {});
  const policy = stored.ok ? stored.policy : DEFAULT_POLICY;
  if (a.outreachId) {
    const { rows } = await db.query<{ to_address: string; from_address: string }>('select to_address, from_address from outreach_messages where id = $1', [a.outreachId]);
    const o = rows[0];
    return { context: { threadTexts: [], threadAddresses: o ? [o.to_address, o.from_address] : [], relationship: rel }, policy };
  }
  const m = a.inboundId ? await getInbound(db, a.inboundId) : null;
  if (!m) return null;
  // The same thread the gates step gave the drafter: the last five emails of the relationship.
  const earlier = (await threadOf(db, m, rel)).map((e) => e.content);
  // the signature the draft was signed with may hold our own links (src/respond/draft/sender.ts)
  const { signature } = resolveSender(await senderSettingsOf(db, rel.organizationId, m.mailboxId));
  return {
    context: {
      threadTexts: [m.text ?? '', ...earlier, ...(signature ? [signature] : [])],
      threadAddresses: [m.fromAddress ?? '', ...(m.toAddresses ?? []).map((x) => x.address), ...(m.ccAddresses ?? []).map((x) => x.address)],
      relationship: rel,
      offerTypes: readClassification(m.classification).offers.map((o) => o.type),
    },
    policy,
  };
}
