/** Replies to Instantly-sourced messages through Instantly's reply API, in the same thread. */
import { isAppError } from '../../../errors.ts';
import { isReplyOutcomeUnknown, type InstantlyClient } from '../../../ingest/instantly/adapters/instantly-client.ts';
import type { ReplySender, SendOutcome } from '../ports.ts';

export function createInstantlyReplySender(client: InstantlyClient, target: { eaccount: string; replyToUuid: string }): ReplySender {
  return {
    channel: 'INSTANTLY',
    async send(reply): Promise<SendOutcome> {
      try {
        await client.replyToEmail({
          eaccount: target.eaccount,
          replyToUuid: target.replyToUuid,
          subject: reply.subject,
          body: { text: reply.text, ...(reply.html ? { html: reply.html } : {}) },
        });
        return { ok: true };
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        if (isReplyOutcomeUnknown(e)) return { ok: false, failure: { kind: 'temporary', maybeSent: true, reason } };
        const retryable = isAppError(e) ? e.retryable : true;
        return { ok: false, failure: { kind: retryable ? 'temporary' : 'permanent', maybeSent: false, reason } };
      }
    },
    // Instantly assigns its own Message-ID, so ours cannot be looked up: a human decides.
    async alreadySent() {
      return null;
    },
  };
}
