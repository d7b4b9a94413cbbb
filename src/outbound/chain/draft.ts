/**
 * draft: a personalised first email per found contact (their page, our content, their first name, the
 * angle, signed by the campaign's sender; Claude when configured, the template otherwise), created
 * through the outreach path of POST /campaign/send_email — draft checks, GATES_EVALUATED, an approval
 * (always, for campaign emails), APPROVAL_REQUESTED — with REPLY_DRAFTED saying who wrote it. The idempotency key
 * `campaign:<id>:<domain>` makes a re-run return the email it created. A partner that cannot be written
 * to any more (DNC or cooling off since the filter, an email already open) is recorded on the prospect.
 */
import { AppError, isAppError } from '../../errors.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { getContact } from '../../crm/db/contacts.ts';
import { createOutreachInTx } from '../../respond/outreach/create-outreach.ts';
import type { FirstEmailRequest } from '../../respond/outreach/first-email.ts';
import { textToHtml } from '../../respond/draft/text-to-html.ts';
import { cleanSenderName, resolveSender, type SenderIdentity } from '../../respond/draft/sender.ts';
import { senderSettingsOf } from '../../respond/draft/db/sender-settings.ts';
import type { Queryable } from '../../db/types.ts';
import { prospectsOf, updateProspect, type ProspectRow } from '../db/prospects-db.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignDeps, StepResult } from './campaign-step.ts';

/**
 * Who signs a campaign's first emails: the pitch's `fromName`, else the mailbox's sender name, else the
 * workspace's; the signature is the mailbox's, else the workspace's (migration 017, src/respond/draft/sender.ts).
 */
export async function campaignSender(db: Queryable, c: CampaignRow): Promise<SenderIdentity> {
  const settings = await senderSettingsOf(db, c.workspaceId, c.input.pitch.mailboxId ?? null);
  const resolved = resolveSender(settings);
  return { name: cleanSenderName(c.input.pitch.fromName) ?? resolved.name, signature: resolved.signature };
}

export function firstEmailRequest(c: CampaignRow, p: ProspectRow, contactFirstName: string | null, sender: SenderIdentity): FirstEmailRequest {
  const { pitch } = c.input;
  return {
    domain: p.domain,
    page: p.url ? { url: p.url, title: p.title } : null,
    ourContent: pitch.ourContent,
    angle: pitch.angle ?? null,
    context: c.input.kind === 'SERP' ? { keyword: c.input.keyword } : c.input.kind === 'COMPETITOR' ? { competitorDomain: c.input.competitorDomain } : null,
    contactFirstName,
    senderName: sender.name,
    signature: sender.signature,
  };
}

async function draftOne(deps: CampaignDeps, c: CampaignRow, p: ProspectRow, sender: SenderIdentity): Promise<void> {
  const contact = p.contactId ? await getContact(deps.db, p.contactId) : null;
  if (!contact || !p.relationshipId) return;
  const drafted = await deps.drafter.draft(firstEmailRequest(c, p, contact.firstName, sender));
  const { pitch } = c.input;
  const access = { agencyId: '', workspaceIds: [c.workspaceId] };
  try {
    await deps.db.transaction(async (tx) => {
      const now = deps.now();
      const { outreach } = await createOutreachInTx(
        tx,
        {
          relationshipId: p.relationshipId!, contactId: contact.id, mailboxId: pitch.mailboxId, instantlyCampaignId: pitch.instantlyCampaignId, campaignId: c.id,
          subject: drafted.email.subject, text: drafted.email.text, html: textToHtml(drafted.email.text), fromName: sender.name ?? undefined,
          requireApproval: true, idempotencyKey: `campaign:${c.id}:${p.domain}`,
        },
        access, now, deps.enqueue,
      );
      await appendEvent(tx, {
        relationshipId: p.relationshipId!, contactId: contact.id, type: 'REPLY_DRAFTED', occurredAt: now, subject: outreach.subject, content: outreach.text,
        idempotencyKey: `${outreach.id}:drafted`,
        metadata: { outreachId: outreach.id, campaignId: c.id, firstEmail: true, by: drafted.by, ...(drafted.model ? { model: drafted.model } : {}) },
      });
      await updateProspect(tx, c.id, p.domain, { status: 'DRAFTED', outreachId: outreach.id, statusReason: null });
    });
  } catch (e) {
    // The partner cannot be written to (any more): the prospect says why; the other drafts go on.
    if (!isAppError(e) || (e.code !== 'CONFLICT' && e.code !== 'VALIDATION' && e.code !== 'NOT_FOUND')) throw e;
    await deps.db.transaction((tx) => updateProspect(tx, c.id, p.domain, { status: 'FAILED', statusReason: e.message }));
  }
}

export async function draftStep(deps: CampaignDeps, c: CampaignRow): Promise<StepResult> {
  if (!c.input.pitch.mailboxId && !c.input.pitch.instantlyCampaignId) throw new AppError('PERMANENT', 'the pitch names neither a mailboxId nor an instantlyCampaignId');
  const sender = await campaignSender(deps.db, c);
  for (const p of await prospectsOf(deps.db, c.id, { status: 'CONTACT_FOUND' })) await draftOne(deps, c, p, sender);
  const { rows } = await deps.db.query<{ n: number }>(`select count(*)::int as n from outreach_messages where campaign_id = $1 and status in ('DRAFT','WAITING_APPROVAL')`, [c.id]);
  return { status: (rows[0]?.n ?? 0) > 0 ? 'WAITING_APPROVAL' : 'DONE' };
}
