/**
 * The ingest.webhook step: a batch of stored Instantly deliveries processed set-based. An
 * `email_sent` is checked with Instantly first, outside the transaction (`prepare`, a few at a time
 * through one gate that honours Instantly's 429 Retry-After); then each part of the batch is
 * processed as a whole in its transaction's `load` (`processStoredDeliveries`: deliveries locked in
 * one statement, senders matched and partners created a few statements per batch, partner locks taken
 * in account order), and each job's `apply` only hands back its delivery's outcome. A part retried or
 * split is processed again in its new transaction; a delivery already processed is left out.
 */
import type { Queryable } from '../../db/types.ts';
import type { StepHandler, AfterCommit } from '../../jobs/run-step.ts';
import type { EnqueueInTx } from '../ports.ts';
import { CHECK_SEND_CONCURRENCY, lookupSend } from './check-send.ts';
import { processStoredDeliveries, type WebhookOutcome } from './handle-webhook.ts';
import type { SendLookup } from './send-verification.ts';

export interface WebhookJob {
  webhookEventId: string;
  /** An `email_sent`'s Instantly email, checked before the transaction. */
  sentEmailId?: string;
}

/** The outcomes of a part's deliveries, each taken once by its job's `apply`. */
export interface ProcessedPart {
  outcomes: Map<string, WebhookOutcome>;
}

export function ingestWebhookStep(deps: {
  enqueue: EnqueueInTx;
  enrich: boolean;
  /** Instantly's email lookups (null without an API key: sends are recorded unverified). */
  emailLookups: Parameters<typeof lookupSend>[0];
  /** What a processed delivery leads to once its transaction committed (a metric, the story's line). */
  onProcessed?: (outcome: WebhookOutcome) => AfterCommit | void;
}): StepHandler<WebhookJob, SendLookup | undefined, undefined, ProcessedPart> {
  const process = async (tx: Queryable, jobs: ReadonlyArray<{ data: WebhookJob; prepared: SendLookup | undefined }>): Promise<ProcessedPart> => ({
    outcomes: await processStoredDeliveries(tx, jobs.map((j) => ({ webhookEventId: j.data.webhookEventId, sendLookup: j.prepared })), { enqueue: deps.enqueue, enrich: deps.enrich }),
  });
  return {
    prepare: (job, meta) => lookupSend(deps.emailLookups, job.sentEmailId, meta.retryCount),
    prepareConcurrency: CHECK_SEND_CONCURRENCY,
    load: (tx, items) => process(tx, items),
    async apply(tx, job, sendLookup, _meta, loaded) {
      const part = loaded ?? (await process(tx, [{ data: job, prepared: sendLookup }]));
      const outcome = part.outcomes.get(job.webhookEventId);
      // a second job of the same delivery finds it processed, as a fresh read would
      part.outcomes.delete(job.webhookEventId);
      return outcome ? deps.onProcessed?.(outcome) : undefined;
    },
  };
}
