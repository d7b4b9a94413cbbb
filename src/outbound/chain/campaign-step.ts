/**
 * One link of a campaign's chain as a pg-boss step. `work` does the slow part outside any transaction
 * (provider calls through lookupOnce, so a re-run pays nothing twice; per-prospect writes in their own
 * short transactions, so a failure keeps what was done) and may return a final write; `apply` then, in
 * one transaction with the campaign locked, writes it, moves the chain on and enqueues the next step.
 * A job for a step the campaign has already left (a retry, a duplicate) does nothing.
 */
import type { Db, Queryable } from '../../db/types.ts';
import { isAppError } from '../../errors.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import type { StepHandler } from '../../jobs/run-step.ts';
import { ProviderError, type Providers } from '../providers/ports.ts';
import type { FirstEmailDrafter } from '../../respond/outreach/first-email-drafter.ts';
import { advanceStep, failCampaign, getCampaign, lockCampaign, type CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignJob, CampaignStatus, CampaignStep } from '../types.ts';

export interface CampaignDeps {
  db: Db;
  enqueue: EnqueueInTx;
  providers: Providers;
  drafter: FirstEmailDrafter;
  /** METRICS_MAX_AGE_DAYS: a shared account's figures younger than this are reused, not bought again. */
  metricsMaxAgeDays: number;
  now: () => Date;
  log?: { warn: (o: object, m: string) => void; info?: (o: object, m: string) => void };
}

/** What a step's work produced: a final write in the step's transaction, and the status to move to. */
export interface StepResult {
  write?: (tx: Queryable, c: CampaignRow) => Promise<void>;
  /** Set by the last step (WAITING_APPROVAL or DONE). */
  status?: CampaignStatus;
}

type Outcome = { kind: 'skip' } | { kind: 'failed'; error: string } | ({ kind: 'ok' } & StepResult);

/** A provider that keeps failing after its own retries and a few of the job's: the campaign fails with its message. */
const MAX_STEP_RETRIES = 2;
/** Anything else (the database away, a bug) gets more retries, then fails the campaign rather than leave it RUNNING. */
const MAX_OTHER_RETRIES = 5;

export function campaignStep(
  deps: CampaignDeps,
  step: CampaignStep,
  next: { step: CampaignStep; queue: string | null },
  work: (c: CampaignRow) => Promise<StepResult>,
): StepHandler<CampaignJob, Outcome> {
  return {
    async prepare(job, meta): Promise<Outcome> {
      const c = await getCampaign(deps.db, job.campaignId);
      if (!c || c.status !== 'RUNNING' || c.step !== step) return { kind: 'skip' };
      try {
        return { kind: 'ok', ...(await work(c)) };
      } catch (e) {
        if (e instanceof ProviderError) {
          if (e.retryable && meta.retryCount < MAX_STEP_RETRIES) throw e;
          return { kind: 'failed', error: `${step}: ${e.message}` };
        }
        // Our own permanent errors (a bad stored input) fail the campaign too; anything else is retried.
        if (isAppError(e) && !e.retryable) return { kind: 'failed', error: `${step}: ${e.message}` };
        if (meta.retryCount >= MAX_OTHER_RETRIES) return { kind: 'failed', error: `${step}: ${e instanceof Error ? e.message : String(e)}` };
        throw e;
      }
    },
    lockKey: (job) => job.campaignId,
    async apply(tx, job, outcome) {
      if (outcome.kind === 'skip') return;
      const c = await lockCampaign(tx, job.campaignId);
      if (!c || c.status !== 'RUNNING' || c.step !== step) return;
      if (outcome.kind === 'failed') {
        await failCampaign(tx, c.id, outcome.error);
        deps.log?.warn({ campaignId: c.id, step, error: outcome.error }, 'campaign failed');
        return;
      }
      if (outcome.write) await outcome.write(tx, c);
      await advanceStep(tx, c.id, step, next.step, outcome.status);
      if (next.queue) await deps.enqueue(tx, next.queue, [{ campaignId: c.id } satisfies CampaignJob]);
    },
  };
}
