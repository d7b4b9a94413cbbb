/**
 * The pipeline steps' worker settings (src/wiring/workers.ts), in one place so the benchmark's no-op
 * chain runs with the same (bench/pgboss-noop.ts). localConcurrency: batches in flight per queue per
 * process. Classify and gates take no partner row locks in the common case (src/crm/append-event.ts),
 * so two of their batches overlap safely (one waits on the database while the other runs). Ingest
 * keeps one batch at a time per process: its replies create partners in sorted multi-row inserts and
 * lock them in account order (src/ingest/instantly/handle-webhook.ts), but a batch's CRM-event
 * deliveries (bounces, unsubscribes, sends) and thread or bounce matches still lock theirs in arrival
 * order after that, so two of its batches are not shown to be deadlock-free. approvals.notify takes
 * batches of 50 like the others: it reads a batch's contexts in four statements and records what it
 * did in one (batches of 5 dated from one job at a time); Slack and email still go out one job after
 * another in its `prepare`, so a bigger batch posts no faster (Slack's per-channel rate stays kept).
 */
import type { StepOptions } from './run-step.ts';
import { QUEUES, type QueueName } from './queues.ts';

export const STEP_OPTIONS: Partial<Record<QueueName, StepOptions>> = {
  [QUEUES.ingestWebhook]: { batchSize: 100 },
  // a job matches up to MATCH_JOB_SIZE (50) stored messages: at most 500 a transaction
  [QUEUES.ingestMatch]: { batchSize: 10 },
  [QUEUES.classify]: { localConcurrency: 2 },
  [QUEUES.gates]: { localConcurrency: 2 },
  [QUEUES.respond]: { batchSize: 10 },
  [QUEUES.approvalsNotify]: { batchSize: 50 },
};
