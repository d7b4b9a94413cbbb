/**
 * The enrich step: Instantly's webhook carries no Message-ID, thread or full body, so before
 * classification the email is fetched from Instantly's API and the message completed. Enrichment
 * is best effort: after a few failed attempts the message is classified with what the webhook gave.
 */
import { isAppError } from '../../errors.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { EnqueueInTx } from '../ports.ts';
import type { StepHandler } from '../../jobs/run-step.ts';
import type { InstantlyClient } from './adapters/instantly-client.ts';
import { inboundFromApiEmail, type InstantlyInboundFields } from './inbound-fields.ts';

export const ENRICH_ATTEMPTS = 4;

export interface EnrichJob {
  inboundId: string;
  emailId: string;
}

export function enrichHandler(deps: { client: InstantlyClient; enqueue: EnqueueInTx }): StepHandler<EnrichJob, InstantlyInboundFields | null> {
  return {
    async prepare(job, meta) {
      try {
        return inboundFromApiEmail(await deps.client.getEmail(job.emailId));
      } catch (e) {
        const retryable = !isAppError(e) || e.retryable;
        if (retryable && meta.retryCount + 1 < ENRICH_ATTEMPTS) throw e;
        return null; // give up on enrichment, never on the message
      }
    },
    async apply(tx, job, f) {
      if (f) {
        await tx.query(
          `update inbound_messages set
             message_id = coalesce(message_id, $2),
             text = case when length(coalesce($3, '')) > length(coalesce(text, '')) then $3 else text end,
             html = coalesce($4, html),
             headers = headers || $5::jsonb,
             updated_at = now()
           where id = $1`,
          [job.inboundId, f.messageId, f.text, f.html, JSON.stringify(f.threadId ? { 'x-instantly-thread-id': f.threadId } : {})],
        );
      }
      await deps.enqueue(tx, QUEUES.classify, [{ inboundId: job.inboundId }]);
    },
  };
}
