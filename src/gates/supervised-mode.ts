/**
 * Supervised mode: every reply the service would write waits for a human (docs/gates.md, "Supervised
 * mode"). It is not a separate switch but a policy: no intent may be answered without approval
 * (`autoReplyIntents: []`), so the `intent-allowed` gate trips on every message that is due a reply.
 * Messages no reply is due for (unsubscribes, bounces, out-of-office, …) are still NO_REPLY, with their
 * CRM effects; a first outreach email waits for approval unless `outreachWithoutApproval` is set.
 */
import { DEFAULT_POLICY, type GatePolicy } from './policy.ts';

export function isSupervised(policy: Pick<GatePolicy, 'autoReplyIntents'>): boolean {
  return policy.autoReplyIntents.length === 0;
}

/** The policy with supervised mode on (no automatic replies) or off (the default intents again); the rest kept. */
export function withSupervisedMode(policy: GatePolicy, on: boolean): GatePolicy {
  return { ...policy, autoReplyIntents: on ? [] : [...DEFAULT_POLICY.autoReplyIntents] };
}
