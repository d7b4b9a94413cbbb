/**
 * The one way an event enters the log. In the caller's transaction it inserts the event
 * (idempotently), then brings every projection that depends on it up to date:
 * the relationship's derived status, the shared account's contact facts, and, on EMAIL_SENT,
 * the "contacted by another org" view of every other workspace's relationship with the account.
 *
 * Projections are incremental: an event that sorts after everything the fold has seen (the common
 * case: events arrive in time order) is applied to the stored projection with one `transition`; an
 * event that sorts before something (a backfill, a late webhook) replays the fold from the events.
 * Event types the fold ignores (derive-status.ts PROJECTION_EVENT_TYPES) need no projection work.
 * test/crm/append-event.test.ts proves stored == replayed after random, out-of-order sequences.
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Contact, CrmEvent, EventType, SystemContactStatus } from './types.ts';
import { affectsProjection, deriveRelationship, transition, type RelationshipProjection, type Step } from './derive-status.ts';
import { contactSignalOf, deriveAccountContact, nextSystemContactStatus, type AccountContactFacts, type AccountSend, type ContactSignal } from './account-contact.ts';
import { getAccount, getAccountForUpdate, setAccountContactFacts } from './db/accounts.ts';
import { insertEvent, insertEvents, statusEventsOf, accountSends, otherOrgSends, laterThan, type EventInsert } from './db/events.ts';
import { gatherBeforeCommit } from '../jobs/deferred-enqueue.ts';
import { getRelationshipPartners, lockRelationship, listRelationshipsOfAccount, storedProjection, storeProjection, type RelationshipRow } from './db/relationships.ts';
import { getContact } from './db/contacts.ts';
import { threadEvidence } from './db/evidence.ts';
import { assertFact } from './assert-fact.ts';
import { evidenceFor, evidenceOf, statusSignalNeedsEvidence, type InboundEvidence } from './shared-facts.ts';

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

/**
 * What the caller already read in its transaction about an event (a step's batch reads it for all of
 * its messages at once): used instead of reading it again where it matches the event, read otherwise.
 */
export interface KnownForEvent {
  /** The evidence of the event's inbound message (`metadata.inboundId`), from `inboundEvidence`. */
  evidence?: InboundEvidence | undefined;
  /** The event's contact (`contactId`). */
  contact?: Contact | null | undefined;
  /** The shared account's contact status as it stands in this transaction (the caller read it, and nothing changed it since). */
  accountStatus?: SystemContactStatus | undefined;
}

/** Replays the relationship's fold from its events (and other workspaces' sends) and stores it. */
export async function reproject(tx: Queryable, rel: RelationshipRow, sends: readonly AccountSend[]): Promise<void> {
  const derived = deriveRelationship(rel.initialStatus, await statusEventsOf(tx, rel.id), otherOrgSends(sends, rel.organizationId));
  await storeProjection(tx, rel.id, derived);
}

/** The stored projection with one more step folded in; written only when it changes. */
async function foldOnto(tx: Queryable, rel: RelationshipRow, step: Step): Promise<void> {
  const before = storedProjection(rel);
  const after = transition(before, step);
  if (!sameProjection(after, before)) await storeProjection(tx, rel.id, after);
}

export const sameProjection = (a: RelationshipProjection, b: RelationshipProjection): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The account's contact facts with one more send, the newest of all its sends. */
function withNewestSend(a: AccountContactFacts, send: AccountSend): AccountContactFacts {
  return {
    firstContactedAt: a.firstContactedAt ?? send.occurredAt,
    firstContactedByOrgId: a.firstContactedAt === null ? send.workspaceId : a.firstContactedByOrgId,
    lastContactedAt: send.occurredAt,
    lastContactedByOrgId: send.workspaceId,
    contactAttemptCount: a.contactAttemptCount + 1,
  };
}

/**
 * An event that changes no projection and carries no contact signal (a pipeline step's record:
 * MESSAGE_CLASSIFIED, GATES_EVALUATED, REPLY_DRAFTED, a note, ...) is only inserted: it takes no
 * partner lock, so the pipeline's steps do not queue behind each other on a busy partner's row.
 */
export function changesProjections(type: EventType, metadata: Record<string, unknown>): boolean {
  return affectsProjection(type) || contactSignalOf(type, metadata) !== null;
}

type PartnerOf = Array<{ account_id: string; workspace_id: string }>;
/** A relationship's account and workspace never change: read once per transaction (a step's batch appends several events per partner). */
const partnersByTx = new WeakMap<Queryable, Map<string, PartnerOf>>();

function partnersKnown(tx: Queryable): Map<string, PartnerOf> {
  let known = partnersByTx.get(tx);
  if (!known) partnersByTx.set(tx, (known = new Map()));
  return known;
}

async function partnerOf(tx: Queryable, relationshipId: string): Promise<PartnerOf> {
  await partnersOf(tx, [relationshipId]);
  return partnersKnown(tx).get(relationshipId) ?? [];
}

/** `partnerOf` for many relationships: those this transaction does not know yet read in one statement; an unknown id is missing. */
export async function partnersOf(tx: Queryable, relationshipIds: readonly string[]): Promise<Map<string, { accountId: string; workspaceId: string }>> {
  const known = partnersKnown(tx);
  const missing = [...new Set(relationshipIds.filter((id) => !known.has(id)))];
  for (const p of await getRelationshipPartners(tx, missing)) known.set(p.id, [{ account_id: p.accountId, workspace_id: p.workspaceId }]);
  const out = new Map<string, { accountId: string; workspaceId: string }>();
  for (const id of relationshipIds) {
    const p = known.get(id)?.[0];
    if (p) out.set(id, { accountId: p.account_id, workspaceId: p.workspace_id });
  }
  return out;
}

/** Relationships the caller read in this transaction: their account and workspace need no read by `appendEvent`. */
export function rememberPartners(tx: Queryable, relationships: Iterable<{ id: string; accountId: string; organizationId: string }>): void {
  const known = partnersKnown(tx);
  for (const r of relationships) known.set(r.id, [{ account_id: r.accountId, workspace_id: r.organizationId }]);
}

/** The row of an event to append, of this relationship's workspace and account; its id sorts by its time. */
export function eventInsertOf(input: AppendEventInput, partner: { workspaceId: string; accountId: string }): EventInsert {
  const occurredAt = new Date(input.occurredAt).toISOString();
  return {
    id: newId('evt', new Date(occurredAt).getTime()),
    workspaceId: partner.workspaceId,
    accountId: partner.accountId,
    relationshipId: input.relationshipId,
    contactId: input.contactId ?? null,
    type: input.type,
    subject: input.subject ?? null,
    content: input.content ?? null,
    metadata: input.metadata ?? {},
    occurredAt,
    idempotencyKey: input.idempotencyKey ?? null,
  };
}

/**
 * An event that changes no projection and whose contact signal leaves the shared status as it is
 * (already there, or no evidence for it): it changes nothing, and is only inserted. Read without a
 * lock, it is this event ordered before any concurrent change.
 */
async function signalChangesNothing(tx: Queryable, input: AppendEventInput, partner: { account_id: string; workspace_id: string }, known: KnownForEvent): Promise<boolean> {
  const metadata = input.metadata ?? {};
  const signal = contactSignalOf(input.type, metadata);
  if (affectsProjection(input.type) || !signal || signal === 'DO_NOT_CONTACT') return false;
  const current = known.accountStatus ?? (await getAccount(tx, partner.account_id))?.systemContactStatus;
  if (!current) return false;
  const ctx = { workspaceId: partner.workspace_id, accountId: partner.account_id, contactId: input.contactId ?? null, metadata };
  return (await statusAfterSignal(tx, current, signal, ctx, known)) === current;
}

export async function appendEvent(tx: Queryable, input: AppendEventInput, known: KnownForEvent = {}): Promise<{ event: CrmEvent; inserted: boolean }> {
  return append(tx, input, known, false);
}

/** `appendEvent`; `signalChecked` when the caller already found that its signal changes something. */
async function append(tx: Queryable, input: AppendEventInput, known: KnownForEvent, signalChecked: boolean): Promise<{ event: CrmEvent; inserted: boolean }> {
  const metadata = input.metadata ?? {};
  const occurredAt = new Date(input.occurredAt).toISOString();
  const rows = await partnerOf(tx, input.relationshipId);
  const accountId = rows[0]?.account_id;
  if (!accountId) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
  const eventOf = (workspaceId: string) => eventInsertOf(input, { workspaceId, accountId });
  if (!changesProjections(input.type, metadata)) return insertEvent(tx, eventOf(rows[0]!.workspace_id));
  const signal = contactSignalOf(input.type, metadata);
  if (!signalChecked && (await signalChangesNothing(tx, input, rows[0]!, known))) return insertEvent(tx, eventOf(rows[0]!.workspace_id));

  // Lock order is always account, then relationship: two workspaces writing to one account never deadlock.
  const account = await getAccountForUpdate(tx, accountId);
  const rel = await lockRelationship(tx, input.relationshipId);
  if (!account || !rel) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });

  const { event, inserted } = await insertEvent(tx, eventOf(rel.organizationId));
  if (!inserted) return { event, inserted };

  const isSend = input.type === 'EMAIL_SENT';
  const later = affectsProjection(input.type)
    ? await laterThan(tx, { id: event.id, relationshipId: rel.id, accountId, workspaceId: rel.organizationId, occurredAt })
    : null;
  // every send on the account, read at most once and only for a replay
  let allSends: AccountSend[] | null = null;
  const sends = async () => (allSends ??= await accountSends(tx, accountId));
  if (later) {
    if (later.relationship) await reproject(tx, rel, await sends());
    else await foldOnto(tx, rel, { kind: 'own', event: { id: event.id, type: input.type, occurredAt, metadata } });
  }

  // a send changes who contacted the account first and last, and how often (whatever else it carries)
  const facts = !isSend ? null : later?.send ? deriveAccountContact(await sends()) : withNewestSend(account, { id: event.id, workspaceId: rel.organizationId, occurredAt });
  if (signal === 'DO_NOT_CONTACT') {
    if (facts) await setAccountContactFacts(tx, accountId, facts, account.systemContactStatus);
    // Shared only with evidence (a thread of this workspace with the partner); otherwise this workspace's own, flagged.
    await assertFact(tx, {
      workspaceId: rel.organizationId,
      accountId,
      contactId: input.contactId ?? null,
      fact: { kind: 'DO_NOT_CONTACT', reason: typeof metadata['reason'] === 'string' ? metadata['reason'] : null },
      source: metadata['source'] === 'INSTANTLY' ? 'INSTANTLY' : typeof metadata['inboundId'] === 'string' ? 'CLASSIFIER' : 'API',
      addresses: await eventAddresses(tx, input.contactId ?? null, metadata, known.contact),
      inboundId: typeof metadata['inboundId'] === 'string' ? metadata['inboundId'] : null,
      eventId: event.id,
      reason: typeof metadata['reason'] === 'string' ? metadata['reason'] : null,
      idempotencyKey: `${event.id}:dnc`,
      now: new Date(occurredAt),
      known: known.evidence,
    });
  } else if (signal) {
    const status = await statusAfterSignal(tx, account.systemContactStatus, signal, { workspaceId: rel.organizationId, accountId, contactId: input.contactId ?? null, metadata }, known);
    if (facts || status !== account.systemContactStatus) {
      await setAccountContactFacts(tx, accountId, facts ?? pickFacts(account), status);
    }
  }
  if (isSend) {
    for (const other of await listRelationshipsOfAccount(tx, accountId)) {
      if (other.id === rel.id) continue;
      if (later?.account) await reproject(tx, other, await sends());
      else await foldOnto(tx, other, { kind: 'other', send: { id: event.id, occurredAt } });
    }
  }
  return { event, inserted };
}

const gatherRecord = gatherBeforeCommit<EventInsert>(async (tx, events) => {
  await insertEvents(tx, events);
});

/**
 * An event nobody reads back in the same transaction before `flushRecords` — a pipeline step's record
 * (MESSAGE_CLASSIFIED, GATES_EVALUATED, REPLY_DRAFTED), or an agreed rate whose signal changes nothing
 * — appended like `appendEvent`. When it changes no projection and the transaction is a step's batch
 * (src/jobs/run-step.ts), it joins the batch's other records in one multi-row insert just before the
 * commit (same idempotency: a key used before is skipped); otherwise it is appended at once.
 */
export async function recordEvent(tx: Queryable, input: AppendEventInput, known: KnownForEvent = {}): Promise<void> {
  await recordEvents(tx, [input], known);
}

/**
 * `recordEvent` for several events: those that change nothing are inserted together — with the batch's
 * other records before its commit, or (outside a batch, or in its before-commit writes, such as the
 * gates' approvals) in one multi-row insert now — and the others appended one by one, in order.
 * `known` is about every one of them (a caller with several partners passes none).
 */
export async function recordEvents(tx: Queryable, inputs: readonly AppendEventInput[], known: KnownForEvent = {}): Promise<void> {
  const plain: EventInsert[] = [];
  // the relationships this transaction does not know yet, in one read (then each is a lookup)
  await partnersOf(tx, inputs.map((i) => i.relationshipId));
  for (const input of inputs) {
    const metadata = input.metadata ?? {};
    const partner = (await partnerOf(tx, input.relationshipId))[0];
    if (!partner) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
    if (changesProjections(input.type, metadata) && !(await signalChangesNothing(tx, input, partner, known))) await append(tx, input, known, true);
    else plain.push(eventInsertOf(input, { workspaceId: partner.workspace_id, accountId: partner.account_id }));
  }
  await gatherRecord.all(tx, plain);
}

/** Inserts the records this transaction gathered so far (a step about to read a partner's events afresh). */
export async function flushRecords(tx: Queryable): Promise<void> {
  await gatherRecord.flushNow(tx);
}

/** The shared contact status after a signal: a reply, an agreed rate or a bounce moves it only from a thread of this workspace. */
export async function statusAfterSignal(
  tx: Queryable,
  current: SystemContactStatus,
  signal: ContactSignal,
  e: { workspaceId: string; accountId: string; contactId: string | null; metadata: Record<string, unknown> },
  known: KnownForEvent,
): Promise<SystemContactStatus> {
  const status = nextSystemContactStatus(current, signal);
  if (status === current || !statusSignalNeedsEvidence(signal)) return status;
  const q = {
    workspaceId: e.workspaceId, accountId: e.accountId, addresses: await eventAddresses(tx, e.contactId, e.metadata, known.contact),
    inboundId: typeof e.metadata['inboundId'] === 'string' ? e.metadata['inboundId'] : null,
  };
  const read = evidenceFor(known.evidence, q);
  const evidence = read ? evidenceOf(read, q.addresses) : await threadEvidence(tx, q);
  return evidence === 'NONE' ? current : status;
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
async function eventAddresses(tx: Queryable, contactId: string | null, metadata: Record<string, unknown>, known?: Contact | null): Promise<string[]> {
  const out: string[] = [];
  for (const k of ['from', 'leadEmail']) if (typeof metadata[k] === 'string') out.push(metadata[k]);
  if (contactId) {
    const c = known?.id === contactId ? known : await getContact(tx, contactId);
    if (c) out.push(c.email);
  }
  return out;
}
