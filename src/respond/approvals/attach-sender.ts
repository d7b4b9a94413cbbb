/**
 * "Who is this?" answered: POST /inbound/:id/attach makes the unknown sender of a message a contact of a
 * partner (an existing account, or one made for a domain), links the message to this workspace's
 * relationship with that partner, records its EMAIL_RECEIVED, closes the pending "who is this?" approval
 * and sends the message back through classification and the gates, which now decide it like any reply
 * from that partner. One transaction; a second attach of the same message is a 409.
 *
 * A contact's address must belong to its account (src/crm/contact-address.ts): at the partner's domain,
 * or a freemail address (a blogger writing from Gmail) marked as the account's by the workspace that has
 * the thread with it — this message is that thread, so the contact is stored with `freemailMarkedBy` =
 * this workspace (and a NOTE_ADDED records the assertion). An address at some other domain belongs to
 * that domain's partner and cannot be attached here.
 */
import { arrivalEventTime } from '../../ingest/arrival-time.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { fillBestContact, getAccount, getAccountByDomain, upsertAccountByDomain } from '../../crm/db/accounts.ts';
import { getContactByEmail, insertContact } from '../../crm/db/contacts.ts';
import { getRelationship, upsertRelationship } from '../../crm/db/relationships.ts';
import { normalizeDomain } from '../../crm/normalize-domain.ts';
import { isFreemailDomain } from '../../crm/freemail.ts';
import { addressFitsAccount } from '../../crm/contact-address.ts';
import { setInboundMatch } from '../../ingest/db/inbound.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { decideIfPending, pendingApprovalOf } from './db/approvals.ts';
import { lockInboundToAttach, resetForDecision } from './db/attach-inbound.ts';
import type { NotifyJob } from './types.ts';

export interface AttachInput {
  inboundId: string;
  workspaceIds: readonly string[];
  /** The partner: an existing account, or a domain (its account is made if none exists). */
  accountId?: string;
  domain?: string;
  /** This workspace's relationship with that partner, when the caller names it. */
  relationshipId?: string;
  by: string;
  now: Date;
}

export interface AttachResult {
  inboundId: string;
  accountId: string;
  contactId: string;
  relationshipId: string;
  /** The address is not on the partner's domain: a freemail contact asserted by this workspace. */
  freemailContact: boolean;
  /** The "who is this?" approval closed by the attach, if one was pending. */
  closedApprovalId: string | null;
  status: 'RECEIVED';
}

/** Messages whose processing is over, so they may be decided again. */
const ATTACHABLE = new Set(['WAITING_APPROVAL', 'NO_REPLY', 'DENIED', 'EXPIRED']);

function splitName(name: string | null): { firstName: string | null; lastName: string | null } {
  const parts = (name ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p.includes('@'))) return { firstName: null, lastName: null };
  return { firstName: parts[0] ?? null, lastName: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

export async function attachSender(db: Db, input: AttachInput, enqueue: EnqueueInTx): Promise<AttachResult> {
  return db.transaction(async (tx) => {
    const m = await lockInboundToAttach(tx, input.inboundId, input.workspaceIds);
    if (!m) throw new AppError('NOT_FOUND', 'inbound message not found');
    if (m.relationshipId) throw new AppError('CONFLICT', `the message is already matched to a partner (relationship ${m.relationshipId})`);
    if (!m.fromAddress) throw new AppError('CONFLICT', 'the message has no sender address to attach');
    if (!ATTACHABLE.has(m.status)) throw new AppError('CONFLICT', `the message is ${m.status}: it can be attached once it has been decided`);

    let account;
    if (input.accountId) {
      account = await getAccount(tx, input.accountId);
      if (!account) throw new AppError('NOT_FOUND', 'body.accountId: account not found', { field: 'body.accountId' });
    } else {
      const domain = normalizeDomain(input.domain ?? '');
      if (!domain) throw new AppError('VALIDATION', 'body.domain: not a domain', { field: 'body.domain' });
      if (isFreemailDomain(domain)) throw new AppError('VALIDATION', `body.domain: ${domain} is a mailbox provider, not a partner; name the partner's own domain`, { field: 'body.domain' });
      account = (await getAccountByDomain(tx, domain)) ?? (await upsertAccountByDomain(tx, domain, 'INBOUND'));
    }

    let relationshipId: string;
    if (input.relationshipId) {
      const rel = await getRelationship(tx, input.relationshipId, [m.workspaceId]);
      if (!rel) throw new AppError('NOT_FOUND', 'body.relationshipId: relationship not found in the message\'s workspace', { field: 'body.relationshipId' });
      if (rel.accountId !== account.id) throw new AppError('VALIDATION', `body.relationshipId: the relationship is with another partner (${rel.accountId})`, { field: 'body.relationshipId' });
      relationshipId = rel.id;
    } else {
      relationshipId = (await upsertRelationship(tx, m.workspaceId, account.id, 'INBOUND')).id;
    }

    const fit = addressFitsAccount(m.fromAddress, account.domain);
    if (fit === 'other-domain') {
      const field = input.accountId ? 'body.accountId' : 'body.domain';
      throw new AppError('VALIDATION', `${field}: ${m.fromAddress} is not an address at ${account.domain} nor a freemail address; it belongs to its own domain's partner`, { field });
    }
    const existing = await getContactByEmail(tx, m.fromAddress);
    if (existing && existing.accountId !== account.id) {
      throw new AppError('CONFLICT', `${m.fromAddress} is already a contact of another partner (${existing.accountId}); attach the message to that partner`);
    }
    const freemailContact = fit === 'freemail';
    const contact = existing ?? (await insertContact(tx, {
      accountId: account.id, email: m.fromAddress, ...splitName(m.fromName), ...(freemailContact ? { freemailMarkedBy: m.workspaceId } : {}),
    }));

    await fillBestContact(tx, account.id, contact.id);
    await setInboundMatch(tx, m.id, { relationshipId, contactId: contact.id, accountId: account.id });
    await appendEvent(tx, {
      relationshipId, contactId: contact.id, type: 'EMAIL_RECEIVED', subject: m.subject || null, content: (m.text ?? '').slice(0, 100_000),
      occurredAt: arrivalEventTime(m.receivedAt, m.createdAt), idempotencyKey: `${m.id}:received`,
      metadata: { inboundId: m.id, source: m.source, messageId: m.messageId, from: m.fromAddress, attachedBy: input.by },
    });
    await appendEvent(tx, {
      relationshipId, contactId: contact.id, type: 'NOTE_ADDED', occurredAt: input.now, idempotencyKey: `${m.id}:attached`,
      content: `${m.fromAddress} attached to ${account.domain}${freemailContact ? ' as a freemail contact' : ''}`,
      metadata: { inboundId: m.id, attachedSender: true, contactId: contact.id, address: m.fromAddress, accountId: account.id, freemailContact, assertedByWorkspace: m.workspaceId, by: input.by },
    });

    // the "who is this?" question is answered: close it, and decide the message again
    const pending = await pendingApprovalOf(tx, { kind: 'inbound', id: m.id });
    let closedApprovalId: string | null = null;
    if (pending) {
      const closed = await decideIfPending(tx, {
        id: pending.id, status: 'REJECTED', decidedBy: { channel: 'api', actor: input.by }, editedText: null,
        rejectReason: `attached to ${account.domain}: the message is decided again`, now: input.now,
      });
      if (closed) {
        closedApprovalId = closed.id;
        await enqueue(tx, QUEUES.approvalsNotify, [{ approvalId: closed.id, kind: 'decided' } satisfies NotifyJob]);
      }
    }
    await resetForDecision(tx, m.id);
    await enqueue(tx, QUEUES.classify, [{ inboundId: m.id }]);
    return { inboundId: m.id, accountId: account.id, contactId: contact.id, relationshipId, freemailContact, closedApprovalId, status: 'RECEIVED' };
  });
}
