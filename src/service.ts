/**
 * Wires adapters to steps and starts the roles this process runs. `npm start` runs every role;
 * ROLE=api|worker|poller (or --role) runs one, so more worker and poller processes can share one
 * PostgreSQL: Postgres (SKIP LOCKED, leases) distributes the work. Every role listens on PORT: the api
 * role serves the whole HTTP API, the others only /healthz, /readyz and /metrics (ops-routes.ts).
 */
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/types.ts';
import { openDb } from './db/open-db.ts';
import { migrate } from './db/migrate.ts';
import { CRM_DATA_STEPS } from './crm/repairs.ts';
import { createBoss, enqueueWith, ensureQueues, type Boss } from './jobs/boss.ts';
import { webhookRouter } from './http/routes/webhooks.ts';
import { campaignRoutes } from './http/routes/campaign.ts';
import { campaignsRoutes } from './http/routes/campaigns.ts';
import { createProviders } from './outbound/providers/create-providers.ts';
import { missingCampaignProvider } from './outbound/missing-provider.ts';
import { approvalRoutes } from './http/routes/approvals.ts';
import { slackInteractionsRouter } from './http/routes/approvals-slack.ts';
import { approvalPageRouter } from './http/routes/approvals-page.ts';
import { consoleRouter } from './console/router.ts';
import { consoleDocs } from './console/route-docs.ts';
import { createSlackClient } from './respond/approvals/adapters/slack-client.ts';
import { hostname } from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import { mailboxRoutes } from './http/routes/mailboxes.ts';
import { createSecretBox, type SecretBox } from './ingest/mailboxes/secret-box.ts';
import { sendConfigurationWarnings } from './respond/send/reply-channel.ts';
import { inboundActionRoutes } from './http/routes/inbound.ts';
import { verifyLinkRoutes } from './intel/links/verify-link-route.ts';
import { embeddedSecretKey } from './ingest/mailboxes/secret-key-file.ts';
import { connectedMailboxes } from './ingest/mailboxes/mailboxes-db.ts';
import type { PollerSupervisor } from './ingest/imap/poller-supervisor.ts';
import type { ImapPoller } from './ingest/imap/adapters/imap-poller.ts';
import type { Express } from 'express';
import { createApp } from './http/app.ts';
import { createOpsApp } from './http/ops-routes.ts';
import { cachedRefresh } from './metrics-cache.ts';
import type { Workers } from './wiring/workers.ts';
import { approvalPageDocs, slackDocs, webhookDocs } from './http/raw-route-docs.ts';
import { createLogger, type Logger } from './logger.ts';
import { VERSION } from './version.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { QUEUES } from './jobs/queues.ts';

/** How stale the database-read gauges of /metrics may be (queue depth, pending approvals). */
const METRICS_REFRESH_MS = 5_000;

export interface RunningService {
  db: Db;
  boss: Boss;
  log: Logger;
  metrics: Metrics;
  server: Server;
  port: number | null;
  stop(): Promise<void>;
}

/*
 * What only some roles run is imported when that role starts (`await import(…)` below): the pipeline
 * workers (the Claude SDK, the reply senders, the link checker), the IMAP pollers (imapflow, mailparser),
 * SMTP (nodemailer) and the embedded database. An api process does not hold their code in its heap: that
 * was ~15 MB of live heap, and V8 lets the heap grow to a multiple of what is live before a full
 * collection (docs/benchmarks.md, "Memory"). test/unit/api-role-imports.test.ts keeps it so.
 */
export async function startService(config: Config, opts: { db?: Db; logDestination?: DestinationStream } = {}): Promise<RunningService> {
  const log = createLogger(config.LOG_LEVEL, opts.logDestination);
  const db = opts.db ?? (await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const applied = await migrate(db, undefined, CRM_DATA_STEPS);
  if (applied.length) log.info({ applied }, 'migrations applied');

  const boss = createBoss(db, config.DATABASE_URL);
  boss.on('error', (err: Error) => log.error({ err }, 'queue error'));
  await boss.start();
  await ensureQueues(boss, { heartbeatSeconds: config.JOB_HEARTBEAT_SECONDS });

  const enqueue = enqueueWith(boss);
  const metrics = createMetrics();
  metrics.serviceInfo.set({ role: config.ROLE, version: VERSION }, 1);
  // Gauges read from the database: one pg-boss queue listing and one approvals count, at most every
  // METRICS_REFRESH_MS however often /metrics is scraped.
  const collect = cachedRefresh(
    async () => {
      for (const q of await boss.getQueues(Object.values(QUEUES))) {
        metrics.queueDepth.set({ queue: q.name, state: 'queued' }, q.queuedCount);
        metrics.queueDepth.set({ queue: q.name, state: 'active' }, q.activeCount);
        metrics.queueDepth.set({ queue: q.name, state: 'failed' }, q.failedCount);
      }
      const pending = await db.query<{ n: number; oldest: number | null }>(
        `select count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest from approvals where status = 'PENDING'`,
      );
      metrics.approvalsPending.set(pending.rows[0]?.n ?? 0);
      metrics.approvalOldestSeconds.set(pending.rows[0]?.oldest ?? 0);
    },
    { maxAgeMs: METRICS_REFRESH_MS },
  );
  /** Configuration that works but leaves something unable to happen: logged at start, listed by /readyz. */
  const configWarnings: string[] = [];
  const secretKey = config.SECRET_KEY ?? (config.DATABASE_URL ? undefined : embeddedSecretKey(config.DATA_DIR));
  const box: SecretBox | null = secretKey ? createSecretBox(secretKey) : null;
  // SECRET_KEY and INSTANTLY_API_KEY: what cannot be connected or sent without them (replies with no way
  // out go to a human, and are sent with retry-send once fixed).
  configWarnings.push(...sendConfigurationWarnings({ instantlyConfigured: !!config.INSTANTLY_API_KEY, secretKeyAvailable: !!box }));

  const slack = config.SLACK_BOT_TOKEN ? createSlackClient({ apiUrl: config.SLACK_API_URL, botToken: config.SLACK_BOT_TOKEN }) : null;
  const mailer = config.SMTP_URL
    ? (await import('./respond/approvals/adapters/smtp-mailer.ts')).createSmtpMailer({ smtpUrl: config.SMTP_URL, from: config.APPROVAL_EMAIL_FROM ?? `Link-building approvals <approvals@${new URL(config.PUBLIC_URL ?? 'http://localhost').hostname}>` })
    : null;
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  if (!config.PUBLIC_URL) configWarnings.push(`PUBLIC_URL is not set: approval links point at ${publicUrl}`);
  for (const w of configWarnings) log.warn(w);

  // Research providers of prospecting campaigns: a vendor without its key is null.
  const providers = createProviders(config);
  const workers: Workers | null =
    config.ROLE === 'all' || config.ROLE === 'worker' ? await (await import('./wiring/workers.ts')).startWorkers({ config, db, boss, log, metrics, enqueue, box, slack, mailer, publicUrl, providers }) : null;

  let pollers: PollerSupervisor<ImapPoller> | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  const reconcilePollers = async () => {
    if (!pollers || !box) return;
    try {
      const r = await pollers.reconcile(await connectedMailboxes(db, box));
      if (r.started.length || r.stopped.length || r.restarted.length) log.info(r, 'mailbox pollers reconciled');
    } catch (err) {
      log.error({ err }, 'could not load mailboxes');
    }
  };
  if ((config.ROLE === 'all' || config.ROLE === 'poller') && box) {
    const [{ createPgLease, createPgSyncStore }, { PollerSupervisor }, { ImapPoller }] = await Promise.all([
      import('./ingest/mailboxes/pg-sync-store.ts'),
      import('./ingest/imap/poller-supervisor.ts'),
      import('./ingest/imap/adapters/imap-poller.ts'),
    ]);
    const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
    const store = createPgSyncStore({ db, enqueue, onIngested: (n) => metrics.ingested.inc({ source: 'IMAP', kind: 'message' }, n) });
    const lease = createPgLease(db);
    pollers = new PollerSupervisor((mailbox) => new ImapPoller({ mailbox, store, lease, holderId: `${holder}:${mailbox.id}`, logger: log.child({ mailboxId: mailbox.id }), hosts: { allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS } }));
    await reconcilePollers();
    // Mailboxes connected through another process's API are picked up here.
    pollTimer = setInterval(() => void reconcilePollers(), 30_000);
    pollTimer.unref();
  }

  const readiness = [
    async () => {
      if (!(await boss.getQueue(QUEUES.classify))) throw new Error('job queue not ready');
    },
  ];
  const ops = { db, log, readiness, warnings: () => configWarnings, metrics: { metrics, collect }, metricsToken: config.METRICS_TOKEN };
  let app: Express = createOpsApp(ops);
  let drainWebhooks: () => Promise<void> = async () => {};
  if (config.ROLE === 'all' || config.ROLE === 'api') {
    const webhooks = webhookRouter({ db, enqueue, log, metrics });
    drainWebhooks = () => webhooks.committer.drain();
    // Signs the approval page's and the console's CSRF fields; shared by every API process when SECRET_KEY is set.
    const csrfSecret = secretKey ?? randomBytes(32).toString('hex');
    app = createApp({
      rawRouters: [
        { prefix: '/v1/webhooks', router: webhooks.router, docs: webhookDocs },
        { prefix: '/v1/slack', router: slackInteractionsRouter({ db, enqueue, signingSecret: config.SLACK_SIGNING_SECRET, slack, log }), docs: slackDocs },
        { prefix: '/approve', router: approvalPageRouter({ db, enqueue, csrfSecret, publicUrl, log }), docs: approvalPageDocs },
        // The agency's console (server-rendered HTML, docs/console.md).
        { prefix: '/console', router: consoleRouter({ db, enqueue, mailer, csrfSecret, publicUrl, log }), docs: consoleDocs },
      ],
      ...ops,
      extraRoutes: [
        { prefix: '/v1/link-building', routes: [...approvalRoutes({ db, enqueue }), ...campaignRoutes({ db, enqueue }), ...inboundActionRoutes({ db, enqueue }), ...verifyLinkRoutes({ db, enqueue }),
          ...campaignsRoutes({ db, enqueue, missingProvider: (input) => missingCampaignProvider(input, providers, { instantly: !!config.INSTANTLY_API_KEY }) })] },
        {
          prefix: '/v1',
          routes: mailboxRoutes({
            db,
            box,
            testImap: async (cfg, o) => (await import('./ingest/imap/adapters/connection-test.ts')).testImapConnection(cfg, { ...o, allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS }),
            testSmtp: async (cfg) => (await import('./ingest/imap/adapters/connection-test.ts')).testSmtpConnection(cfg, { allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS }),
            onChange: () => void reconcilePollers(),
          }),
        },
      ],
      adminToken: config.ADMIN_TOKEN,
      version: VERSION,
    });
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.on('error', reject);
    // Longer than clients' and load balancers' idle timeouts, so the server never closes a kept-alive
    // connection at the moment a client sends on it (an ECONNRESET for a request that never arrived).
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : null;
  log.info({ role: config.ROLE, port, database: db.kind, node: process.version }, 'service started');

  let stopping: Promise<void> | null = null;
  return {
    db,
    boss,
    log,
    metrics,
    server,
    port,
    stop() {
      stopping ??= (async () => {
        // Stop taking requests and mail first, then let in-flight jobs finish, then close the database.
        if (pollTimer) clearInterval(pollTimer);
        const stoppingPollers = pollers?.stopAll();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stoppingPollers;
        await drainWebhooks();
        await boss.stop({ graceful: true, timeout: 20_000 });
        await workers?.close();
        mailer?.close();
        await db.close();
        log.info('service stopped');
      })();
      return stopping;
    },
  };
}
