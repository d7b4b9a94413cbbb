/**
 * The operations surface every role serves on PORT: `/healthz` (the process answers), `/readyz` (the
 * database and job queue answer; configuration warnings listed), `/metrics` (this process's Prometheus
 * figures, behind METRICS_TOKEN when set). The api role mounts it in the full app; worker and poller
 * processes serve only this (createOpsApp).
 */
import express, { type Express, type Router } from 'express';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { AppError } from '../errors.ts';
import { metricsGuard } from './auth.ts';
import { errorHandler } from './errors.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { opsDocs } from './raw-route-docs.ts';
import { requestLog } from './request-log.ts';

export interface OpsDeps {
  db: Db;
  /** Extra readiness checks (e.g. the job queue); each throws when not ready. */
  readiness?: Array<() => Promise<void>>;
  /**
   * Configuration that works but leaves something unable to happen (e.g. "INSTANTLY_API_KEY not set:
   * Instantly replies cannot be answered"). Listed by /readyz as `warnings`; they do not fail readiness.
   */
  warnings?: () => string[];
  /** Prometheus registry served at /metrics, and the gauges to refresh first (cached by the caller). */
  metrics?: { metrics: Metrics; collect: () => Promise<void> };
  metricsToken?: string | undefined;
}

export function opsRouter(deps: OpsDeps): Router {
  const router = express.Router();
  router.get('/metrics', metricsGuard(deps.metricsToken), async (_req, res, next) => {
    if (!deps.metrics) return next();
    try {
      await deps.metrics.collect();
      res.type(deps.metrics.metrics.registry.contentType).send(await deps.metrics.metrics.registry.metrics());
    } catch (e) {
      next(e);
    }
  });
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await deps.db.query('select 1');
      for (const check of deps.readiness ?? []) await check();
      const warnings = deps.warnings?.() ?? [];
      res.json({ ok: true, ...(warnings.length ? { warnings } : {}) });
    } catch (e) {
      res.status(503).json({ error: { code: 'unavailable', message: `not ready: ${(e as Error).message}` } });
    }
  });
  return router;
}

/** A worker's or poller's HTTP server: the operations surface and nothing else. */
export function createOpsApp(deps: OpsDeps & { log: Logger }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.log));
  app.use(opsRouter(deps));
  app.use(methodNotAllowed(opsDocs.filter((r) => r.path !== '/openapi.json')));
  app.use((req, _res, next) => next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.path} (this process serves /healthz, /readyz and /metrics only)`)));
  app.use(errorHandler(deps.log));
  return app;
}
