/**
 * appendEvents (src/crm/append-events.ts) writes the rows appendEvent writes one event at a time, in
 * the given order. Two fresh databases of each kind get the same world and the same seeded random
 * rounds of arrival events (replies, auto-replies, bounces; now and then a send or a hard bounce,
 * which go one at a time, and a status change or rejection, with which the fold's order matters)
 * over several accounts, relationships and workspaces — in and out of time
 * order, at equal times, a key twice in a round, a key stored in an earlier round, now and then an
 * unknown relationship — one database appending each round with appendEvents, the other with
 * appendEvent one at a time. Ids come from a seeded generator (the same in both), so events,
 * relationships' projections and accounts' contact facts and status compare row for row; and the
 * stored projections are what a replay of the log gives. Replay a failure with APPEND_EVENTS_SEED.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// the id generator's state, set by `resetIds` (vi.mock's factory runs before the imports)
const ids = vi.hoisted(() => ({ rand: (): number => 0, clock: 0 }));

// the same ids in both databases: a time prefix (the event's time, or a counter), then seeded random characters
vi.mock('../../src/ids.ts', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/ids.ts')>();
  const chars = '0123456789abcdefghjkmnpqrstvwxyz';
  return {
    ...orig,
    newId: (prefix: string, nowMs?: number) =>
      `${prefix}_${(nowMs ?? ids.clock++).toString(32).padStart(10, '0')}${Array.from({ length: 8 }, () => chars[Math.floor(ids.rand() * 32)]).join('')}`,
  };
});

import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { appendEvent, type AppendEventInput } from '../../src/crm/append-event.ts';
import { appendEvents } from '../../src/crm/append-events.ts';
import { replayRelationship } from '../../src/crm/replay.ts';
import { deriveAccountContact } from '../../src/crm/account-contact.ts';
import { accountSends } from '../../src/crm/db/events.ts';
import { inboundEvidence } from '../../src/crm/db/evidence.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertContact } from '../../src/crm/db/contacts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { insertInboundBatch, type InboundDraft } from '../../src/ingest/db/inbound.ts';
import { isAppError } from '../../src/errors.ts';
import { rng } from '../support/chaos-fuzz.ts';
import type { Contact, EventType, RelationshipStatus } from '../../src/crm/types.ts';
import type { Queryable } from '../../src/db/types.ts';

function resetIds(seed: number): void {
  ids.rand = rng(seed);
  ids.clock = 1_700_000_000_000;
}

interface Partner {
  relId: string;
  workspaceId: string;
  accountId: string;
  inbound: Array<{ id: string; from: string; contactId: string | null }>;
}

interface World {
  partners: Partner[];
  contacts: Map<string, Contact>;
}

const T0 = Date.UTC(2026, 0, 1);

/** The same world in any database: partners, their contacts, earlier sends and the replies to come. */
async function build(db: TestDb['db'], seed: number): Promise<World> {
  resetIds(seed);
  const rand = rng(seed);
  const ag = [await insertAgency(db, 'Agency A'), await insertAgency(db, 'Agency B')];
  const ws = [
    (await insertWorkspace(db, ag[0]!.id, 'one')).workspace.id,
    (await insertWorkspace(db, ag[0]!.id, 'two')).workspace.id,
    (await insertWorkspace(db, ag[1]!.id, 'three')).workspace.id,
  ];
  const contacts = new Map<string, Contact>();
  const partners: Partner[] = [];
  let sent = 0;
  for (let a = 0; a < 4; a++) {
    const domain = `eq-${a}.example`;
    const account = await insertAccount(db, { domain, source: 'SEARCH' });
    const mine = [await insertContact(db, { accountId: account.id, email: `ed@${domain}` }), await insertContact(db, { accountId: account.id, email: `jo@${domain}` })];
    for (const c of mine) contacts.set(c.id, c);
    for (const w of ws) {
      if (rand() < 0.2) continue;
      const status = (['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED', 'PROSPECTING'] as RelationshipStatus[])[Math.floor(rand() * 4)]!;
      const rel = await insertRelationship(db, { workspaceId: w, accountId: account.id, source: 'SEARCH', status });
      // an earlier send (to one contact) now and then: evidence for some replies, a thread to reply in
      const sends: string[] = [];
      if (rand() < 0.6) {
        const to = mine[Math.floor(rand() * 2)]!;
        const messageId = `<sent-${sent++}@agency.example>`;
        sends.push(messageId);
        await db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, contactId: to.id, type: 'EMAIL_SENT', occurredAt: new Date(T0 - 86_400_000 + sent * 1000).toISOString(), metadata: { messageId, to: to.email } }));
      }
      const drafts: InboundDraft[] = [0, 1, 2].map((n) => {
        const who = rand() < 0.75 ? mine[Math.floor(rand() * 2)]! : null;
        const from = who?.email ?? `stranger${n}@elsewhere.example`;
        return {
          workspaceId: w, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<in-${rel.id}-${n}@partner.example>`,
          inReplyTo: sends[0] && rand() < 0.5 ? sends[0] : null, references: [], from: { address: from, name: '' }, to: [], cc: [], subject: `Reply ${n}`,
          text: `hello ${n}`, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null, receivedAt: new Date(T0).toISOString(),
        };
      });
      const inboundIds = await insertInboundBatch(db, drafts);
      partners.push({
        relId: rel.id, workspaceId: w, accountId: account.id,
        inbound: drafts.map((d, n) => ({ id: inboundIds[n]!, from: d.from!.address, contactId: mine.find((c) => c.email === d.from!.address)?.id ?? null })),
      });
    }
  }
  return { partners, contacts };
}

interface Round {
  inputs: AppendEventInput[];
  /** The inbound messages whose evidence the caller passes (the others' is read when needed). */
  withEvidence: Set<string>;
  unknown: boolean;
}

/** A round of events: mostly arrivals, in and out of order, with duplicates; now and then a send, a hard bounce, an unknown relationship. */
function roundOf(rand: () => number, w: World, round: number, clock: { t: number }, usedKeys: string[]): Round {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const inputs: AppendEventInput[] = [];
  const keys: string[] = [];
  const n = 10 + Math.floor(rand() * 25);
  for (let i = 0; i < n; i++) {
    const p = pick(w.partners);
    const m = pick(p.inbound);
    const r = rand();
    // far back (before earlier rounds' events), a little back (before this round's), at the same instant, or later
    const at = r < 0.1 ? clock.t - Math.floor(rand() * 3e8) : r < 0.2 ? clock.t - Math.floor(rand() * 3e6) : r < 0.3 ? clock.t : (clock.t += 1 + Math.floor(rand() * 1e6));
    // status changes and rejections make the fold's order matter (two replies commute)
    const type = pick<EventType>(['EMAIL_RECEIVED', 'EMAIL_RECEIVED', 'EMAIL_RECEIVED', 'EMAIL_RECEIVED', 'AUTO_REPLY_RECEIVED', 'AUTO_REPLY_RECEIVED', 'BOUNCED', 'EMAIL_SENT', 'STATUS_CHANGED', 'REJECTED']);
    const k = rand();
    const key = k < 0.1 && keys.length ? pick(keys) : k < 0.2 && usedKeys.length ? pick(usedKeys) : k < 0.25 ? null : `${m.id}:received:${round}:${i}`;
    if (key) keys.push(key);
    const metadata: Record<string, unknown> =
      type === 'EMAIL_SENT'
        ? { messageId: `<round-${round}-${i}@agency.example>`, to: m.from }
        : type === 'STATUS_CHANGED'
          ? { to: pick(['INACTIVE', 'PROSPECTING', 'ACTIVELY_ENGAGED', 'QUEUED']) }
        : { inboundId: m.id, source: 'IMAP', from: m.from, ...(type === 'BOUNCED' ? (rand() < 0.5 ? { kind: pick(['hard', 'soft']) } : { failedRecipients: [m.from] }) : {}) };
    inputs.push({ relationshipId: p.relId, contactId: m.contactId, type, subject: `s${round}-${i}`, content: `c${round}-${i}`, occurredAt: new Date(at).toISOString(), idempotencyKey: key, metadata });
  }
  const unknown = round % 5 === 4;
  if (unknown) inputs.splice(Math.floor(rand() * inputs.length), 0, { relationshipId: 'rel_unknown', type: 'EMAIL_RECEIVED', occurredAt: new Date(clock.t).toISOString() });
  usedKeys.push(...keys);
  const withEvidence = new Set(w.partners.flatMap((p) => p.inbound.map((m) => m.id)).filter(() => rand() < 0.7));
  return { inputs, withEvidence, unknown };
}

type Outcome = { results: Array<{ id: string; inserted: boolean }> } | { error: string };

async function evidenceOf(tx: Queryable, w: World, r: Round) {
  return inboundEvidence(tx, w.partners.flatMap((p) => p.inbound.filter((m) => r.withEvidence.has(m.id)).map((m) => ({ inboundId: m.id, workspaceId: p.workspaceId, accountId: p.accountId }))));
}

const failure = (e: unknown): Outcome => ({ error: isAppError(e) ? e.code : String(e) });

/** The round with appendEvents, given the evidence and the contacts (as the ingest step passes them). */
async function together(db: TestDb['db'], w: World, r: Round, seed: number): Promise<Outcome> {
  resetIds(seed);
  try {
    const out = await db.transaction(async (tx) => appendEvents(tx, r.inputs, { evidence: await evidenceOf(tx, w, r), contacts: w.contacts }));
    return { results: out.map((x) => ({ id: x.event.id, inserted: x.inserted })) };
  } catch (e) {
    return failure(e);
  }
}

/** The round one appendEvent at a time, given the evidence (each reads its contact). */
async function oneByOne(db: TestDb['db'], w: World, r: Round, seed: number): Promise<Outcome> {
  resetIds(seed);
  try {
    const out = await db.transaction(async (tx) => {
      const evidence = await evidenceOf(tx, w, r);
      const results = [];
      for (const input of r.inputs) results.push(await appendEvent(tx, input, { evidence: evidence.get(String(input.metadata?.['inboundId'])) }));
      return results;
    });
    return { results: out.map((x) => ({ id: x.event.id, inserted: x.inserted })) };
  } catch (e) {
    return failure(e);
  }
}

async function snapshot(db: TestDb['db']) {
  const q = async (sql: string) => (await db.query(sql)).rows;
  return {
    events: await q(`select id, workspace_id, account_id, relationship_id, contact_id, type, subject, content, metadata, occurred_at, idempotency_key from events order by id`),
    relationships: await q(`select id, workspace_id, account_id, status, initial_status, contacted_by_us, first_contacted_by_us_at, last_contacted_by_us_at,
       contacted_by_other_org, first_contacted_at from relationships order by id`),
    accounts: await q(`select id, domain, first_contacted_at, first_contacted_by_org_id, last_contacted_at, last_contacted_by_org_id, contact_attempt_count,
       system_contact_status, best_contact_id from accounts order by id`),
  };
}

describe.each(DB_KINDS)('appendEvents on %s', (kind) => {
  let batch: TestDb;
  let solo: TestDb;
  const seed = Number(process.env['APPEND_EVENTS_SEED'] ?? Date.now() % 100_000);
  let world: World;

  beforeAll(async () => {
    batch = await createTestDb(kind);
    solo = await createTestDb(kind);
    world = await build(batch.db, seed);
    const again = await build(solo.db, seed);
    expect(again.partners).toEqual(world.partners);
    expect([...again.contacts.keys()]).toEqual([...world.contacts.keys()]);
  }, 120_000);
  afterAll(async () => {
    await batch?.drop();
    await solo?.drop();
  });

  it('writes the rows appendEvent writes one at a time, round after round', async () => {
    const rand = rng(seed);
    const clock = { t: T0 };
    const usedKeys: string[] = [];
    const seen = { outOfOrder: 0, duplicates: 0, unknown: 0, inserted: 0, movedStatus: 0 };
    expect(await snapshot(batch.db), `seed ${seed}`).toEqual(await snapshot(solo.db));
    for (let round = 0; round < 12; round++) {
      const r = roundOf(rand, world, round, clock, usedKeys);
      const before = await snapshot(batch.db);
      const got = await together(batch.db, world, r, seed + round);
      const want = await oneByOne(solo.db, world, r, seed + round);
      expect(got, `round ${round}, seed ${seed}`).toEqual(want);
      const after = await snapshot(batch.db);
      expect(after, `round ${round}, seed ${seed}`).toEqual(await snapshot(solo.db));
      if ('error' in got) {
        expect(got.error, `seed ${seed}`).toBe('NOT_FOUND');
        expect(after, `a failed round leaves nothing, seed ${seed}`).toEqual(before);
        seen.unknown++;
      } else {
        seen.inserted += got.results.filter((x) => x.inserted).length;
        seen.duplicates += got.results.filter((x) => !x.inserted).length;
        seen.outOfOrder += r.inputs.filter((x, i) => i > 0 && x.occurredAt < r.inputs[i - 1]!.occurredAt).length;
        seen.movedStatus += after.accounts.filter((a, i) => a['system_contact_status'] !== before.accounts[i]!['system_contact_status']).length;
      }
    }
    // the rounds did what they are for
    expect(seen.inserted, `seed ${seed}`).toBeGreaterThan(50);
    expect(seen.duplicates, `seed ${seed}`).toBeGreaterThan(0);
    expect(seen.outOfOrder, `seed ${seed}`).toBeGreaterThan(0);
    expect(seen.unknown, `seed ${seed}`).toBe(2);
    expect(seen.movedStatus, `seed ${seed}`).toBeGreaterThan(0);
    if (process.env['APPEND_EVENTS_SEEN']) console.log(kind, seed, seen);

    for (const db of [batch.db, solo.db]) {
      for (const p of world.partners) {
        const r = await replayRelationship(db, p.relId);
        expect(r?.stored, `relationship ${p.relId}, seed ${seed}`).toEqual(r?.replayed);
      }
      for (const a of new Set(world.partners.map((p) => p.accountId))) {
        const { rows } = await db.query<Record<string, unknown>>('select first_contacted_at, first_contacted_by_org_id, last_contacted_at, last_contacted_by_org_id, contact_attempt_count from accounts where id = $1', [a]);
        const derived = deriveAccountContact(await accountSends(db, a));
        const s = rows[0]!;
        expect({
          firstContactedAt: s['first_contacted_at'] ? new Date(s['first_contacted_at'] as string).toISOString() : null,
          firstContactedByOrgId: s['first_contacted_by_org_id'],
          lastContactedAt: s['last_contacted_at'] ? new Date(s['last_contacted_at'] as string).toISOString() : null,
          lastContactedByOrgId: s['last_contacted_by_org_id'],
          contactAttemptCount: s['contact_attempt_count'],
        }, `account ${a}, seed ${seed}`).toEqual(derived);
      }
    }
  }, 180_000);

  it('an event that sorts before an earlier one of its list replays its relationship', async () => {
    const account = await insertAccount(batch.db, { domain: 'in-part.example', source: 'SEARCH' });
    const rel = await insertRelationship(batch.db, { workspaceId: world.partners[0]!.workspaceId, accountId: account.id, source: 'SEARCH' });
    const at = (minute: number) => new Date(T0 + 2e12 + minute * 60_000).toISOString();
    // in the log's order: a reply (minute 1), a reply (2), then set INACTIVE (3); folded in the list's order the last reply would re-engage
    await batch.db.transaction((tx) => appendEvents(tx, [
      { relationshipId: rel.id, type: 'EMAIL_RECEIVED', occurredAt: at(2) },
      { relationshipId: rel.id, type: 'STATUS_CHANGED', occurredAt: at(3), metadata: { to: 'INACTIVE' } },
      { relationshipId: rel.id, type: 'EMAIL_RECEIVED', occurredAt: at(1) },
    ]));
    const r = await replayRelationship(batch.db, rel.id);
    expect(r?.replayed.status).toBe('INACTIVE');
    expect(r?.stored).toEqual(r?.replayed);
  });

  it('a part of replies costs a few statements, not a few per reply', async () => {
    const partners = world.partners.slice(0, 8);
    const inputs: AppendEventInput[] = partners.flatMap((p, i) => p.inbound.map((m, n) => ({
      relationshipId: p.relId, contactId: m.contactId, type: 'EMAIL_RECEIVED' as const, occurredAt: new Date(T0 + 1e12 + i * 1000 + n).toISOString(),
      idempotencyKey: `${m.id}:cost`, metadata: { inboundId: m.id, from: m.from },
    })));
    let statements = 0;
    await batch.db.transaction(async (tx) => {
      const evidence = await inboundEvidence(tx, partners.flatMap((p) => p.inbound.map((m) => ({ inboundId: m.id, workspaceId: p.workspaceId, accountId: p.accountId }))));
      const counting: Queryable = { query: (sql, params, opts) => (statements++, tx.query(sql, params, opts)) };
      const out = await appendEvents(counting, inputs, { evidence, contacts: world.contacts });
      expect(out.every((x) => x.inserted)).toBe(true);
    });
    // partners, accounts locked, relationships locked, insert, later-than, projections, statuses
    expect(inputs.length).toBeGreaterThanOrEqual(16);
    expect(statements).toBeLessThanOrEqual(7);
  });
});
