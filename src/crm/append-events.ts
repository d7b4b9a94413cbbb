/**
 * A list of events appended in one go (the ingest step's arrival events, a part's worth), with the
 * results `appendEvent` gives appending them one at a time in the given order, in a few statements
 * for the whole list instead of ~6 for each event:
 *  - the accounts of the events that change projections locked in one statement in id order, then
 *    their relationships in one (every step's lock order: account before relationship);
 *  - the events inserted in one statement (a key used before, or earlier in the list, is a
 *    duplicate: read back in one statement, and it changes nothing);
 *  - `laterThan`'s question for every new event in one statement, asked of the log without the
 *    list's own events, which are ordered among themselves here (one at a time, each saw only those
 *    appended before it);
 *  - each relationship's projection folded in memory in order (`transition`), replayed from its
 *    events when one of them sorts before something (as `appendEvent` does), written once;
 *  - each account's contact status moved by the events' signals in order (`statusAfterSignal`, with
 *    the evidence and contacts the caller read), written once.
 * An event this path does not take (a send, a do-not-contact, an agreed rate, a hard bounce, ...) goes
 * through `appendEvent`, in its place in the order: the events before it are appended first, those
 * after it afterwards. test/crm/append-events.test.ts proves both ways write the same rows.
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { Contact, CrmEvent, EventType, SystemContactStatus } from './types.ts';
import { affectsProjection, transition, type RelationshipProjection, type StatusEvent } from './derive-status.ts';
import { contactSignalOf, type AccountSend } from './account-contact.ts';
import type { InboundEvidence } from './shared-facts.ts';
import {
  appendEvent, changesProjections, eventInsertOf, partnersOf, reproject, sameProjection, statusAfterSignal,
  type AppendEventInput, type KnownForEvent,
} from './append-event.ts';
import { lockAccounts, setAccountContactStatuses } from './db/accounts.ts';
import { lockRelationships, storedProjection, storeProjections } from './db/relationships.ts';
import { accountSends, eventsByIdempotencyKeys, insertEventsReturning, laterInRelationships, type EventInsert } from './db/events.ts';

export interface KnownForEvents {
  /** The evidence of the events' inbound messages (`metadata.inboundId`), from `inboundEvidence`, by inbound id. */
  evidence?: ReadonlyMap<string, InboundEvidence> | undefined;
  /** The events' contacts the caller read, by id. */
  contacts?: ReadonlyMap<string, Contact> | undefined;
}

export interface Appended {
  event: CrmEvent;
  inserted: boolean;
}

/**
 * How an event is appended with others: only inserted (it changes no projection and carries no
 * signal), folded (it changes its relationship's projection, and carries no signal or a human reply's),
 * or on its own by `appendEvent` (everything else: sends, do-not-contact, signals decided unlocked).
 */
export type AppendRoute = 'insert' | 'fold' | 'one';

export function appendRoute(type: EventType, metadata: Record<string, unknown>): AppendRoute {
  if (!changesProjections(type, metadata)) return 'insert';
  const signal = contactSignalOf(type, metadata);
  return affectsProjection(type) && type !== 'EMAIL_SENT' && (signal === null || signal === 'HUMAN_REPLY') ? 'fold' : 'one';
}

/** The list cut into runs appended together and single events appended on their own, in order. */
export type Part = { kind: 'together'; indices: number[] } | { kind: 'one'; index: number };

export function partsOf(routes: readonly AppendRoute[]): Part[] {
  const parts: Part[] = [];
  routes.forEach((route, i) => {
    const last = parts[parts.length - 1];
    if (route === 'one') parts.push({ kind: 'one', index: i });
    else if (last?.kind === 'together') last.indices.push(i);
    else parts.push({ kind: 'together', indices: [i] });
  });
  return parts;
}

/** For each row, the first row of the list with its workspace and idempotency key (itself when it is the first, or has no key). */
export function firstWithKey(rows: ReadonlyArray<{ workspaceId: string; idempotencyKey: string | null }>): number[] {
  const first = new Map<string, number>();
  return rows.map((r, i) => {
    if (r.idempotencyKey === null) return i;
    const key = `${r.workspaceId} ${r.idempotencyKey}`;
    const f = first.get(key);
    if (f !== undefined) return f;
    first.set(key, i);
    return i;
  });
}

/** Whether `a` comes after `b` in the fold's order (time, then id as code units). */
const sortsAfter = (a: { occurredAt: string; id: string }, b: { occurredAt: string; id: string }): boolean =>
  a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.id > b.id);

/**
 * For each new projection-changing event of a list (ISO times), whether one before it in the list, of
 * its relationship, sorts after it: what the log held of the list when it was appended one at a time.
 */
export function laterInPart(events: ReadonlyArray<{ id: string; occurredAt: string; relationshipId: string }>): boolean[] {
  const latest = new Map<string, { id: string; occurredAt: string }>();
  return events.map((e) => {
    const last = latest.get(e.relationshipId);
    if (!last || sortsAfter(e, last)) latest.set(e.relationshipId, e);
    return !!last && sortsAfter(last, e);
  });
}

export type Folded = { replay: true } | { replay: false; projection: RelationshipProjection; changed: boolean };

/**
 * A relationship's projection after its new events in order, as `appendEvent` leaves it: each folded
 * onto the projection while it sorts after everything before it; once one does not, the projection is
 * replayed from the events (after the last of the list it is the whole fold of the log, whatever came
 * after that event in order was folded onto the replay). `changed`: some step changed it (a write).
 */
export function foldRelationship(stored: RelationshipProjection, steps: ReadonlyArray<{ event: StatusEvent; later: boolean }>): Folded {
  if (steps.some((s) => s.later)) return { replay: true };
  let projection = stored;
  let changed = false;
  for (const { event } of steps) {
    const next = transition(projection, { kind: 'own', event });
    if (!sameProjection(next, projection)) {
      projection = next;
      changed = true;
    }
  }
  return { replay: false, projection, changed };
}

export async function appendEvents(tx: Queryable, inputs: readonly AppendEventInput[], known: KnownForEvents = {}): Promise<Appended[]> {
  const knownFor = (input: AppendEventInput): KnownForEvent => {
    const inboundId = input.metadata?.['inboundId'];
    return {
      evidence: typeof inboundId === 'string' ? known.evidence?.get(inboundId) : undefined,
      contact: input.contactId ? known.contacts?.get(input.contactId) : undefined,
    };
  };
  const partners = await partnersOf(tx, inputs.map((i) => i.relationshipId));
  // one at a time, the events before an unknown relationship's are appended, and it fails
  const unknown = inputs.findIndex((i) => !partners.has(i.relationshipId));
  const todo = unknown < 0 ? inputs : inputs.slice(0, unknown);
  const out: Appended[] = [];
  for (const part of partsOf(todo.map((i) => appendRoute(i.type, i.metadata ?? {})))) {
    if (part.kind === 'one') out.push(await appendEvent(tx, todo[part.index]!, knownFor(todo[part.index]!)));
    else out.push(...(await appendTogether(tx, part.indices.map((i) => todo[i]!), partners, knownFor)));
  }
  if (unknown >= 0) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
  return out;
}

/** Inserts the rows (a key used twice in the list, or before, read back) with what one at a time returns for each. */
async function insertAll(tx: Queryable, rows: readonly EventInsert[]): Promise<Appended[]> {
  const first = firstWithKey(rows);
  const unique = rows.filter((_, i) => first[i] === i);
  const inserted = await insertEventsReturning(tx, unique);
  const stored = await eventsByIdempotencyKeys(tx, unique.flatMap((r) => (!inserted.has(r.id) && r.idempotencyKey !== null ? [{ workspaceId: r.workspaceId, idempotencyKey: r.idempotencyKey }] : [])));
  const out: Appended[] = [];
  rows.forEach((r, i) => {
    const made = first[i] === i ? inserted.get(r.id) : undefined;
    const event = made ?? (first[i] === i ? stored.get(`${r.workspaceId} ${r.idempotencyKey}`) : out[first[i]!]?.event);
    if (!event) throw new Error(`event ${r.id} neither inserted nor stored`);
    out.push({ event, inserted: !!made });
  });
  return out;
}

/** A run of events of the 'insert' and 'fold' routes, appended together. */
async function appendTogether(
  tx: Queryable,
  inputs: readonly AppendEventInput[],
  partners: ReadonlyMap<string, { accountId: string; workspaceId: string }>,
  knownFor: (input: AppendEventInput) => KnownForEvent,
): Promise<Appended[]> {
  const rows = inputs.map((input) => eventInsertOf(input, partners.get(input.relationshipId)!));
  const folding = inputs.flatMap((input, i) => (appendRoute(input.type, input.metadata ?? {}) === 'fold' ? [i] : []));
  // Lock order is always account, then relationship: two workspaces writing to one account never deadlock.
  const accounts = await lockAccounts(tx, folding.map((i) => rows[i]!.accountId));
  const rels = await lockRelationships(tx, folding.map((i) => rows[i]!.relationshipId));
  const out = await insertAll(tx, rows);

  const fresh = folding.filter((i) => out[i]!.inserted).map((i) => rows[i]!);
  const inLog = await laterInRelationships(tx, fresh, rows.filter((_, i) => out[i]!.inserted).map((r) => r.id));
  const inPart = laterInPart(fresh);

  const byRelationship = new Map<string, Array<{ event: StatusEvent; later: boolean }>>();
  fresh.forEach((r, k) => {
    const steps = byRelationship.get(r.relationshipId) ?? [];
    steps.push({ event: { id: r.id, type: r.type, occurredAt: r.occurredAt, metadata: r.metadata }, later: inLog[k]! || inPart[k]! });
    byRelationship.set(r.relationshipId, steps);
  });
  const writes: Array<{ id: string; projection: RelationshipProjection }> = [];
  const replays: string[] = [];
  for (const [id, steps] of byRelationship) {
    const rel = rels.get(id);
    if (!rel) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
    const folded = foldRelationship(storedProjection(rel), steps);
    if (folded.replay) replays.push(id);
    else if (folded.changed) writes.push({ id, projection: folded.projection });
  }
  await storeProjections(tx, writes);
  const sends = new Map<string, AccountSend[]>();
  for (const id of replays) {
    const rel = rels.get(id)!;
    if (!sends.has(rel.accountId)) sends.set(rel.accountId, await accountSends(tx, rel.accountId));
    await reproject(tx, rel, sends.get(rel.accountId)!);
  }

  // each account's contact status, moved by the signals in order
  const status = new Map<string, { now: SystemContactStatus; changed: boolean }>();
  for (const i of folding) {
    const r = rows[i]!;
    const signal = contactSignalOf(r.type, r.metadata);
    if (!out[i]!.inserted || !signal) continue;
    const account = accounts.get(r.accountId);
    if (!account) throw new AppError('NOT_FOUND', 'relationship not found', { field: 'relationshipId' });
    const current = status.get(r.accountId) ?? { now: account.systemContactStatus, changed: false };
    const next = await statusAfterSignal(tx, current.now, signal, { workspaceId: r.workspaceId, accountId: r.accountId, contactId: r.contactId, metadata: r.metadata }, knownFor(inputs[i]!));
    status.set(r.accountId, { now: next, changed: current.changed || next !== current.now });
  }
  await setAccountContactStatuses(tx, [...status].flatMap(([id, s]) => (s.changed ? [{ id, status: s.now }] : [])));
  return out;
}
