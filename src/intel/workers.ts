/** Partner intelligence on pg-boss (docs/intel.md): placed-link verification and the metrics refresh. */
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import { inTx, type Boss } from '../jobs/boss.ts';
import { QUEUES } from '../jobs/queues.ts';
import { registerStep } from '../jobs/run-step.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { VERSION } from '../version.ts';
import { accessSync, constants } from 'node:fs';
import { createPageFetcher, FETCH_TIMEOUT_MS } from './links/fetch-page.ts';
import { createChromiumRenderer, type PageRenderer } from './links/render-page.ts';
import { dbHostLock } from './links/db/host-lock.ts';
import type { Providers } from '../outbound/providers/ports.ts';
import { refreshMetrics } from './metrics/refresh-metrics.ts';
import { linkSweepStep, verifyLinkStep, watchKeyOf, type ScheduleCheck } from './links/verify-link-step.ts';

/** Our user agent names the service and where to learn about it (SPEC section 9). */
export const userAgentOf = (publicUrl: string | undefined): string =>
  `LinkbuildingAgentLinkCheck/${VERSION} (+${publicUrl ?? 'https://github.com/linkbuilding-inbound-agent'}; link verification for placed links)`;

/** Queues a link check inside the caller's transaction: at most one queued per watch (stately queue). */
export const scheduleWith = (boss: Boss): ScheduleCheck => async (tx, key, at) => {
  await boss.insert(QUEUES.intelVerifyLink, [{ data: { relationshipId: key.relationshipId, url: key.url }, singletonKey: watchKeyOf(key), ...(at ? { startAfter: at } : {}) }], inTx(tx));
};

/**
 * How often the sweep looks for new LINK_PLACED events. pg-boss cron fires at most once a minute (and
 * notices the minute up to 30 s late), too slow for "checked within a minute"; so every process also
 * sends the sweep every 10 s, throttled by pg-boss to one per 10 s slot across all processes.
 */
export const SWEEP_EVERY_MS = 10_000;

/** Headless Chromium for pages built by JavaScript, when LINK_CHECK_CHROMIUM names an executable. */
function chromiumRenderer(config: Config, log: Logger, fetchResource: ReturnType<typeof createPageFetcher>): PageRenderer | null {
  const executablePath = config.LINK_CHECK_CHROMIUM;
  if (!executablePath) return null;
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    // a check that needs it is inconclusive (render_failed) until the executable is there
    log.warn({ executablePath }, 'LINK_CHECK_CHROMIUM is not an executable: pages built by JavaScript cannot be checked');
  }
  return createChromiumRenderer({ executablePath, userAgent: userAgentOf(config.PUBLIC_URL), fetchResource });
}

export async function startIntelWorkers(w: { config: Config; db: Db; boss: Boss; log: Logger; metrics: Metrics; providers: Providers }): Promise<{ close(): Promise<void> }> {
  const { config, db, boss, log } = w;
  const stepDeps = { db, boss, log, metrics: w.metrics };
  const schedule = scheduleWith(boss);
  // one request at a time per host across every worker process on this database
  const fetchPage = createPageFetcher({ allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS, userAgent: userAgentOf(config.PUBLIC_URL), hostLock: dbHostLock(db, { leaseMs: FETCH_TIMEOUT_MS + 15_000 }) });
  await registerStep(stepDeps, QUEUES.intelLinkSweep, linkSweepStep({ db, schedule, now: () => new Date() }), { batchSize: 1 });
  await boss.schedule(QUEUES.intelLinkSweep, '* * * * *');
  const sweepSoon = () =>
    void boss.send(QUEUES.intelLinkSweep, {}, { singletonKey: 'every-10s', singletonSeconds: SWEEP_EVERY_MS / 1000 }).catch((e: unknown) => log.debug({ err: e }, 'link sweep not sent'));
  const sweepTimer = setInterval(sweepSoon, SWEEP_EVERY_MS);
  sweepTimer.unref();
  // one page per job; several jobs at once, but never two on one host (the fetcher queues per host,
  // then holds the host's lease)
  const renderer = chromiumRenderer(config, log, fetchPage);
  const verify = verifyLinkStep({ db, fetchPage, schedule, now: () => new Date(), renderer });
  await registerStep(stepDeps, QUEUES.intelVerifyLink, verify, { batchSize: 1, localConcurrency: 4 });
  await registerStep(stepDeps, QUEUES.intelVerifyLinkNow, verify, { batchSize: 1, localConcurrency: 2 });
  // The Ahrefs refresh runs daily when Ahrefs is configured: an account goes stale after
  // METRICS_MAX_AGE_DAYS, so a daily pass keeps figures at most that old plus a day.
  const provider = w.providers.metrics;
  if (provider) {
    await registerStep<object>(
      stepDeps,
      QUEUES.intelMetricsRefresh,
      {
        prepare: async () => {
          const r = await refreshMetrics({ db, provider, now: () => new Date(), maxAgeDays: config.METRICS_MAX_AGE_DAYS, monthlyUnits: config.AHREFS_MONTHLY_UNITS });
          log.info(r, r.stoppedByBudget ? 'metrics refresh stopped at the monthly Ahrefs unit budget' : 'metrics refresh');
          return undefined;
        },
        apply: async () => {},
      },
      { batchSize: 1 },
    );
    await boss.schedule(QUEUES.intelMetricsRefresh, '23 3 * * *');
  }
  return {
    async close() {
      clearInterval(sweepTimer);
      await renderer?.close();
    },
  };
}
