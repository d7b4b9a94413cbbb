/**
 * The auto-reply limits, checked again at send time (issue: 30 replies decided at once all went out
 * under `maxAutoRepliesPerDay: 3`). Under the workspace's lock, an automatic reply keeps its place only
 * while its reservation is within the limits of the policy in force now, counted among the reservations
 * taken before it; a reply queued without a reservation (by an older version) takes one now if there is
 * room. Otherwise the reservation is released and the reply goes to a human with the limit gate's reason,
 * and nothing is sent.
 */
import type { Queryable } from '../../db/types.ts';
import { getGatePolicy } from '../../crm/db/tenants.ts';
import { countAutoReplies, lockAutoReplies, releaseAutoReply, reservationOf, reserveAutoReply } from '../../gates/db/auto-reply-reservations.ts';
import { limitResults } from '../../gates/limits.ts';
import { DEFAULT_POLICY, parseGatePolicy } from '../../gates/policy.ts';
import type { Decision, GateResult } from '../../gates/types.ts';

export interface AutoReplyRef {
  inboundId: string;
  workspaceId: string;
  relationshipId: string;
}

/** Null when the reply may go out (its reservation is held); else the limit gates that stop it. */
export async function holdAutoReplyPlace(tx: Queryable, r: AutoReplyRef, now: Date): Promise<GateResult[] | null> {
  await lockAutoReplies(tx, r.workspaceId);
  const stored = parseGatePolicy((await getGatePolicy(tx, r.workspaceId)) ?? {});
  const policy = stored.ok ? stored.policy : DEFAULT_POLICY;
  const mine = await reservationOf(tx, r.inboundId);
  const live = mine && !mine.releasedAt ? mine : null;
  const counts = await countAutoReplies(tx, {
    workspaceId: r.workspaceId, relationshipId: r.relationshipId, now, except: r.inboundId,
    ...(live ? { before: { reservedAt: live.reservedAt, inboundId: live.inboundId } } : {}),
  });
  const results = limitResults(counts, policy);
  if (results.every((g) => g.passed)) {
    if (!live) await reserveAutoReply(tx, { ...r, now });
    return null;
  }
  await releaseAutoReply(tx, r.inboundId, results.filter((g) => !g.passed).map((g) => g.reason).join('; '));
  return results;
}

/** The stored decision with the limit gates that stopped the send: what the approver is shown. */
export function decisionStoppedAtSend(stored: unknown, limits: GateResult[]): Decision {
  const d = (stored && typeof stored === 'object' ? stored : {}) as Partial<Decision>;
  const gates = Array.isArray(d.gates) ? d.gates : [];
  const byName = new Map(limits.map((g) => [g.gate, { gate: g.gate, passed: g.passed, reason: `at send time: ${g.reason}` }]));
  const merged = gates.map((g) => byName.get(g.gate) ?? g);
  for (const g of byName.values()) if (!merged.some((x) => x.gate === g.gate)) merged.push(g);
  return { action: 'WAITING_APPROVAL', gates: merged, approvalId: null };
}

/**
 * Sends the reply to a human instead: the decision records the limit that stopped it, and the approval
 * is requested in the same transaction (status WAITING_APPROVAL, APPROVAL_REQUESTED, notify job).
 */
export async function sendToHumanAtSend(
  tx: Queryable,
  inboundId: string,
  limits: GateResult[],
  requestApproval: (tx: Queryable, inboundId: string) => Promise<unknown>,
): Promise<void> {
  const { rows } = await tx.query<{ decision: unknown }>('select decision from inbound_messages where id = $1', [inboundId]);
  await tx.query(`update inbound_messages set decision = $2, status = 'WAITING_APPROVAL', updated_at = now() where id = $1`, [
    inboundId, JSON.stringify(decisionStoppedAtSend(rows[0]?.decision, limits)),
  ]);
  await requestApproval(tx, inboundId);
}
