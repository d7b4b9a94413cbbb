/**
 * One reply into the CRM, in the caller's transaction: store it (deduplicated), match it to a
 * partner, append EMAIL_RECEIVED / AUTO_REPLY_RECEIVED / BOUNCED and enqueue classification.
 *
 * Matching, in order:
 *  1. In-Reply-To / References (and, for a bounce, the returned original's Message-ID) against
 *     Message-IDs we sent or received in this workspace → that relationship;
 *  2. the sender's address (for a bounce: the failed recipient) → contact → account → this
 *     workspace's relationship (created with source INBOUND if missing), unless the contact sits on
 *     an account of another domain: then the sender's own domain wins (step 3, no contact);
 *  3. the sender's domain → account (not for freemail domains, not for bounces);
 *  4. otherwise a new shared account, contact and INBOUND relationship (not for freemail or bounces).
 * A message that matches nothing is kept, unmatched, and still classified.
 */
import type { Queryable } from '../db/types.ts';
import { appendEvent } from '../crm/append-event.ts';
import { fillBestContact, getAccountByDomain, upsertAccountByDomain } from '../crm/db/accounts.ts';
import { getContactByEmail, getContactWithDomainByEmail, upsertContactByEmail } from '../crm/db/contacts.ts';
import { addressFitsAccount } from '../crm/contact-address.ts';
import { getRelationship, upsertRelationship } from '../crm/db/relationships.ts';
import { domainOfEmail } from '../crm/normalize-domain.ts';
import type { EventType } from '../crm/types.ts';
import { QUEUES } from '../jobs/queues.ts';
import { draftOfRow, getInbound, insertInbound, insertInboundBatch, relationshipOfThread, setInboundMatch, type InboundDraft } from './db/inbound.ts';
import { isFreemailDomain } from '../crm/freemail.ts';
import { readArrival, type Arrival } from './message-kind.ts';
import { boundStoredText } from './stored-text.ts';
import { arrivalEventTime } from './arrival-time.ts';
import type { EnqueueInTx } from './ports.ts';

export interface IngestResult {
  inboundId: string | null;
  duplicate: boolean;
  relationshipId: string | null;
  kind: Arrival['kind'];
  workspaceId: string;
  source: InboundDraft['source'];
}

export interface Match {
  relationshipId: string | null;
  contactId: string | null;
  accountId: string | null;
}

const EVENT_OF: Record<Arrival['kind'], EventType> = { human: 'EMAIL_RECEIVED', 'auto-reply': 'AUTO_REPLY_RECEIVED', bounce: 'BOUNCED' };
const EVENT_CONTENT_LIMIT = 100_000;

function splitName(name: string | undefined): { firstName: string | null; lastName: string | null } {
  const parts = (name ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (!parts.length || parts.some((p) => p.includes('@'))) return { firstName: null, lastName: null };
  return { firstName: parts[0] ?? null, lastName: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

/**
 * `bestContact`: the matched or created contact is someone who wrote (or whom we wrote to), so it
 * fills an account's empty bestContactId; false for a bounce's failed recipient.
 */
export async function matchByAddress(
  tx: Queryable,
  workspaceId: string,
  address: string,
  name: string | undefined,
  allowCreate: boolean,
  source: 'INBOUND' | 'IMPORT' = 'INBOUND',
  bestContact = true,
): Promise<Match | null> {
  const contact = await getContactWithDomainByEmail(tx, address);
  // A contact filed under another partner's domain (a decoy) loses to the sender's own domain.
  if (contact && addressFitsAccount(address, contact.accountDomain) !== 'other-domain') {
    // the account before the relationship: the lock order of appendEvent
    if (bestContact) await fillBestContact(tx, contact.accountId, contact.id);
    const rel = await upsertRelationship(tx, workspaceId, contact.accountId, source);
    return { relationshipId: rel.id, contactId: contact.id, accountId: contact.accountId };
  }
  const domain = domainOfEmail(address);
  if (!domain || isFreemailDomain(domain) || (!allowCreate && !contact)) return null;
  const existing = await getAccountByDomain(tx, domain);
  if (!existing && !allowCreate) return null;
  const account = existing ?? (await upsertAccountByDomain(tx, domain, source));
  const created = contact ? null : allowCreate ? await upsertContactByEmail(tx, account.id, address, splitName(name)) : null;
  if (created && bestContact) await fillBestContact(tx, account.id, created.id);
  const rel = await upsertRelationship(tx, workspaceId, account.id, source);
  return { relationshipId: rel.id, contactId: created?.id ?? null, accountId: account.id };
}

async function match(tx: Queryable, d: InboundDraft, arrival: Arrival): Promise<Match> {
  const threadIds = [...new Set([d.inReplyTo, ...d.references, ...arrival.originalMessageIds].filter((x): x is string => !!x))];
  const threadRel = await relationshipOfThread(tx, d.workspaceId, threadIds);
  const subjectAddress = arrival.kind === 'bounce' ? arrival.failedRecipients[0] : d.from?.address;
  if (threadRel) {
    const rel = await getRelationship(tx, threadRel);
    const contact = subjectAddress ? await getContactByEmail(tx, subjectAddress) : null;
    const ownContact = contact && rel && contact.accountId === rel.accountId ? contact : null;
    // the one who replied in the thread, unless the message is a bounce about that address
    if (ownContact && arrival.kind !== 'bounce') await fillBestContact(tx, ownContact.accountId, ownContact.id);
    return { relationshipId: threadRel, accountId: rel?.accountId ?? null, contactId: ownContact?.id ?? null };
  }
  if (arrival.kind === 'bounce') {
    for (const addr of arrival.failedRecipients) {
      const m = await matchByAddress(tx, d.workspaceId, addr, undefined, false, 'INBOUND', false);
      if (m) return m;
    }
    return { relationshipId: null, contactId: null, accountId: null };
  }
  if (!d.from) return { relationshipId: null, contactId: null, accountId: null };
  return (await matchByAddress(tx, d.workspaceId, d.from.address, d.from.name, true)) ?? { relationshipId: null, contactId: null, accountId: null };
}

export interface IngestOptions {
  autoReplyHint?: boolean;
  /** When we received it (a webhook delivery's arrival, a mailbox message's storing); default: now. */
  receivedByUsAt?: string | Date;
  /** The job that follows: classification, or enrichment first (Instantly replies with an API key). */
  next?: { queue: string; data: (inboundId: string) => Record<string, unknown> };
}

export async function ingestInbound(tx: Queryable, draft: InboundDraft, enqueue: EnqueueInTx, opts: IngestOptions = {}): Promise<IngestResult> {
  const inboundId = await insertInbound(tx, draft);
  if (!inboundId) return { inboundId: null, duplicate: true, relationshipId: null, kind: readArrival(draft, opts).kind, workspaceId: draft.workspaceId, source: draft.source };
  return matchAndRecord(tx, inboundId, draft, enqueue, opts);
}

/** After the row is stored: match it, append its arrival event, enqueue what follows, mark it matched. */
async function matchAndRecord(tx: Queryable, inboundId: string, draft: InboundDraft, enqueue: EnqueueInTx, opts: IngestOptions): Promise<IngestResult> {
  const arrival = readArrival(draft, opts);
  const m = await match(tx, draft, arrival);
  await setInboundMatch(tx, inboundId, m);
  if (m.relationshipId) {
    await appendEvent(tx, {
      relationshipId: m.relationshipId,
      contactId: m.contactId,
      type: EVENT_OF[arrival.kind],
      subject: draft.subject || null,
      content: boundStoredText(draft.text, EVENT_CONTENT_LIMIT),
      occurredAt: arrivalEventTime(draft.receivedAt, opts.receivedByUsAt ?? new Date()),
      idempotencyKey: `${inboundId}:received`,
      metadata: {
        inboundId,
        source: draft.source,
        messageId: draft.messageId,
        from: draft.from?.address ?? null,
        ...(arrival.kind === 'bounce' ? { failedRecipients: arrival.failedRecipients } : {}),
      },
    });
  }
  const next = opts.next ?? { queue: QUEUES.classify, data: (id: string) => ({ inboundId: id }) };
  await enqueue(tx, next.queue, [next.data(inboundId)]);
  return { inboundId, duplicate: false, relationshipId: m.relationshipId, kind: arrival.kind, workspaceId: draft.workspaceId, source: draft.source };
}

export interface MatchJob {
  inboundId: string;
  /** Imported history (backfill): classified, never answered. */
  history?: boolean;
}

/**
 * Mail from a mailbox is stored first, a batch at a time with its cursor (one multi-row insert), and
 * matched by this job: a poller or a backfill never waits on partner row locks. Returns the new ids.
 */
export async function storeInboundBatch(tx: Queryable, drafts: readonly InboundDraft[], enqueue: EnqueueInTx, opts: { history?: boolean } = {}): Promise<string[]> {
  const ids = (await insertInboundBatch(tx, drafts)).filter((id): id is string => id !== null);
  await enqueue(tx, QUEUES.ingestMatch, ids.map((inboundId): MatchJob => ({ inboundId, ...(opts.history ? { history: true } : {}) })) as unknown as Record<string, unknown>[]);
  return ids;
}

/** The ingest.match job: match a stored message once (a retry finds it matched and does nothing). */
export async function matchStoredInbound(tx: Queryable, job: MatchJob, enqueue: EnqueueInTx): Promise<IngestResult | null> {
  const claimed = await tx.query<{ id: string }>('update inbound_messages set matched_at = now() where id = $1 and matched_at is null returning id', [job.inboundId]);
  if (!claimed.rows.length) return null;
  const row = await getInbound(tx, job.inboundId);
  if (!row) return null;
  const draft = draftOfRow(row);

  return matchAndRecord(tx, job.inboundId, draft, enqueue, {
    receivedByUsAt: row.createdAt,
    ...(job.history ? { next: { queue: QUEUES.classify, data: (inboundId: string) => ({ inboundId, history: true }) } } : {}),
  });
}
