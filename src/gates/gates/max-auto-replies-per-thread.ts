import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'max-auto-replies-per-thread';

/** Caps a bot-to-bot loop or a long automatic conversation: after N automatic replies a human takes over. */
export function maxAutoRepliesPerThread(input: GateInput): GateResult {
  const sent = input.history.autoRepliesInThread;
  const max = input.policy.maxAutoRepliesPerThread;
  const inputs = { autoRepliesInThread: sent, maxAutoRepliesPerThread: max };
  if (sent >= max) return trip(GATE, `${sent} automatic replies already sent in this thread (max ${max})`, inputs);
  return pass(GATE, `${sent} of ${max} automatic replies used in this thread`, inputs);
}
