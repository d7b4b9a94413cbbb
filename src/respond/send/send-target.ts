/**
 * What the respond step sends: a reply to an inbound message or a first outreach email, loaded into one
 * shape. The step's claim / send / verify / record logic is the same for both; each kind brings its own
 * rows (targets/), its sender, and the status it moves to.
 */
import type { Queryable } from '../../db/types.ts';
import type { ReplySender } from './ports.ts';
import type { SendKey } from './sends-db.ts';

export interface RespondJob {
  /** A reply: the inbound message it answers. */
  inboundId?: string;
  /** A first outreach email. */
  outreachId?: string;
  approvalId: string | null;
}

export interface SenderInfo {
  sender: ReplySender;
  from: { address: string; name: string };
}

export interface SendTarget {
  key: SendKey;
  /** The inbound or outreach id; idempotency keys of the events are `<id>:sent` and `<id>:send-failed`. */
  id: string;
  workspaceId: string;
  relationshipId: string | null;
  contactId: string | null;
  accountId: string | null;
  /** An automatic reply (no approval): it holds a place under the auto-reply limits, checked at send time. */
  autoReply: { inboundId: string; workspaceId: string; relationshipId: string } | null;
  /** The channel it would go out on, for counting failures that happen before a sender is known. */
  channelHint: 'SMTP' | 'INSTANTLY';
  /** How many times a failed send was retried (POST /inbound/:id/retry-send): each round records its own failure. */
  retryRound: number;
  /** Whether this job may send it (approved, or cleared to go without approval). */
  due: boolean;
  email: { to: string | null; subject: string; text: string | null; html: string | null; inReplyTo: string | null; references: string[] };
  /** Who sends it; throws AppError (not retryable) when nobody can. */
  sender(q: Queryable): Promise<SenderInfo>;
  /** EMAIL_SENT metadata besides messageId, channel, to, inReplyTo and approvalId. */
  sentMetadata: Record<string, unknown>;
  markSent(tx: Queryable, messageId: string): Promise<void>;
  /**
   * Set when a successful hand-over is not yet a send: the Instantly channel of a first email only
   * queues the lead (Instantly's email_sent webhook records EMAIL_SENT later). Replaces EMAIL_SENT and
   * markSent.
   */
  markQueued?: (tx: Queryable, at: string) => Promise<void>;
  markFailed(tx: Queryable, reason: string): Promise<void>;
}

/** Loads the job's target (locking its row when `lock`), or null when it does not exist. */
export type LoadTarget = (tx: Queryable, job: RespondJob, lock: boolean) => Promise<SendTarget | null>;
