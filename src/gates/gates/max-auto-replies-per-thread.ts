import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'max-auto-replies-per-thread';

/**
 * Caps a bot-to-bot loop or a long automatic conversation: after N automatic replies a human takes
 * over. Counts automatic replies sent or reserved (decided, on their way) in this thread.
 */
export function maxAutoRepliesPerThread(input: Pick<GateInput, 'history' | 'policy'>): GateResult {
  const sent = input.history.autoRepliesInThread;
  const max = input.policy.maxAutoRepliesPerThread;
  const inputs = { autoRepliesInThread: sent, maxAutoRepliesPerThread: max };
  if (sent >= max) return trip(GATE, `${sent} automatic replies already sent or on their way in this thread (max ${max})`, inputs);
  return pass(GATE, `${sent} of ${max} automatic replies used in this thread`, inputs);
}
