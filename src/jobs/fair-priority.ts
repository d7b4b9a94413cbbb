/**
 * Fairness between workspaces on shared queues. pg-boss hands out jobs by priority, then age; each
 * pipeline job is given a priority from its workspace's backlog when it is queued, so a workspace with
 * a few items waiting goes ahead of one with thousands: after one agency's 20 000-reply burst, another
 * agency's single webhook is next in line instead of 20 000th. Pure; table-tested in
 * test/unit/jobs/fair-priority.test.ts.
 *
 * The backlog is banded on a log scale (1, 2–3, 4–7, … waiting items): a workspace's own jobs keep
 * their order within a band, and a burst only reorders a workspace's jobs against its own, older band.
 * Smaller backlogs always go first, so the busiest workspace is served with whatever capacity the
 * others leave; it is never starved while they are not saturating the workers themselves.
 */

/** Backlogs are counted up to this many items (the count is cheap, and the last band is "huge"). */
export const BACKLOG_COUNT_CAP = 1_024;

/** 0 for an empty backlog, −1 for 1, −2 for 2–3, −3 for 4–7, … down to −11 at the cap. */
export function fairPriority(backlog: number): number {
  const n = Math.max(0, Math.min(BACKLOG_COUNT_CAP, Math.floor(backlog)));
  return n === 0 ? 0 : -(Math.floor(Math.log2(n)) + 1);
}
