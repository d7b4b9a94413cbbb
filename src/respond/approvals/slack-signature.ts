/**
 * Slack request signing, v0: `X-Slack-Signature: v0=hex(HMAC-SHA256(signingSecret, "v0:" + ts + ":" + rawBody))`
 * with `X-Slack-Request-Timestamp: ts` (Unix seconds). Requests older or newer than five minutes are
 * refused, so a captured request cannot be replayed later. The body must be the raw bytes as received
 * (before any form or JSON parsing), or the signature will not match.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.ts';

export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface VerifySlackSignatureInput {
  signingSecret: string;
  /** X-Slack-Request-Timestamp. */
  timestamp: string | undefined;
  /** The raw request body. */
  body: string;
  /** X-Slack-Signature. */
  signature: string | undefined;
  now: Date;
}

export type SlackSignatureFailure = 'missing-secret' | 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';

export type VerifySlackSignatureResult = { ok: true } | { ok: false; reason: SlackSignatureFailure };

export const computeSlackSignature = (signingSecret: string, timestamp: string, body: string): string =>
  `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`, 'utf8').digest('hex')}`;

export function verifySlackSignature(input: VerifySlackSignatureInput): VerifySlackSignatureResult {
  const { signingSecret, timestamp, body, signature, now } = input;
  // An empty secret would make every forged request verifiable with an empty key.
  if (!signingSecret) return { ok: false, reason: 'missing-secret' };
  if (!timestamp || !signature) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > SLACK_SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'stale-timestamp' };
  const expected = computeSlackSignature(signingSecret, timestamp, body);
  return constantTimeEqual(expected, signature) ? { ok: true } : { ok: false, reason: 'bad-signature' };
}
