import express, { type Express, type RequestHandler } from 'express';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { AppError } from '../errors.ts';
import { adminGuard, apiKeyGuard } from './auth.ts';
import { errorHandler } from './errors.ts';
import { jsonBody } from './json-body.ts';
import { methodNotAllowed } from './method-not-allowed.ts';
import { requestLog } from './request-log.ts';
import { mountRoutes, type AuthKind, type RouteDef } from './route.ts';
import { openApiDocument } from './openapi.ts';
import { opsRouter } from './ops-routes.ts';
import { opsDocs } from './raw-route-docs.ts';
import { adminRoutes } from './routes/admin.ts';
import { accountRoutes } from './routes/crm-accounts.ts';
import { contactRoutes } from './routes/crm-contacts.ts';
import { relationshipRoutes } from './routes/crm-relationships.ts';
import { eventRoutes } from './routes/crm-events.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { gateRoutes } from './routes/gates.ts';
import { workspaceSettingsRoutes } from './routes/workspace-settings.ts';
import { priceHistoryRoutes } from '../intel/prices/price-history-route.ts';

export interface AppDeps {
  db: Db;
  log: Logger;
  adminToken: string | undefined;
  version: string;
  /** Extra readiness checks (e.g. the job queue); each throws when not ready. */
  readiness?: Array<() => Promise<void>>;
  /** Routes of later pipeline steps, mounted under their own prefixes. */
  extraRoutes?: Array<{ prefix: string; routes: RouteDef[] }>;
  /** Prometheus registry served at /metrics, and gauges to refresh at each scrape. */
  metrics?: { metrics: Metrics; collect: () => Promise<void> };
  /** When set, /metrics needs `Authorization: Bearer` it. */
  metricsToken?: string | undefined;
  /** Configuration warnings listed by /readyz (see ops-routes.ts). */
  warnings?: () => string[];
  /** Raw-body routers (webhooks, Slack) mounted before the JSON parser. */
  rawRouters?: Array<{ prefix: string; router: express.Router; docs?: RouteDef[] }>;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // first, so webhooks and every other route have a request id and an access-log line
  app.use(requestLog(deps.log));
  for (const r of deps.rawRouters ?? []) app.use(r.prefix, r.router);
  app.use(jsonBody('1mb'));

  const guards: Record<AuthKind, RequestHandler> = {
    admin: adminGuard(deps.adminToken),
    apiKey: apiKeyGuard(deps.db),
    none: (_req, _res, next) => next(),
  };
  const groups: Array<{ prefix: string; routes: RouteDef[] }> = [
    { prefix: '/v1/admin', routes: adminRoutes(deps.db) },
    {
      prefix: '/v1/link-building',
      routes: [...accountRoutes(deps.db), ...contactRoutes(deps.db), ...relationshipRoutes(deps.db), ...eventRoutes(deps.db), ...inboundRoutes(deps.db), ...gateRoutes(deps.db), ...workspaceSettingsRoutes(deps.db), ...priceHistoryRoutes(deps.db)],
    },
    ...(deps.extraRoutes ?? []),
  ];
  for (const g of groups) {
    const router = express.Router();
    mountRoutes(router, g.routes, guards);
    app.use(g.prefix, router);
  }

  const documented = [...groups, ...(deps.rawRouters ?? []).map((r) => ({ prefix: r.prefix, routes: r.docs ?? [] })), { prefix: '', routes: opsDocs }].flatMap((g) =>
    g.routes.map((r) => ({ ...r, path: g.prefix + r.path })),
  );
  const openapi = openApiDocument(documented, { version: deps.version });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(opsRouter({ db: deps.db, readiness: deps.readiness, warnings: deps.warnings, metrics: deps.metrics, metricsToken: deps.metricsToken }));
  app.use(methodNotAllowed(documented));
  app.use((req, _res, next) => next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.log));
  return app;
}
