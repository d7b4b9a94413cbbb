/**
 * Who writes the reply: Claude when configured, otherwise the templates. Either way the draft checks
 * (src/gates/draft-checks) run on the result, so a model that invents a link, a price or a
 * placeholder sends the message to a human instead of out.
 */
import type { Classification } from '../../classify/types.ts';
import type { Relationship } from '../../crm/types.ts';
import type { GatePolicy } from '../../gates/policy.ts';
import { draftReply, type Draft } from './templates.ts';

export interface DraftRequest {
  classification: Classification;
  inbound: { subject: string; text: string; fromName: string | null };
  contactFirstName: string | null;
  /** Who signs (sender.ts): the mailbox's or workspace's sender name and signature. */
  senderName: string | null;
  signature: string | null;
  relationship: Pick<Relationship, 'ourContent' | 'targetBlogPost'>;
  /** Earlier messages of this thread only, oldest first (both directions). */
  thread: string[];
  policy: GatePolicy;
  /** An approver's reason for rejecting the previous draft (our side, trusted); the model follows it. */
  guidance?: string | null;
  /** The partner's price history, "last asked: $350 (May 2026) …" (src/intel/prices): context, never quoted. */
  priceHistory?: string | null;
}

export interface DraftResult {
  draft: Draft;
  by: 'template' | 'model';
  model?: { name: string; promptVersion: string; inputTokens?: number; outputTokens?: number; latencyMs?: number; fallback?: string };
}

export interface Drafter {
  draft(req: DraftRequest): Promise<DraftResult>;
}

export function templateDraft(req: DraftRequest): Draft {
  return draftReply({
    intent: req.classification.intent,
    subject: req.inbound.subject,
    contactFirstName: req.contactFirstName,
    fromName: req.inbound.fromName,
    senderName: req.senderName,
    signature: req.signature,
    relationship: req.relationship,
    offers: req.classification.facts.offers,
    policy: req.policy,
  });
}

export const templateDrafter: Drafter = {
  async draft(req) {
    return { draft: templateDraft(req), by: 'template' };
  },
};
