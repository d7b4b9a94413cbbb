/** The worker role: every pipeline step and scheduled job, registered on pg-boss. */
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { Boss } from '../jobs/boss.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { QUEUES } from '../jobs/queues.ts';
import { registerStep } from '../jobs/run-step.ts';
import { STEP_OPTIONS } from '../jobs/step-options.ts';
import { storyLog, type Logger, type StoryLog } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { classifyStep } from '../classify/classify-step.ts';
import { createClaudeClassifier } from '../classify/adapters/claude-classifier.ts';
import { gatesStep } from '../gates/gates-step.ts';
import { templateDrafter, type Drafter } from '../respond/draft/drafter.ts';
import { createClaudeDrafter } from '../respond/draft/adapters/claude-drafter.ts';
import { requestApproval, requestInboundApprovals } from '../respond/approvals/approval-service.ts';
import { respondStep } from '../respond/respond-step.ts';
import { replySenders } from '../respond/send/adapters/reply-senders.ts';
import { outreachSenders } from '../respond/outreach/adapters/outreach-senders.ts';
import { notifyStep } from '../respond/approvals/approval-notifier.ts';
import { sweepApprovals } from '../respond/approvals/approval-expiry.ts';
import type { ApprovalMailer, SlackClient } from '../respond/approvals/ports.ts';
import type { SecretBox } from '../ingest/mailboxes/secret-box.ts';
import { enrichHandler } from '../ingest/instantly/enrich.ts';
import { reconcileStep } from '../ingest/instantly/reconcile.ts';
import { ingestWebhookStep } from '../ingest/instantly/ingest-step.ts';
import { boundedEmailLookups } from '../ingest/instantly/check-send.ts';
import { matchStoredInbound, type IngestResult, type MatchJob } from '../ingest/ingest-inbound.ts';
import { createInstantlyClient } from '../ingest/instantly/adapters/instantly-client.ts';
import { startRulesThread } from '../classify/adapters/rules-thread.ts';
import type { Providers } from '../outbound/providers/ports.ts';
import { startCampaignWorkers } from './campaign-workers.ts';
import { startIntelWorkers } from '../intel/workers.ts';
import { warmGateDetectors } from '../gates/warm-detectors.ts';

export interface WorkerDeps {
  config: Config;
  db: Db;
  boss: Boss;
  log: Logger;
  metrics: Metrics;
  enqueue: EnqueueInTx;
  box: SecretBox | null;
  slack: SlackClient | null;
  mailer: ApprovalMailer | null;
  publicUrl: string;
  providers: Providers;
}

/** Started workers; `close` ends what outlives the job handlers (the rules thread). */
export interface Workers {
  close(): Promise<void>;
}

/** The story's first line: a reply stored and matched (or not) to a partner. */
const ingestedLine = (story: StoryLog, r: IngestResult | null | undefined) =>
  r?.inboundId ? () => story('ingested', { inboundId: r.inboundId, workspaceId: r.workspaceId, source: r.source, kind: r.kind, relationshipId: r.relationshipId, matched: !!r.relationshipId }) : undefined;

export async function startWorkers({ config, db, boss, log, metrics, enqueue, box, slack, mailer, publicUrl, providers }: WorkerDeps): Promise<Workers> {
  const stepDeps = { db, boss, log, metrics };
  // one info line per message at each step: ingested → classified → decided → sent (docs/operations.md)
  const story = storyLog(log);
  // The rules read hostile text: they run on a thread of their own so the event loop never waits.
  const rulesThread = startRulesThread();
  // The gates read the text again on the event loop: compile their patterns now, before the port opens
  // (the first reply's gates step paid ~100–270 ms for it, src/gates/warm-detectors.ts).
  warmGateDetectors();
  const model = config.ANTHROPIC_API_KEY
    ? createClaudeClassifier({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL })
    : null;
  const drafter: Drafter = config.ANTHROPIC_API_KEY
    ? createClaudeDrafter({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL })
    : templateDrafter;
  const instantly = config.INSTANTLY_API_KEY ? createInstantlyClient({ apiKey: config.INSTANTLY_API_KEY, baseURL: config.INSTANTLY_BASE_URL }) : null;
  const emailLookups = instantly ? boundedEmailLookups(instantly) : null;
  await registerStep(
    stepDeps,
    QUEUES.ingestWebhook,
    ingestWebhookStep({
      enqueue,
      enrich: !!config.INSTANTLY_API_KEY,
      emailLookups,
      onProcessed: (r) => {
        if (r.inboundId) metrics.ingested.inc({ source: 'INSTANTLY', kind: r.kind });
        return ingestedLine(story, r.ingested);
      },
    }),
    STEP_OPTIONS[QUEUES.ingestWebhook],
  );
  await registerStep(
    stepDeps,
    QUEUES.ingestMatch,
    {
      apply: async (tx, job: MatchJob, _prepared, meta) => {
        const lines = (await matchStoredInbound(tx, job, enqueue, meta)).map((r) => ingestedLine(story, r));
        return () => lines.forEach((line) => line?.());
      },
    },
    STEP_OPTIONS[QUEUES.ingestMatch],
  );
  // Replies go out through their mailbox or Instantly; the gates know beforehand when neither can.
  const { senderFor, channelFor } = replySenders({ instantly, box, log, hosts: { allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS } });
  await registerStep(stepDeps, QUEUES.classify, classifyStep({ db, enqueue, model, now: () => new Date(), metrics, story, rules: rulesThread.classify }), STEP_OPTIONS[QUEUES.classify]);
  await registerStep(
    stepDeps,
    QUEUES.gates,
    gatesStep({
      db,
      drafter,
      enqueue,
      now: () => new Date(),
      metrics,
      story,
      sendChannel: channelFor,
      requestApprovals: (tx, subjects) => requestInboundApprovals(tx, subjects, { now: new Date() }, enqueue),
      detectLanguage: rulesThread.detectLanguage,
      recheck: rulesThread.recheck,
    }),
    STEP_OPTIONS[QUEUES.gates],
  );
  if (instantly) {
    await registerStep(stepDeps, QUEUES.instantlyEnrich, enrichHandler({ client: instantly, enqueue }), { batchSize: 10 });
    await registerStep(
      stepDeps,
      QUEUES.instantlyReconcile,
      reconcileStep({ db, client: instantly, enqueue, now: () => new Date(), onResult: (r) => (r.ingested || r.replayed ? log.info(r, 'Instantly reconciliation ingested what webhooks missed') : log.debug(r, 'Instantly reconciliation')), onIngested: (r) => ingestedLine(story, r)?.() }),
      { batchSize: 1 },
    );
    await boss.schedule(QUEUES.instantlyReconcile, '*/10 * * * *');
  }
  await registerStep(stepDeps, QUEUES.respond, respondStep({ db, senderFor, outreachSenderFor: outreachSenders({ box, log, hosts: { allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS }, instantly: config.INSTANTLY_API_KEY ? { apiKey: config.INSTANTLY_API_KEY, baseURL: config.INSTANTLY_BASE_URL } : null }), now: () => new Date(), metrics, log, story, requestApproval: (tx, inboundId) => requestApproval(tx, { inboundId, now: new Date() }, enqueue) }), STEP_OPTIONS[QUEUES.respond]);
  // Notifications talk to Slack and SMTP: all their work is outside the database transaction.
  await registerStep(stepDeps, QUEUES.approvalsNotify, notifyStep({ db, slack, mailer, publicUrl, log }), STEP_OPTIONS[QUEUES.approvalsNotify]);
  await registerStep<object>(stepDeps, QUEUES.approvalsExpire, { prepare: () => sweepApprovals(db, new Date(), enqueue).then(() => undefined), apply: async () => {} }, { batchSize: 1 });
  await boss.schedule(QUEUES.approvalsExpire, '* * * * *');
  // A queue that was empty at the last ANALYZE and then gets a burst makes pg-boss's fetch pick a bad
  // plan (measured: 0.1 ms → 100–480 ms per fetch). Fresh statistics every minute keep it cheap.
  await registerStep<object>(stepDeps, QUEUES.analyzeJobs, { prepare: async () => { await db.query('analyze pgboss.job'); return undefined; }, apply: async () => {} }, { batchSize: 1 });
  await boss.schedule(QUEUES.analyzeJobs, '* * * * *');
  await startCampaignWorkers({ config, db, boss, log, metrics, enqueue, providers });
  const intel = await startIntelWorkers({ config, db, boss, log, metrics, providers });
  return {
    close: async () => {
      await intel.close();
      await rulesThread.close();
    },
  };
}
