import { PgBoss, fromPglite } from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from '../db/types.ts';
import { QUEUES, QUEUE_POLICIES, deadLetterOf, queueDefaults } from './queues.ts';
import { fairPriority } from './fair-priority.ts';
import { backlogOfItems } from './db/workspace-backlog.ts';
import { deferred } from './deferred-enqueue.ts';

export type Boss = PgBoss;

/**
 * pg-boss over the same database the CRM uses: its own pool for PostgreSQL, or the one PGlite
 * instance (pg-boss 12's pglite backend) for the embedded default.
 */
export function createBoss(db: Db, databaseUrl: string | undefined): PgBoss {
  if (db.kind === 'pglite') {
    const pglite = (db as Db & { pglite: PGlite }).pglite;
    return new PgBoss({ db: fromPglite(pglite), backend: 'pglite', useListenNotify: true });
  }
  if (!databaseUrl) throw new Error('a PostgreSQL Db needs its DATABASE_URL for pg-boss');
  return new PgBoss(pgBossOptions(databaseUrl));
}

/** pg-boss's settings on PostgreSQL (the benchmark's no-op chain uses the same). */
export function pgBossOptions(databaseUrl: string) {
  // useListenNotify: one more connection, listening for jobs created on notify queues (QUEUE_DEFAULTS)
  return { connectionString: databaseUrl, max: 4, application_name: 'linkbuilding-agent:queue', useListenNotify: true };
}

/**
 * Creates any missing queue (an existing queue keeps its settings). The service passes
 * JOB_HEARTBEAT_SECONDS; without it, QUEUE_DEFAULTS (30 s) applies.
 */
export async function ensureQueues(boss: PgBoss, opts: { heartbeatSeconds?: number } = {}): Promise<void> {
  const defaults = queueDefaults(opts);
  for (const name of Object.values(QUEUES)) {
    const dead = deadLetterOf(name);
    if (!(await boss.getQueue(dead))) await boss.createQueue(dead, { retentionSeconds: 30 * 24 * 3600 });
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, { ...defaults, ...(QUEUE_POLICIES[name] ? { policy: QUEUE_POLICIES[name] } : {}), deadLetter: dead });
    // queues created before notify was on get it (their other settings stay as they are)
    else if (!existing.notify) await boss.updateQueue(name, { notify: true });
  }
}

/** pg-boss's connection option for a job sent inside one of our transactions: the job commits with it. */
export function inTx(tx: Queryable): { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } } {
  return { db: { executeSql: async (text, values) => tx.query(text, values ?? []) } };
}

/**
 * The ingest/steps port for enqueueing inside a transaction (pg-boss `insert` with the caller's
 * connection). A job that names a pipeline item (a webhook delivery or an inbound message) gets a
 * priority from its workspace's backlog, so one workspace's burst does not starve the others
 * (src/jobs/fair-priority.ts).
 */
export function enqueueWith(boss: PgBoss): (tx: Queryable, queue: string, payloads: ReadonlyArray<Record<string, unknown>>) => Promise<void> {
  return async (tx, queue, payloads) => {
    if (!payloads.length || deferred(tx, queue, payloads)) return;
    const backlogs = await backlogOfItems(tx, payloads);
    await boss.insert(
      queue,
      payloads.map((data, i) => {
        const backlog = backlogs[i];
        return backlog === null || backlog === undefined ? { data } : { data, priority: fairPriority(backlog) };
      }),
      inTx(tx),
    );
  };
}
