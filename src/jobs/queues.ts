/** The pipeline's named queues. One place, so producers and workers never disagree on a name. */
export const QUEUES = {
  ingestWebhook: 'ingest.webhook',
  ingestMatch: 'ingest.match',
  classify: 'pipeline.classify',
  gates: 'pipeline.gates',
  respond: 'pipeline.respond',
  instantlyEnrich: 'instantly.enrich',
  instantlyReconcile: 'instantly.reconcile',
  approvalsNotify: 'approvals.notify',
  approvalsExpire: 'approvals.expire',
  analyzeJobs: 'maintenance.analyze-jobs',
  // A prospecting campaign's chain (src/outbound/chain): one job per campaign per step.
  campaignResearch: 'campaign.research',
  campaignEnrich: 'campaign.enrich',
  campaignFilter: 'campaign.filter',
  campaignDiscover: 'campaign.discover',
  campaignDraft: 'campaign.draft',
  // Instantly's email_sent for a first email it was handed: the email becomes SENT (src/respond/outreach/instantly-sent.ts)
  outreachInstantlySent: 'outreach.instantly-sent',
  // Partner intelligence (src/intel, docs/intel.md)
  intelLinkSweep: 'intel.link-sweep',
  intelVerifyLink: 'intel.verify-link',
  // "check again now" (POST .../verify-link): a standard queue, so it is not dropped beside a queued re-check
  intelVerifyLinkNow: 'intel.verify-link-now',
  intelMetricsRefresh: 'intel.metrics-refresh',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Queues that are not `standard`: a link check is queued with its watch as singletonKey, and
 * `stately` keeps at most one queued (and one active) per key, so the running check can queue its
 * successor while a duplicate is dropped.
 */
export const QUEUE_POLICIES: Partial<Record<QueueName, 'stately'>> = { [QUEUES.intelVerifyLink]: 'stately' };

export const deadLetterOf = (q: QueueName): string => `${q}.dead`;

/**
 * Retry policy shared by every step: exponential backoff capped at 10 minutes, then the dead-letter
 * queue. Heartbeats let a killed worker's job be picked up in about a minute instead of at expiry.
 */
export const QUEUE_DEFAULTS = {
  retryLimit: 8,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 15 * 60,
  heartbeatSeconds: 30,
  // A job created on the queue wakes its workers at once (pg-boss LISTEN/NOTIFY, sent at the commit
  // of the transaction that queued it), in every process: a reply on an idle service does not wait
  // out a polling interval at each step. Polling stays on as the floor (src/jobs/run-step.ts).
  notify: true,
} as const;

export type QueueDefaults = Omit<typeof QUEUE_DEFAULTS, 'heartbeatSeconds'> & { heartbeatSeconds: number };

/** QUEUE_DEFAULTS with the configurable parts (JOB_HEARTBEAT_SECONDS) applied. */
export function queueDefaults(overrides: { heartbeatSeconds?: number } = {}): QueueDefaults {
  return { ...QUEUE_DEFAULTS, ...(overrides.heartbeatSeconds !== undefined ? { heartbeatSeconds: overrides.heartbeatSeconds } : {}) };
}
