/**
 * `POST /campaign/send_email`: a first outreach email for a relationship, in one transaction. The
 * recipient and the partner are checked (DO_NOT_CONTACT, cooling off and a hard-bounced address are a
 * 409, and are checked again at send time), the draft checks run on the email, GATES_EVALUATED records
 * them, and then either an approval is requested (the default) or, when the client asked and the
 * workspace policy allows it and every check passed, the send job is queued. A retried request with the
 * same idempotency key returns the email it created; nothing is created twice.
 */
import type { Db, Queryable } from '../../db/types.ts';
import type { Access } from '../../crm/access.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { getAccountForWorkspace } from '../../crm/account-view.ts';
import { getRelationship } from '../../crm/db/relationships.ts';
import { getGatePolicy } from '../../crm/db/tenants.ts';
import { DEFAULT_POLICY, parseGatePolicy } from '../../gates/policy.ts';
import { getMailbox } from '../../ingest/mailboxes/mailboxes-db.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { requestApproval } from '../approvals/approval-service.ts';
import { resolveSender } from '../draft/sender.ts';
import { senderSettingsOf } from '../draft/db/sender-settings.ts';
import { sendBlock } from '../send/send-blocked.ts';
import { getOutreach, insertOutreach, openOutreachOf, outreachByIdempotencyKey, publicOutreach, setOutreachStatus, type OutreachRow } from './db/outreach-db.ts';
import { checkOutreach, decideOutreach, outreachRequestHash } from './outreach-decision.ts';
import { recipientContact, resolveRecipient } from './resolve-recipient.ts';
import type { Outreach, OutreachRespondJob } from './types.ts';

export interface SendEmailRequest {
  relationshipId: string;
  contactId?: string | undefined;
  to?: string | undefined;
  /** The mailbox that sends it; or, for a campaign, `instantlyCampaignId` (the lead goes to Instantly). */
  mailboxId?: string | undefined;
  instantlyCampaignId?: string | undefined;
  /** The prospecting campaign that drafted it. */
  campaignId?: string | undefined;
  subject: string;
  text: string;
  html?: string | undefined;
  fromName?: string | undefined;
  requireApproval: boolean;
  idempotencyKey: string | null;
}

export interface CreateOutreachResult {
  outreach: Outreach;
  /** True when an earlier request with the same idempotency key created it. */
  replayed: boolean;
}

const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);

function replay(existing: OutreachRow, hash: string): CreateOutreachResult {
  if (existing.requestHash !== hash) {
    throw new AppError('CONFLICT', 'this Idempotency-Key was already used for a different request; use a new key for a new email', { field: 'idempotencyKey' });
  }
  return { outreach: publicOutreach(existing), replayed: true };
}

async function create(tx: Queryable, req: SendEmailRequest, access: Access, now: Date, enqueue: EnqueueInTx): Promise<CreateOutreachResult> {
  const rel = await getRelationship(tx, req.relationshipId, access.workspaceIds);
  if (!rel) throw notFound('relationship');
  const { idempotencyKey, ...asked } = req;
  const hash = outreachRequestHash({ ...asked });
  if (idempotencyKey) {
    const existing = await outreachByIdempotencyKey(tx, rel.organizationId, idempotencyKey);
    if (existing) return replay(existing, hash);
  }
  const mailbox = req.mailboxId ? await getMailbox(tx, req.mailboxId, access.workspaceIds) : null;
  if (req.mailboxId && !mailbox) throw notFound('mailbox');
  if (!mailbox && !req.instantlyCampaignId) throw new AppError('VALIDATION', 'body.mailboxId: required', { field: 'body.mailboxId' });
  if (mailbox && mailbox.workspaceId !== rel.organizationId) {
    throw new AppError('VALIDATION', "body.mailboxId: belongs to another workspace than the relationship (replies would not find their way back)", { field: 'body.mailboxId' });
  }
  const stored = parseGatePolicy((await getGatePolicy(tx, rel.organizationId)) ?? {});
  const policy = stored.ok ? stored.policy : DEFAULT_POLICY;
  if (!req.requireApproval && !policy.outreachWithoutApproval) {
    throw new AppError('VALIDATION', "body.requireApproval: the workspace's gate policy does not allow outreach without approval (outreachWithoutApproval)", { field: 'body.requireApproval' });
  }
  const account = (await getAccountForWorkspace(tx, rel.accountId, rel.organizationId))!;
  const recipient = await resolveRecipient(tx, account, { contactId: req.contactId, to: req.to });
  const block = sendBlock({ account, contact: recipient.contact }, now);
  if (block) throw new AppError('CONFLICT', `not sent: ${block.reason}`, { field: block.kind === 'invalid-address' ? 'body.to' : 'body.relationshipId' });
  const open = await openOutreachOf(tx, rel.id);
  // The same request, committed by a concurrent retry since the key was looked up above.
  if (open && idempotencyKey && open.idempotencyKey === idempotencyKey) return replay(open, hash);
  if (open) throw new AppError('CONFLICT', `a first email for this relationship is already ${open.status.toLowerCase().replace('_', ' ')}: ${open.id}`, { field: 'body.relationshipId' });

  const contact = await recipientContact(tx, account, recipient);
  // Through Instantly the sending account is Instantly's choice: the email names no address of ours.
  const fromAddress = mailbox?.address ?? '';
  const draft = { subject: req.subject, text: req.text, html: req.html ?? null, to: recipient.address, fromAddress };
  const { signature } = resolveSender(await senderSettingsOf(tx, rel.organizationId, mailbox?.id ?? null));
  const checks = checkOutreach(draft, rel, policy, signature);
  const action = decideOutreach({ requireApproval: req.requireApproval, policyAllowsUnapproved: policy.outreachWithoutApproval, checks });
  const row = await insertOutreach(tx, {
    id: newId('out', now.getTime()), workspaceId: rel.organizationId, relationshipId: rel.id, accountId: account.id, contactId: contact.id,
    mailboxId: mailbox?.id ?? null, from: { address: fromAddress, name: req.fromName ?? null },
    channel: mailbox ? 'SMTP' : 'INSTANTLY', instantlyCampaignId: mailbox ? null : (req.instantlyCampaignId ?? null), campaignId: req.campaignId ?? null, to: recipient.address, subject: req.subject, text: req.text,
    html: req.html ?? null, requireApproval: req.requireApproval, checks: checks.map(({ gate, passed, reason }) => ({ gate, passed, reason })),
    idempotencyKey, requestHash: hash, now,
  });
  // A concurrent request with the same key committed first: answer with its email.
  if (!row) return replay((await outreachByIdempotencyKey(tx, rel.organizationId, idempotencyKey ?? ''))!, hash);

  await appendEvent(tx, {
    relationshipId: rel.id, contactId: contact.id, type: 'GATES_EVALUATED', occurredAt: now, subject: req.subject, idempotencyKey: `${row.id}:checks`,
    metadata: { outreachId: row.id, action, requireApproval: req.requireApproval, gates: checks, policy },
  });
  if (action === 'WAITING_APPROVAL') {
    await requestApproval(tx, { outreachId: row.id, now }, enqueue);
  } else {
    await setOutreachStatus(tx, row.id, 'APPROVED', { from: ['DRAFT'] });
    await enqueue(tx, QUEUES.respond, [{ outreachId: row.id, approvalId: null } satisfies OutreachRespondJob]);
  }
  return { outreach: publicOutreach((await getOutreach(tx, row.id))!), replayed: false };
}

/**
 * The same, in the caller's transaction (a campaign's draft step): a CONFLICT (DNC, cooling off, an
 * email already open) is thrown as it is, for the caller to record.
 */
export const createOutreachInTx = (tx: Queryable, req: SendEmailRequest, access: Access, now: Date, enqueue: EnqueueInTx): Promise<CreateOutreachResult> =>
  create(tx, req, access, now, enqueue);

export async function createOutreach(db: Db, req: SendEmailRequest, access: Access, now: Date, enqueue: EnqueueInTx): Promise<CreateOutreachResult> {
  try {
    return await db.transaction((tx) => create(tx, req, access, now, enqueue));
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'CONFLICT' || !e.field?.startsWith('outreach_')) throw e;
    // A concurrent request won a unique index: the same key (answer with its email), or another first email.
    if (req.idempotencyKey) {
      const rel = await getRelationship(db, req.relationshipId, access.workspaceIds);
      const existing = rel ? await outreachByIdempotencyKey(db, rel.organizationId, req.idempotencyKey) : null;
      if (existing) {
        const { idempotencyKey: _key, ...asked } = req;
        return replay(existing, outreachRequestHash({ ...asked }));
      }
    }
    throw new AppError('CONFLICT', 'a first email for this relationship is already on its way', { field: 'body.relationshipId', cause: e });
  }
}
