/**
 * Per-host politeness across processes: while one worker fetches a partner's host, no other worker on
 * the same database fetches it. A lease row per host (table link_host_leases, migration 023) is taken
 * with one statement before the fetch and deleted after it; it expires on its own after the fetch
 * deadline plus a margin, so a worker that dies mid-fetch blocks the host for seconds, not forever.
 * No connection is held while fetching or waiting: a waiter polls (a few statements a second at most).
 *
 * Waiting is bounded: a host kept busy longer than `waitMs` gives up as `busy`, which the check treats
 * as inconclusive (retried later, never counted against the link).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../db/types.ts';

/** Runs `fn` while holding the host; `busy` when the host stayed taken for longer than the wait. */
export type HostLock = <T>(host: string, fn: () => Promise<T>) => Promise<{ busy: false; value: T } | { busy: true }>;

export interface HostLeaseOptions {
  /** How long a lease lasts unless released: the fetch deadline plus a margin. */
  leaseMs: number;
  /** How long to wait for a busy host before giving up. */
  waitMs?: number;
  /** Between two attempts while the host is busy. */
  pollMs?: number;
}

/** Takes the host's lease if it is free or expired; true when this holder has it. */
export async function takeHostLease(db: Queryable, host: string, holder: string, leaseMs: number): Promise<boolean> {
  const { rows } = await db.query<{ holder: string }>(
    `insert into link_host_leases (host, holder, until) values ($1, $2, now() + $3 * interval '1 millisecond')
     on conflict (host) do update set holder = excluded.holder, until = excluded.until
       where link_host_leases.until < now()
     returning holder`,
    [host, holder, leaseMs],
  );
  return rows[0]?.holder === holder;
}

export async function releaseHostLease(db: Queryable, host: string, holder: string): Promise<void> {
  await db.query('delete from link_host_leases where host = $1 and holder = $2', [host, holder]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function dbHostLock(db: Queryable, opts: HostLeaseOptions): HostLock {
  const waitMs = opts.waitMs ?? 60_000;
  const pollMs = opts.pollMs ?? 250;
  return async (rawHost, fn) => {
    const host = rawHost.toLowerCase();
    const holder = randomUUID();
    const giveUpAt = Date.now() + waitMs;
    while (!(await takeHostLease(db, host, holder, opts.leaseMs))) {
      if (Date.now() >= giveUpAt) return { busy: true };
      await sleep(Math.min(pollMs, Math.max(1, giveUpAt - Date.now())));
    }
    try {
      return { busy: false, value: await fn() };
    } finally {
      await releaseHostLease(db, host, holder).catch(() => undefined); // it expires on its own
    }
  };
}
