/** A first outreach email (`out_`): one we start, not a reply. `Outreach` is also the public API shape. */
import type { GateResult } from '../../gates/types.ts';

/** QUEUED: handed to an Instantly campaign, which sends it (its email_sent webhook records EMAIL_SENT). */
export const OUTREACH_STATUSES = ['DRAFT', 'WAITING_APPROVAL', 'APPROVED', 'QUEUED', 'SENT', 'DENIED', 'EXPIRED', 'FAILED'] as const;
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number];

/** Statuses in which the email may still go out (at most one per relationship). */
export const OPEN_OUTREACH_STATUSES: readonly OutreachStatus[] = ['DRAFT', 'WAITING_APPROVAL', 'APPROVED'];

export type OutreachCheck = Pick<GateResult, 'gate' | 'passed' | 'reason'>;

export interface Outreach {
  id: string;
  workspaceId: string;
  relationshipId: string;
  accountId: string;
  contactId: string;
  /** The mailbox that sends it (channel SMTP); null for the Instantly channel. */
  mailboxId: string | null;
  /** SMTP: sent from the mailbox. INSTANTLY: the lead is added to `instantlyCampaignId`, which sends it. */
  channel: 'SMTP' | 'INSTANTLY';
  instantlyCampaignId: string | null;
  /** The prospecting campaign (`scmp_`) that drafted it, if any. */
  campaignId: string | null;
  from: { address: string; name: string | null };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  status: OutreachStatus;
  requireApproval: boolean;
  /** The draft checks as run at creation; the tripped ones are what the approver sees. */
  checks: OutreachCheck[];
  approvalId: string | null;
  /** Our Message-ID, chosen before the send; replies carry it in In-Reply-To. */
  messageId: string | null;
  sendError: string | null;
  idempotencyKey: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** The respond job of an outreach email (QUEUES.respond); replies use `{inboundId, approvalId}`. */
export interface OutreachRespondJob {
  outreachId: string;
  approvalId: string | null;
}
