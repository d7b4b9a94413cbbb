/**
 * Pure: what happens to a new outreach email. The draft checks (links, price, placeholders, length) run
 * on it as on a reply's draft; it is sent without a human only when the client asked for that, the
 * workspace policy allows it, and every check passed. Anything else waits for approval.
 */
import { createHash } from 'node:crypto';
import { checkDraft } from '../../gates/draft-checks/check-draft.ts';
import type { GatePolicy } from '../../gates/policy.ts';
import type { GateResult } from '../../gates/types.ts';
import type { Relationship } from '../../crm/types.ts';

export interface OutreachDraft {
  subject: string;
  text: string;
  html: string | null;
  to: string;
  fromAddress: string;
}

/** `signature`: our own configured signature (src/respond/draft/sender.ts), which may hold our links and addresses. */
export function checkOutreach(draft: OutreachDraft, relationship: Pick<Relationship, 'ourContent' | 'targetBlogPost'>, policy: GatePolicy, signature: string | null = null): GateResult[] {
  return checkDraft(
    { subject: draft.subject, text: draft.text, html: draft.html },
    // A first email has no thread yet: the only things it may name are the partner, us, our content and our signature.
    { threadTexts: signature ? [signature] : [], threadAddresses: [draft.to, draft.fromAddress], relationship },
    policy,
  );
}

export type OutreachAction = 'SEND' | 'WAITING_APPROVAL';

export function decideOutreach(input: { requireApproval: boolean; policyAllowsUnapproved: boolean; checks: readonly GateResult[] }): OutreachAction {
  if (input.requireApproval || !input.policyAllowsUnapproved) return 'WAITING_APPROVAL';
  return input.checks.every((c) => c.passed) ? 'SEND' : 'WAITING_APPROVAL';
}

/** A stable hash of what the client asked for, so a reused Idempotency-Key with another body is caught. */
export function outreachRequestHash(request: Record<string, unknown>): string {
  const keys = Object.keys(request).filter((k) => request[k] !== undefined).sort();
  return createHash('sha256').update(JSON.stringify(keys.map((k) => [k, request[k]]))).digest('hex');
}
