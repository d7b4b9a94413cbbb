/**
 * Instantly's `email_sent` webhook for a lead a first email queued (SPEC section 8, step 6): ingest
 * records it as an EMAIL_SENT event on the lead's relationship (which moves QUEUED to CONTACTED_BY_US,
 * src/crm/derive-status.ts) and, in the same transaction, queues this job, which marks the first email
 * itself SENT — the email, the campaign's prospect and its `counts.sent` then say so. The send's check
 * with Instantly (GET /api/v2/emails/{id}, src/ingest/instantly/send-verification.ts) stays on the
 * event; the workspace's own pipeline follows its own webhook either way. Idempotent: a redelivery
 * finds the email SENT already.
 */
import type { Queryable } from '../../db/types.ts';
import { getEvent } from '../../crm/db/events.ts';
import { markInstantlyOutreachSent } from './db/outreach-db.ts';

export interface InstantlySentJob {
  eventId: string;
  workspaceId: string;
}

export async function recordInstantlySent(tx: Queryable, job: InstantlySentJob): Promise<string[]> {
  const e = await getEvent(tx, job.eventId, [job.workspaceId]);
  if (!e || e.type !== 'EMAIL_SENT' || !e.relationshipId) return [];
  const to = e.metadata?.['leadEmail'];
  if (typeof to !== 'string' || !to) return [];
  const campaign = e.metadata?.['campaignId'];
  return markInstantlyOutreachSent(tx, { relationshipId: e.relationshipId, to, instantlyCampaignId: typeof campaign === 'string' && campaign ? campaign : null, sentAt: e.occurredAt });
}
