import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'send-channel-available';

const CHANNEL_NAME = { SMTP: 'the mailbox it came to (SMTP)', INSTANTLY: "Instantly's reply API" } as const;

/**
 * A reply that cannot be sent must not be decided as if it could (it used to be AUTO_REPLY or approved,
 * then FAILED with "cannot send"): it goes to a human with what an operator must fix first. Once fixed,
 * an approved or failed reply is sent with POST /inbound/:id/retry-send.
 */
export function sendChannelAvailable(input: Pick<GateInput, 'sendChannel'>): GateResult {
  const c = input.sendChannel;
  const inputs = { channel: c.channel, available: c.available, problem: c.problem };
  if (!c.available) return trip(GATE, `no way to send this reply: ${c.problem ?? `${CHANNEL_NAME[c.channel]} is not configured`}`, inputs);
  return pass(GATE, `replies go out through ${CHANNEL_NAME[c.channel]}`, inputs);
}
