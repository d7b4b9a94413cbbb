/**
 * The pg-boss steps of link verification (docs/intel.md):
 * - the sweep (every minute) starts watching each new LINK_PLACED with a URL and queues its first
 *   check, and queues again any check whose job is overdue;
 * - a check fetches the page (outside any transaction), decides (decide-check.ts), then in one
 *   transaction records the result, appends the outcome event if it changed, and queues the next check
 *   (startAfter). A check is idempotent: it applies only if the watch has not moved on since it read
 *   it (`checks_done` compare-and-set), and the outcome event carries an idempotency key.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/types.ts';
import type { StepHandler } from '../../jobs/run-step.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { decideCheck, needsRendering, type CheckDecision } from './decide-check.ts';
import type { PageFetcher } from './fetch-page.ts';
import type { FetchOutcome } from './fetch-outcome.ts';
import type { PageRenderer } from './render-page.ts';
import { adoptPlacedLinks, getWatch, overdueWatches, recordCheck, type WatchKey } from './db/link-checks.ts';

/** Queues a check of one watch, at `at` (or now); at most one queued per watch (singleton key). */
export type ScheduleCheck = (tx: Queryable, key: WatchKey, at: Date | null) => Promise<void>;

export const watchKeyOf = (key: WatchKey): string => `${key.relationshipId}:${createHash('sha256').update(key.url).digest('hex').slice(0, 32)}`;

/** A job queued early (a duplicate, or one queued by hand) checks only a watch that is due. */
const DUE_SLACK_MS = 60_000;
/** A watch this late has lost its job: the sweep queues it again. */
export const OVERDUE_MS = 15 * 60_000;

export interface VerifyDeps {
  db: Db;
  fetchPage: PageFetcher;
  schedule: ScheduleCheck;
  now: () => Date;
  /** Headless Chromium for pages built by JavaScript (LINK_CHECK_CHROMIUM); null: static HTML only. */
  renderer?: PageRenderer | null;
}

/** The page as fetched, or — when it looks built by scripts and lacks our link — as rendered. */
export async function fetchForCheck(deps: Pick<VerifyDeps, 'fetchPage' | 'renderer'>, url: string, ourContent: string | null): Promise<FetchOutcome> {
  const fetched = await deps.fetchPage(url);
  if (!deps.renderer || fetched.kind !== 'response' || !needsRendering(fetched, ourContent)) return fetched;
  const r = await deps.renderer.render({ url: fetched.finalUrl, html: fetched.body, contentType: fetched.contentType });
  if (r.kind === 'failed') return { kind: 'failed', reason: 'render_failed', detail: r.detail };
  return { ...fetched, body: r.html, truncated: fetched.truncated, rendered: { complete: r.complete, problems: r.problems } };
}

type Prepared = { skip: true; reschedule: Date | null } | { skip: false; expectedChecks: number; decision: CheckDecision; at: Date };

export function verifyLinkStep(deps: VerifyDeps): StepHandler<WatchKey, Prepared> {
  return {
    async prepare(job) {
      const watch = await getWatch(deps.db, job);
      const now = deps.now();
      if (!watch) return { skip: true, reschedule: null };
      // not due (a duplicate, or superseded by "check again now"): make sure its real check is queued
      if (watch.nextCheckAt.getTime() > now.getTime() + DUE_SLACK_MS) return { skip: true, reschedule: watch.nextCheckAt };
      const fetch = await fetchForCheck(deps, watch.url, watch.ourContent);
      const at = deps.now();
      const decision = decideCheck({ url: watch.url, ourContent: watch.ourContent, fetch, state: watch, now: at });
      return { skip: false, expectedChecks: watch.checksDone, decision, at };
    },
    async apply(tx, job, prepared) {
      if (prepared.skip) {
        if (prepared.reschedule) await deps.schedule(tx, job, prepared.reschedule);
        return;
      }
      await applyCheck(tx, deps.schedule, job, prepared.expectedChecks, prepared.decision, prepared.at);
    },
  };
}

/** Writes one decided check; nothing when the watch moved on meanwhile (a duplicate delivery). */
export async function applyCheck(tx: Queryable, schedule: ScheduleCheck, key: WatchKey, expectedChecks: number, d: CheckDecision, at: Date): Promise<boolean> {
  const watch = await getWatch(tx, key, { forUpdate: true });
  if (!watch || watch.checksDone !== expectedChecks) return false;
  const checksDone = expectedChecks + 1;
  if (d.event) {
    await appendEvent(tx, {
      relationshipId: key.relationshipId,
      type: d.event.type,
      metadata: d.event.metadata,
      occurredAt: at,
      idempotencyKey: `link-check:${watchKeyOf(key)}:${checksDone}`,
    });
  }
  await recordCheck(tx, key, { ...d.state, checksDone, verdict: d.verdict, result: d.result, checkedAt: at, nextCheckAt: d.nextCheckAt });
  await schedule(tx, key, d.nextCheckAt);
  return true;
}

export function linkSweepStep(deps: { db: Db; schedule: ScheduleCheck; now: () => Date }): StepHandler<object> {
  return {
    async apply(tx) {
      const now = deps.now();
      for (const key of await adoptPlacedLinks(tx, now)) await deps.schedule(tx, key, null);
      for (const key of await overdueWatches(tx, new Date(now.getTime() - OVERDUE_MS))) await deps.schedule(tx, key, null);
    },
  };
}
