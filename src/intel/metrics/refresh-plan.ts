/**
 * The pure rules of the Ahrefs metrics refresh (SPEC section 9): which accounts are stale, the
 * month's unit budget, and how many domains the next batch may hold. Time and figures are arguments.
 */
export const DAY_MS = 24 * 3600 * 1000;

/** Accounts whose figures are older than this (or never fetched) are refreshed. */
export const staleBefore = (now: Date, maxAgeDays: number): Date => new Date(now.getTime() - maxAgeDays * DAY_MS);

/** The budget is per calendar month, UTC. */
export const monthStart = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/**
 * How many domains the next batch may hold: the whole batch without a budget; none once it is
 * spent; otherwise as many as the remaining units pay for at the observed cost per domain. Before
 * any cost was observed, a full batch goes (the one batch that may overshoot the budget, once).
 */
export function nextBatchSize(input: { batchSize: number; monthlyUnits: number | undefined; usedThisMonth: number; unitsPerDomain: number | null }): number {
  const { batchSize, monthlyUnits, usedThisMonth, unitsPerDomain } = input;
  if (monthlyUnits === undefined) return batchSize;
  const left = monthlyUnits - usedThisMonth;
  if (left <= 0) return 0;
  if (!unitsPerDomain || unitsPerDomain <= 0) return batchSize;
  return Math.max(0, Math.min(batchSize, Math.floor(left / unitsPerDomain)));
}
