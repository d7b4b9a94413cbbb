/**
 * Shared pieces of the chaos suites that check the pipeline's invariants on the database: what counts
 * as a final status, the events that must exist once per message, and a paced webhook firehose.
 */
import type { Db } from '../../src/db/types.ts';

/** Statuses a message can stop at with nobody acting on it (approvals are left waiting in these suites). */
export const FINAL_STATUSES = ['NO_REPLY', 'AUTO_REPLIED', 'WAITING_APPROVAL', 'SENT', 'DENIED', 'EXPIRED', 'FAILED'] as const;

/** Event types of which one message may produce at most one. */
export const ONCE_PER_MESSAGE = ['EMAIL_RECEIVED', 'MESSAGE_CLASSIFIED', 'GATES_EVALUATED', 'REPLY_DRAFTED', 'EMAIL_SENT'] as const;

/** A realistic mix of replies: mostly interested (answered automatically), some quotes, opt-outs, absences. */
export const REPLY_MIX: ReadonlyArray<{ weight: number; text: string }> = [
  { weight: 55, text: 'Hi Sam, yes, that sounds great. Please send over the article and I will take a look this week.' },
  { weight: 12, text: 'Hi, a guest post on our site costs $400. Let me know!' },
  { weight: 10, text: 'Unsubscribe. Do not contact me again or I will report you as spam.' },
  { weight: 10, text: 'I am out of the office until Monday 3 March with limited access to email. I will reply when I return.' },
  { weight: 8, text: 'Thanks for reaching out. What topics do you have in mind, and would the article include any links?' },
  { weight: 5, text: 'Not interested, thanks. We do not accept guest posts.' },
];

export function replyText(i: number): string {
  const total = REPLY_MIX.reduce((s, r) => s + r.weight, 0);
  // a fixed spread (not random): message i always gets the same text
  let x = (i * 37) % total;
  for (const r of REPLY_MIX) {
    if (x < r.weight) return r.text;
    x -= r.weight;
  }
  return REPLY_MIX[0]!.text;
}

export async function pendingCount(db: Db, ids: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from inbound_messages where id = any($1) and status <> all($2)`, [ids, FINAL_STATUSES]);
  return rows[0]?.n ?? 0;
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from inbound_messages group by status order by status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** (relationship, type, inbound id) groups with more than one event of a once-per-message type. */
export async function duplicateEvents(db: Db): Promise<Array<{ relationship_id: string; type: string; inbound: string; n: number }>> {
  const { rows } = await db.query<{ relationship_id: string; type: string; inbound: string; n: number }>(
    `select relationship_id, type, metadata->>'inboundId' as inbound, count(*)::int as n
       from events where type = any($1) and metadata ? 'inboundId'
      group by 1, 2, 3 having count(*) > 1`,
    [ONCE_PER_MESSAGE],
  );
  return rows;
}

/** Runs `fn(i)` for i in [0, n) with `concurrency` callers, paced so the whole run takes about `spreadMs`. */
export async function paced(n: number, concurrency: number, spreadMs: number, fn: (i: number) => Promise<void>): Promise<void> {
  const start = Date.now();
  let next = 0;
  const runner = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const due = start + (i * spreadMs) / n;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** pg-boss job counts by queue and state, for failure messages. */
export async function jobStates(db: Db): Promise<string> {
  const { rows } = await db.query<{ name: string; state: string; n: number }>('select name, state, count(*)::int as n from pgboss.job group by 1, 2 order by 1, 2');
  return rows.map((r) => `${r.name}/${r.state}=${r.n}`).join(' ');
}
