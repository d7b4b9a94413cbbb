/**
 * The one way an event enters the log. In the caller's transaction it inserts the event
 * (idempotently), then brings every projection that depends on it up to date:
 * the relationship's derived status, the shared account's contact facts, and, on EMAIL_SENT,
 * the "contacted by another org" view of every other workspace's relationship with the account.
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { CrmEvent, EventType } from './types.ts';
import { deriveRelationship } from './derive-status.ts';
import { contactSignalOf, deriveAccountContact, nextSystemContactStatus } from './account-contact.ts';
import { getAccountForUpdate, setAccountContactFacts } from './db/accounts.ts';
import { insertEvent, statusEventsOf, accountSends, otherOrgSends } from './db/events.ts';
import { lockRelationship, listRelationshipsOfAccount, storeProjection, type RelationshipRow } from './db/relationships.ts';
import { getContact } from './db/contacts.ts';
import { threadEvidence } from './db/evidence.ts';
import { assertFact } from './assert-fact.ts';
import { statusSignalNeedsEvidence } from './shared-facts.ts';

export interface AppendEventInput {
  relationshipId: string;
  type: EventType;
  contactId?: string | null;
  subject?: string | null;
  content?: string | null;
  metadata?: Record<string, unknown>;
  occurredAt: Date | string;
  /** Same key twice → the first event is returned and nothing changes (at-least-once handlers). */
  idempotencyKey?: string | null;
}

async function reproject(tx: Queryable, rel: RelationshipRow, sends: Awaited<ReturnType<typeof accountSends>>): Promise<void> {
  const derived = deriveRelationship(rel.initialStatus, await statusEventsOf(tx, rel.id), otherOrgSends(sends, rel.organizationId));
  await storeProjection(tx, rel.id, derived);
}

export async function appendEvent(tx: Queryable, input: AppendEventInput): Promise<{ event: CrmEvent; inserted: boolean }> {
  const { rows } = await tx.query<{ account_id: string }>('select account_id from relationships where id = $1', [input.relationshipId]);
  const accountId = rows[0]?.account_id;
  if (!accountId) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
  // Lock order is always account, then relationship: two workspaces writing to one account never deadlock.
  const account = await getAccountForUpdate(tx, accountId);
  const rel = await lockRelationship(tx, input.relationshipId);
  if (!account || !rel) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });

  const metadata = input.metadata ?? {};
  const occurredAt = new Date(input.occurredAt).toISOString();
  const { event, inserted } = await insertEvent(tx, {
    id: newId('evt', new Date(occurredAt).getTime()),
    workspaceId: rel.organizationId,
    accountId,
    relationshipId: rel.id,
    contactId: input.contactId ?? null,
    type: input.type,
    subject: input.subject ?? null,
    content: input.content ?? null,
    metadata,
    occurredAt,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  if (!inserted) return { event, inserted };

  const sends = await accountSends(tx, accountId);
  await reproject(tx, rel, sends);

  const signal = contactSignalOf(input.type, metadata);
  if (signal === 'DO_NOT_CONTACT') {
    // Shared only with evidence (a thread of this workspace with the partner); otherwise this workspace's own, flagged.
    await assertFact(tx, {
      workspaceId: rel.organizationId,
      accountId,
      contactId: input.contactId ?? null,
      fact: { kind: 'DO_NOT_CONTACT', reason: typeof metadata['reason'] === 'string' ? metadata['reason'] : null },
      source: metadata['source'] === 'INSTANTLY' ? 'INSTANTLY' : typeof metadata['inboundId'] === 'string' ? 'CLASSIFIER' : 'API',
      addresses: await eventAddresses(tx, input.contactId ?? null, metadata),
      inboundId: typeof metadata['inboundId'] === 'string' ? metadata['inboundId'] : null,
      eventId: event.id,
      reason: typeof metadata['reason'] === 'string' ? metadata['reason'] : null,
      idempotencyKey: `${event.id}:dnc`,
      now: new Date(occurredAt),
    });
  } else if (signal) {
    let status = nextSystemContactStatus(account.systemContactStatus, signal);
    // A reply, an agreed rate or a bounce moves the shared status only when it comes from a thread of this workspace.
    if (status !== account.systemContactStatus && statusSignalNeedsEvidence(signal)) {
      const evidence = await threadEvidence(tx, {
        workspaceId: rel.organizationId, accountId, addresses: await eventAddresses(tx, input.contactId ?? null, metadata),
        inboundId: typeof metadata['inboundId'] === 'string' ? metadata['inboundId'] : null,
      });
      if (evidence === 'NONE') status = account.systemContactStatus;
    }
    const facts = input.type === 'EMAIL_SENT' ? deriveAccountContact(sends) : null;
    if (facts || status !== account.systemContactStatus) {
      await setAccountContactFacts(tx, accountId, facts ?? pickFacts(account), status);
    }
  }
  if (input.type === 'EMAIL_SENT') {
    for (const other of await listRelationshipsOfAccount(tx, accountId)) {
      if (other.id !== rel.id) await reproject(tx, other, sends);
    }
  }
  return { event, inserted };
}

function pickFacts(a: {
  firstContactedAt: string | null;
  firstContactedByOrgId: string | null;
  lastContactedAt: string | null;
  lastContactedByOrgId: string | null;
  contactAttemptCount: number;
}) {
  return {
    firstContactedAt: a.firstContactedAt,
    firstContactedByOrgId: a.firstContactedByOrgId,
    lastContactedAt: a.lastContactedAt,
    lastContactedByOrgId: a.lastContactedByOrgId,
    contactAttemptCount: a.contactAttemptCount,
  };
}

/** The partner addresses an event is about: its contact's, and the sender or Instantly lead it names. */
async function eventAddresses(tx: Queryable, contactId: string | null, metadata: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  for (const k of ['from', 'leadEmail']) if (typeof metadata[k] === 'string') out.push(metadata[k]);
  if (contactId) {
    const c = await getContact(tx, contactId);
    if (c) out.push(c.email);
  }
  return out;
}
