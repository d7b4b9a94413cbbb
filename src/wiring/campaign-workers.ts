/**
 * The prospecting-campaign chain on pg-boss: research → enrich → filter → discover → draft (src/outbound/chain),
 * and Instantly's email_sent marking a queued first email SENT.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { Boss } from '../jobs/boss.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { QUEUES } from '../jobs/queues.ts';
import { registerStep } from '../jobs/run-step.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Providers } from '../outbound/providers/ports.ts';
import { campaignStep, type CampaignDeps } from '../outbound/chain/campaign-step.ts';
import { researchStep } from '../outbound/chain/research.ts';
import { enrichStep } from '../outbound/chain/enrich.ts';
import { filterStep } from '../outbound/chain/filter.ts';
import { discoverStep } from '../outbound/chain/discover.ts';
import { draftStep } from '../outbound/chain/draft.ts';
import { templateFirstEmailDrafter } from '../respond/outreach/first-email-drafter.ts';
import { createClaudeFirstEmailDrafter } from '../respond/outreach/adapters/claude-first-email.ts';
import { recordInstantlySent, type InstantlySentJob } from '../respond/outreach/instantly-sent.ts';

export async function startCampaignWorkers(w: { config: Config; db: Db; boss: Boss; log: Logger; metrics: Metrics; enqueue: EnqueueInTx; providers: Providers }): Promise<void> {
  const { config, db, enqueue, providers, log } = w;
  const deps: CampaignDeps = {
    db, enqueue, providers, log, now: () => new Date(), metricsMaxAgeDays: config.METRICS_MAX_AGE_DAYS,
    drafter: config.ANTHROPIC_API_KEY
      ? createClaudeFirstEmailDrafter({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL })
      : templateFirstEmailDrafter,
  };
  const stepDeps = { db, boss: w.boss, log, metrics: w.metrics };
  // One campaign per job: their work is slow outside calls, made in order within a campaign.
  const opts = { batchSize: 1, localConcurrency: 2 };
  await registerStep(stepDeps, QUEUES.campaignResearch, campaignStep(deps, 'research', { step: 'enrich', queue: QUEUES.campaignEnrich }, (c) => researchStep(deps, c)), opts);
  await registerStep(stepDeps, QUEUES.campaignEnrich, campaignStep(deps, 'enrich', { step: 'filter', queue: QUEUES.campaignFilter }, (c) => enrichStep(deps, c)), opts);
  await registerStep(stepDeps, QUEUES.campaignFilter, campaignStep(deps, 'filter', { step: 'discover', queue: QUEUES.campaignDiscover }, (c) => filterStep(deps, c)), opts);
  await registerStep(stepDeps, QUEUES.campaignDiscover, campaignStep(deps, 'discover', { step: 'draft', queue: QUEUES.campaignDraft }, (c) => discoverStep(deps, c)), opts);
  // Instantly's email_sent for a lead a first email queued: that email becomes SENT.
  await registerStep<InstantlySentJob>(stepDeps, QUEUES.outreachInstantlySent, { apply: async (tx, job) => void (await recordInstantlySent(tx, job)) }, { batchSize: 20 });
  await registerStep(stepDeps, QUEUES.campaignDraft, campaignStep(deps, 'draft', { step: 'done', queue: null }, (c) => draftStep(deps, c)), opts);
}
