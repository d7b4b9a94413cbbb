import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'other-workspace-active-relationship';

/**
 * Another workspace on the platform is already talking to this partner. Two agencies' bots answering
 * the same blogger is how a partner gets annoyed, so a human looks first.
 */
export function otherWorkspaceActiveRelationship(input: GateInput): GateResult {
  const { otherWorkspaceActive, otherWorkspaceIds } = input.history;
  const inputs = { otherWorkspaceActive, otherWorkspaceIds: otherWorkspaceIds ?? [] };
  if (otherWorkspaceActive) {
    return trip(GATE, `another workspace has an active relationship with ${input.account.domain}`, inputs);
  }
  return pass(GATE, 'no other workspace is actively engaged with this partner', inputs);
}
