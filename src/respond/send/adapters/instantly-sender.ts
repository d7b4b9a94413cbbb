/** Replies to Instantly-sourced messages through Instantly's reply API, in the same thread. */
import { isAppError } from '../../../errors.ts';
import { isReplyOutcomeUnknown, type InstantlyClient } from '../../../ingest/instantly/adapters/instantly-client.ts';
import type { ReplySender, SendOutcome } from '../ports.ts';
import { UE_TYPE_RECEIVED } from '../../../ingest/instantly/api-types.ts';

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
    // Instantly assigns its own Message-ID, so ours cannot be looked up; the exact text we sent, from
    // our account, in the same thread, can. Not finding it proves nothing (the API may lag): null.
    async alreadySent(_messageId, reply) {
      try {
        const original = await client.getEmail(target.replyToUuid);
        if (!original.thread_id) return null;
        const thread = await client.listAllEmails({ threadId: original.thread_id, previewOnly: false }, 3);
        const ours = thread.some(
          (e) => e.ue_type !== UE_TYPE_RECEIVED && (e.eaccount ?? '').toLowerCase() === target.eaccount.toLowerCase() && (e.body?.text ?? '').trim() === reply.text.trim(),
        );
        return ours ? true : null;
      } catch {
        return null;
      }
    },
  };
}
