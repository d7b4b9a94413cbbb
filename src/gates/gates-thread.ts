/**
 * The thread the gates step gives the drafter and the draft checks (and the console re-checks an
 * approver's edit against): a relationship's last emails with content, never the message's own.
 */
import type { Queryable } from '../db/types.ts';
import { lastEmailsOf, type ThreadEmail } from '../crm/db/history.ts';

/** The last emails of each relationship (by id), and how many were asked for. */
export type Threads = Map<string, { emails: ThreadEmail[]; asked: number }>;

/** How many of the thread's last emails the drafter and the draft checks are given. */
export const THREAD_EMAILS = 5;

/**
 * The last emails of the batch's threads: per relationship `THREAD_EMAILS` more than the batch has
 * messages in it, so that leaving out each message's own inbound (`threadOf`) still leaves enough.
 */
export async function threadsOf(db: Queryable, messages: ReadonlyArray<{ id: string; rel: { id: string; organizationId: string } }>): Promise<Threads> {
  const asked = new Map<string, { id: string; workspaceId: string; keep: number }>();
  for (const { rel } of messages) {
    const r = asked.get(rel.id) ?? { id: rel.id, workspaceId: rel.organizationId, keep: THREAD_EMAILS };
    r.keep++;
    asked.set(rel.id, r);
  }
  const emails = await lastEmailsOf(db, [...asked.values()]);
  return new Map([...asked.values()].map((r) => [r.id, { emails: emails.get(r.id) ?? [], asked: r.keep }]));
}

/**
 * What the drafter and the draft checks read of a message's thread: its relationship's last
 * `THREAD_EMAILS` emails with content but the message's own (its inbound, a reply to it), oldest
 * first. From the batch's threads when they hold enough, else read for this message alone.
 */
export async function threadOf(db: Queryable, m: { id: string }, rel: { id: string; organizationId: string }, threads: Threads | null = null): Promise<ThreadEmail[]> {
  const read = threads?.get(rel.id);
  if (read) {
    const emails = read.emails.filter((e) => e.inboundId !== m.id);
    // fewer than asked for: the whole thread is there
    if (emails.length >= THREAD_EMAILS || read.emails.length < read.asked) return emails.slice(-THREAD_EMAILS);
  }
  return (await lastEmailsOf(db, [{ id: rel.id, workspaceId: rel.organizationId, keep: THREAD_EMAILS, except: m.id }])).get(rel.id) ?? [];
}
