/**
 * An approver who approves a message whose classification held effects back ("confirm: mark as link
 * placed?") confirms them: they are applied now, in the approval's transaction, with the same
 * idempotency keys they would have had at classification. Rejecting applies nothing.
 */
import type { Queryable } from '../../db/types.ts';
import { applyEffect } from '../../classify/apply-effects.ts';
import type { Classification } from '../../classify/types.ts';
import { getInbound } from '../../ingest/db/inbound.ts';

export async function applyConfirmedEffects(tx: Queryable, inboundId: string, now: Date): Promise<number> {
  const m = await getInbound(tx, inboundId);
  const pending = (m?.classification as Classification | null)?.pendingEffects ?? [];
  if (!m?.relationshipId || !m.accountId || pending.length === 0) return 0;
  for (const p of pending) {
    await applyEffect(tx, p.effect, { inboundId, relationshipId: m.relationshipId, accountId: m.accountId, contactId: m.contactId, at: now.toISOString() });
  }
  return pending.length;
}
