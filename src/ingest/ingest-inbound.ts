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
import { rememberPartners } from '../crm/append-event.ts';
import { appendEvents } from '../crm/append-events.ts';
import { inboundEvidence } from '../crm/db/evidence.ts';
import { fillBestContact } from '../crm/db/accounts.ts';
import { getContactByEmail } from '../crm/db/contacts.ts';
import { getRelationship } from '../crm/db/relationships.ts';
import type { Contact, EventType } from '../crm/types.ts';
import { QUEUES } from '../jobs/queues.ts';
import { claimUnmatched, draftOfRow, getInbounds, insertInboundBatch, relationshipOfThread, setInboundMatch, setInboundMatches, unmatchedOf, type InboundDraft } from './db/inbound.ts';
import { fillFirstBestContact, matchSenders, type BestContact, type Match } from './match-senders.ts';
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

export type { Match } from './match-senders.ts';

const EVENT_OF: Record<Arrival['kind'], EventType> = { human: 'EMAIL_RECEIVED', 'auto-reply': 'AUTO_REPLY_RECEIVED', bounce: 'BOUNCED' };
const EVENT_CONTENT_LIMIT = 100_000;
const NO_MATCH: Match = { relationshipId: null, contactId: null, accountId: null };

/** One sender matched (`match-senders.ts`, a batch of one); its best contact filled at once. */
export async function matchByAddress(
  tx: Queryable,
  workspaceId: string,
  address: string,
  name: string | undefined,
  allowCreate: boolean,
  source: 'INBOUND' | 'IMPORT' = 'INBOUND',
  bestContact = true,
): Promise<Match | null> {
  return (await matchAddress(tx, workspaceId, address, name, allowCreate, source, bestContact)).match;
}

/** `matchByAddress`, with the contact it matched. */
async function matchAddress(
  tx: Queryable,
  workspaceId: string,
  address: string,
  name: string | undefined,
  allowCreate: boolean,
  source: 'INBOUND' | 'IMPORT',
  bestContact: boolean,
): Promise<{ match: Match | null; contacts: ReadonlyMap<string, Contact> }> {
  const { matches, bestContacts, contacts } = await matchSenders(tx, [{ workspaceId, address, name }], { allowCreate, source, bestContact });
  for (const b of bestContacts) await fillFirstBestContact(tx, b.accountId, [b.contactId]);
  return { match: matches[0] ?? null, contacts };
}

/** A message's partner, and its contact as read (or null). */
async function match(tx: Queryable, d: InboundDraft, arrival: Arrival): Promise<{ match: Match; contact: Contact | null }> {
  const threadIds = [...new Set([d.inReplyTo, ...d.references, ...arrival.originalMessageIds].filter((x): x is string => !!x))];
  const threadRel = await relationshipOfThread(tx, d.workspaceId, threadIds);
  const subjectAddress = arrival.kind === 'bounce' ? arrival.failedRecipients[0] : d.from?.address;
  if (threadRel) {
    const rel = await getRelationship(tx, threadRel);
    if (rel) rememberPartners(tx, [rel]);
    const contact = subjectAddress ? await getContactByEmail(tx, subjectAddress) : null;
    const ownContact = contact && rel && contact.accountId === rel.accountId ? contact : null;
    // the one who replied in the thread, unless the message is a bounce about that address
    if (ownContact && arrival.kind !== 'bounce') await fillBestContact(tx, ownContact.accountId, ownContact.id);
    return { match: { relationshipId: threadRel, accountId: rel?.accountId ?? null, contactId: ownContact?.id ?? null }, contact: ownContact };
  }
  const withContact = ({ match: m, contacts }: { match: Match | null; contacts: ReadonlyMap<string, Contact> }) =>
    m ? { match: m, contact: (m.contactId && contacts.get(m.contactId)) || null } : null;
  if (arrival.kind === 'bounce') {
    for (const addr of arrival.failedRecipients) {
      const m = withContact(await matchAddress(tx, d.workspaceId, addr, undefined, false, 'INBOUND', false));
      if (m) return m;
    }
    return { match: NO_MATCH, contact: null };
  }
  if (!d.from) return { match: NO_MATCH, contact: null };
  return withContact(await matchAddress(tx, d.workspaceId, d.from.address, d.from.name, true, 'INBOUND', true)) ?? { match: NO_MATCH, contact: null };
}

export interface IngestOptions {
  autoReplyHint?: boolean;
  /** When we received it (a webhook delivery's arrival, a mailbox message's storing); default: now. */
  receivedByUsAt?: string | Date;
  /** The job that follows: classification, or enrichment first (Instantly replies with an API key). */
  next?: { queue: string; data: (inboundId: string) => Record<string, unknown> };
}

/** One reply: a batch of one. */
export async function ingestInbound(tx: Queryable, draft: InboundDraft, enqueue: EnqueueInTx, opts: IngestOptions = {}): Promise<IngestResult> {
  return (await ingestInboundBatch(tx, [{ draft, opts }], enqueue))[0]!;
}

export interface IngestItem {
  draft: InboundDraft;
  opts?: IngestOptions;
}

/**
 * Many replies in the caller's transaction (the ingest step's batch), with the rows one after another
 * would write: stored in one multi-row insert (a message already stored, or repeated in the batch, is
 * a duplicate and matches nothing), matched, their arrival events appended and what follows enqueued.
 * Results in the items' order.
 */
export async function ingestInboundBatch(tx: Queryable, items: readonly IngestItem[], enqueue: EnqueueInTx): Promise<IngestResult[]> {
  const ids = await insertInboundBatch(tx, items.map((i) => i.draft));
  const stored = items.flatMap((item, i) => (ids[i] ? [{ inboundId: ids[i], draft: item.draft, opts: item.opts ?? {} }] : []));
  const recorded = new Map((await matchAndRecord(tx, stored, enqueue)).map((r) => [r.inboundId, r]));
  return items.map((item, i) => {
    const id = ids[i];
    return (id && recorded.get(id)) || { inboundId: null, duplicate: true, relationshipId: null, kind: readArrival(item.draft, item.opts ?? {}).kind, workspaceId: item.draft.workspaceId, source: item.draft.source };
  });
}

interface Stored {
  inboundId: string;
  draft: InboundDraft;
  opts: IngestOptions;
}

/** Matched by its sender alone: no thread to follow and not a bounce (whose sender is a mailer daemon). */
function matchedBySender(d: InboundDraft, arrival: Arrival): boolean {
  return arrival.kind !== 'bounce' && !!d.from && !d.inReplyTo && !d.references.length && !arrival.originalMessageIds.length;
}

/**
 * After the rows are stored: match them (senders a batch at a time, threads and bounces one at a
 * time), append their arrival events, enqueue what follows, mark them matched.
 */
async function matchAndRecord(tx: Queryable, stored: readonly Stored[], enqueue: EnqueueInTx): Promise<IngestResult[]> {
  const arrivals = stored.map((s) => readArrival(s.draft, s.opts));
  const bySender = stored.flatMap((s, i) => (matchedBySender(s.draft, arrivals[i]!) ? [i] : []));
  const senders = await matchSenders(tx, bySender.map((i) => ({ workspaceId: stored[i]!.draft.workspaceId, address: stored[i]!.draft.from!.address, name: stored[i]!.draft.from!.name })), {
    allowCreate: true,
    source: 'INBOUND',
    bestContact: true,
  });
  const matches: Match[] = stored.map(() => NO_MATCH);
  bySender.forEach((i, k) => (matches[i] = senders.matches[k] ?? NO_MATCH));
  await setInboundMatches(tx, bySender.map((i) => ({ id: stored[i]!.inboundId, ...matches[i]! })));
  // a sender's relationship is this workspace's with the matched account: appendEvents need not read it
  rememberPartners(tx, bySender.flatMap((i) => {
    const m = matches[i]!;
    return m.relationshipId && m.accountId ? [{ id: m.relationshipId, accountId: m.accountId, organizationId: stored[i]!.draft.workspaceId }] : [];
  }));
  const bySenderSet = new Set(bySender);
  const contacts = new Map(senders.contacts);
  for (const [i, s] of stored.entries()) {
    if (bySenderSet.has(i)) continue;
    const m = await match(tx, s.draft, arrivals[i]!);
    matches[i] = m.match;
    if (m.contact) contacts.set(m.contact.id, m.contact);
    await setInboundMatch(tx, s.inboundId, m.match);
  }
  await appendArrivals(tx, stored.map((s, i) => ({ ...s, arrival: arrivals[i]!, match: matches[i]! })), senders.bestContacts, contacts);
  // what follows, in arrival order
  for (const s of stored) {
    const next = s.opts.next ?? { queue: QUEUES.classify, data: (id: string) => ({ inboundId: id }) };
    await enqueue(tx, next.queue, [next.data(s.inboundId)]);
  }
  return stored.map((s, i) => ({ inboundId: s.inboundId, duplicate: false, relationshipId: matches[i]!.relationshipId, kind: arrivals[i]!.kind, workspaceId: s.draft.workspaceId, source: s.draft.source }));
}

/**
 * The arrival events in one `appendEvents` (a few statements for the part), account by account in id
 * order (the steps' lock order: account, then relationship), a partner's messages in arrival order;
 * every account's empty best contact filled first, in the same order. The matched contacts were read
 * by matching: their signal's addresses are not read again.
 */
async function appendArrivals(
  tx: Queryable,
  arrived: ReadonlyArray<Stored & { arrival: Arrival; match: Match }>,
  bestContacts: readonly BestContact[],
  contacts: ReadonlyMap<string, Contact>,
): Promise<void> {
  const order = arrived.map((a, i) => ({ a, i, account: a.match.accountId ?? '', rel: a.match.relationshipId ?? '' })).filter((x) => x.rel);
  order.sort((x, y) => (x.account !== y.account ? (x.account < y.account ? -1 : 1) : x.rel !== y.rel ? (x.rel < y.rel ? -1 : 1) : x.i - y.i));
  const best = new Map<string, string[]>();
  for (const b of bestContacts) best.set(b.accountId, [...(best.get(b.accountId) ?? []), b.contactId]);
  for (const [account, candidates] of [...best].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await fillFirstBestContact(tx, account, candidates);
  // The shared-fact evidence of every arrival (their contact signal's), in two statements for the part
  // instead of two per message: arrivals add no send, so none changes another's evidence.
  const evidence = await inboundEvidence(tx, order.map((x) => ({ inboundId: x.a.inboundId, workspaceId: x.a.draft.workspaceId, accountId: x.account })));
  await appendEvents(tx, order.map(({ a: { inboundId, draft, opts, arrival, match: m } }) => ({
    relationshipId: m.relationshipId!,
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
  })), { evidence, contacts });
}

export interface MatchJob {
  /** The message: a job's only one, or a batch job's first (its workspace's backlog sets the job's priority). */
  inboundId: string;
  /** A batch job's messages in the order they were stored, `inboundId` first; absent on a job of one. */
  inboundIds?: string[];
  /** Imported history (backfill): classified, never answered. */
  history?: boolean;
}

/**
 * Messages per ingest.match job. A stored batch is matched MATCH_JOB_SIZE messages at a time, set-based
 * (one sender match, one match update, one classify insert per job): a backfill's batch of 250 queues 5
 * job rows instead of 250, and its job-priority query reads 5 items. With the step's batches of
 * STEP_OPTIONS' size, a transaction holds at most batchSize × MATCH_JOB_SIZE messages.
 */
export const MATCH_JOB_SIZE = 50;

/**
 * Mail from a mailbox is stored first, a batch at a time with its cursor (one multi-row insert), and
 * matched by the ingest.match jobs: a poller or a backfill never waits on partner row locks. Returns
 * the new ids.
 */
export async function storeInboundBatch(tx: Queryable, drafts: readonly InboundDraft[], enqueue: EnqueueInTx, opts: { history?: boolean } = {}): Promise<string[]> {
  const ids = (await insertInboundBatch(tx, drafts)).filter((id): id is string => id !== null);
  const jobs: MatchJob[] = [];
  for (let from = 0; from < ids.length; from += MATCH_JOB_SIZE) {
    const part = ids.slice(from, from + MATCH_JOB_SIZE);
    jobs.push({ inboundId: part[0]!, ...(part.length > 1 ? { inboundIds: part } : {}), ...(opts.history ? { history: true } : {}) });
  }
  await enqueue(tx, QUEUES.ingestMatch, jobs as unknown as Record<string, unknown>[]);
  return ids;
}

/**
 * The ingest.match job: match its stored messages once, together (a redelivered job finds them
 * matched and does nothing). A job of one id (the shape queued before batch jobs) is a batch of one.
 * A batch job delivered again after a failure (`retryCount` above 0) is split instead: each message
 * still unmatched gets a job of its own, so one bad message retries and dead-letters alone.
 */
export async function matchStoredInbound(tx: Queryable, job: MatchJob, enqueue: EnqueueInTx, meta: { retryCount: number } = { retryCount: 0 }): Promise<IngestResult[]> {
  const ids = job.inboundIds?.length ? job.inboundIds : [job.inboundId];
  if (ids.length > 1 && meta.retryCount > 0) {
    const unmatched = await unmatchedOf(tx, ids);
    const single = ids.filter((id) => unmatched.has(id)).map((inboundId): MatchJob => ({ inboundId, ...(job.history ? { history: true } : {}) }));
    await enqueue(tx, QUEUES.ingestMatch, single as unknown as Record<string, unknown>[]);
    return [];
  }
  const claimed = await claimUnmatched(tx, ids);
  if (!claimed.size) return [];
  const rows = await getInbounds(tx, [...claimed]);
  const opts: Omit<IngestOptions, 'receivedByUsAt'> = job.history ? { next: { queue: QUEUES.classify, data: (inboundId: string) => ({ inboundId, history: true }) } } : {};
  const stored = ids.flatMap((id) => {
    // each claimed message once, in the job's order
    const row = claimed.delete(id) ? rows.get(id) : undefined;
    return row ? [{ inboundId: id, draft: draftOfRow(row), opts: { receivedByUsAt: row.createdAt, ...opts } }] : [];
  });
  return matchAndRecord(tx, stored, enqueue);
}
