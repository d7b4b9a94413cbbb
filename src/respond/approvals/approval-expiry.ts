/**
 * The periodic sweep (QUEUES.approvalsExpire, scheduled every minute): expire what is past its expiry
 * (fail closed) and send the one reminder before it. Each approval is handled in its own transaction.
 */
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { expireApproval } from './approval-service.ts';
import { claimDueReminders, pendingExpiredIds } from './db/approvals.ts';
import type { NotifyJob } from './types.ts';

const BATCH = 100;

/** PENDING approvals past `expires_at` → EXPIRED. Returns the ids this call expired. */
export async function expireApprovals(db: Db, now: Date, enqueue: EnqueueInTx): Promise<string[]> {
  const expired: string[] = [];
  for (;;) {
    const ids = await pendingExpiredIds(db, now, BATCH);
    let progressed = 0;
    for (const id of ids) {
      const row = await db.transaction((tx) => expireApproval(tx, id, now, enqueue));
      if (row) {
        expired.push(row.id);
        progressed++;
      }
    }
    if (ids.length < BATCH || progressed === 0) return expired;
  }
}

/** Approvals whose reminder is due: marked reminded and given a reminder notify job, once each. Returns their ids. */
export async function dueReminders(db: Db, now: Date, enqueue: EnqueueInTx): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await claimDueReminders(tx, now, 500);
    await enqueue(tx, QUEUES.approvalsNotify, rows.map((r) => ({ approvalId: r.id, kind: 'reminder' } satisfies NotifyJob)));
    return rows.map((r) => r.id);
  });
}

/** The job handler of QUEUES.approvalsExpire. */
export async function sweepApprovals(db: Db, now: Date, enqueue: EnqueueInTx): Promise<{ expired: string[]; reminded: string[] }> {
  const expired = await expireApprovals(db, now, enqueue);
  const reminded = await dueReminders(db, now, enqueue);
  return { expired, reminded };
}
