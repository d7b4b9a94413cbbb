/**
 * Wires adapters to steps and starts the roles this process runs. `npm start` runs every role;
 * ROLE=api|worker|poller (or --role) runs one, so more worker and poller processes can share one
 * PostgreSQL: Postgres (SKIP LOCKED, leases) distributes the work.
 */
import type { Server } from 'node:http';
import type { Config } from './config.ts';
import type { Db } from './db/types.ts';
import { openDb } from './db/open-db.ts';
import { migrate } from './db/migrate.ts';
import { createBoss, enqueueWith, ensureQueues, type Boss } from './jobs/boss.ts';
import { webhookRouter } from './http/routes/webhooks.ts';
import { registerStep } from './jobs/run-step.ts';
import { classifyStep } from './classify/classify-step.ts';
import { gatesStep } from './gates/gates-step.ts';
import { requestApproval } from './respond/approvals/approval-service.ts';
import { createClaudeClassifier } from './classify/adapters/claude-classifier.ts';
import { enrichHandler } from './ingest/instantly/enrich.ts';
import { createInstantlyClient } from './ingest/instantly/adapters/instantly-client.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './logger.ts';
import { VERSION } from './version.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { QUEUES } from './jobs/queues.ts';

export interface RunningService {
  db: Db;
  boss: Boss;
  log: Logger;
  metrics: Metrics;
  server: Server | null;
  port: number | null;
  stop(): Promise<void>;
}

export async function startService(config: Config, opts: { db?: Db } = {}): Promise<RunningService> {
  const log = createLogger(config.LOG_LEVEL);
  const db = opts.db ?? (await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'migrations applied');

  const boss = createBoss(db, config.DATABASE_URL);
  boss.on('error', (err: Error) => log.error({ err }, 'queue error'));
  await boss.start();
  await ensureQueues(boss);

  const enqueue = enqueueWith(boss);
  const metrics = createMetrics();
  const collect = async () => {
    for (const name of Object.values(QUEUES)) {
      const q = await boss.getQueue(name);
      if (!q) continue;
      metrics.queueDepth.set({ queue: name, state: 'queued' }, q.queuedCount);
      metrics.queueDepth.set({ queue: name, state: 'active' }, q.activeCount);
      metrics.queueDepth.set({ queue: name, state: 'failed' }, q.failedCount);
    }
  };
  if (config.ROLE === 'all' || config.ROLE === 'worker') {
    const stepDeps = { db, boss, log, metrics };
    const model = config.ANTHROPIC_API_KEY
      ? createClaudeClassifier({ apiKey: config.ANTHROPIC_API_KEY, baseURL: config.ANTHROPIC_BASE_URL, model: config.ANTHROPIC_MODEL })
      : null;
    await registerStep(stepDeps, QUEUES.classify, classifyStep({ db, enqueue, model, now: () => new Date(), metrics }));
    await registerStep(
      stepDeps,
      QUEUES.gates,
      gatesStep({
        enqueue,
        now: () => new Date(),
        metrics,
        requestApproval: async (tx, inboundId) => (await requestApproval(tx, { inboundId, now: new Date() }, enqueue)).approval.id,
      }),
    );
    if (config.INSTANTLY_API_KEY) {
      const client = createInstantlyClient({ apiKey: config.INSTANTLY_API_KEY, baseURL: config.INSTANTLY_BASE_URL });
      await registerStep(stepDeps, QUEUES.instantlyEnrich, enrichHandler({ client, enqueue }), { batchSize: 10 });
    }
  }

  let server: Server | null = null;
  let drainWebhooks: () => Promise<void> = async () => {};
  if (config.ROLE === 'all' || config.ROLE === 'api') {
    const webhooks = webhookRouter({ db, enqueue, enrich: !!config.INSTANTLY_API_KEY, log, metrics });
    drainWebhooks = () => webhooks.committer.drain();
    const app = createApp({
      rawRouters: [{ prefix: '/v1/webhooks', router: webhooks.router }],
      metrics: { metrics, collect },
      db,
      log,
      adminToken: config.ADMIN_TOKEN,
      version: VERSION,
      readiness: [
        async () => {
          if (!(await boss.getQueue(QUEUES.classify))) throw new Error('job queue not ready');
        },
      ],
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s));
      s.on('error', reject);
    });
  }
  const address = server?.address();
  const port = address && typeof address === 'object' ? address.port : null;
  log.info({ role: config.ROLE, port, database: db.kind }, 'service started');

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
        // Stop taking requests first, then let in-flight jobs finish, then close the database.
        if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
        await drainWebhooks();
        await boss.stop({ graceful: true, timeout: 20_000 });
        await db.close();
        log.info('service stopped');
      })();
      return stopping;
    },
  };
}
