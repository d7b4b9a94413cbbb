import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { replayRelationship } from '../../src/crm/replay.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { getAccount, upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { getRelationship, insertRelationship, upsertRelationship } from '../../src/crm/db/relationships.ts';
import { isAppError } from '../../src/errors.ts';
import type { EventType } from '../../src/crm/types.ts';
import { deriveAccountContact } from '../../src/crm/account-contact.ts';
import { accountSends } from '../../src/crm/db/events.ts';

/** A small seeded PRNG so a failing random sequence can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(DB_KINDS)('CRM event log on %s', (kind) => {
  let t: TestDb;
  let ws: string[];
  beforeAll(async () => {
    t = await createTestDb(kind);
    const ag = await insertAgency(t.db, 'Agency A');
    const ag2 = await insertAgency(t.db, 'Agency B');
    ws = [
      (await insertWorkspace(t.db, ag.id, 'one')).workspace.id,
      (await insertWorkspace(t.db, ag.id, 'two')).workspace.id,
      (await insertWorkspace(t.db, ag2.id, 'three')).workspace.id,
    ];
  });
  afterAll(() => t.drop());

  it('the database refuses to update or delete an event', async () => {
    const acct = await upsertAccountByDomain(t.db, 'append-only.example', 'MANUAL');
    const rel = await upsertRelationship(t.db, ws[0]!, acct.id, 'MANUAL');
    const { event } = await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: 'NOTE_ADDED', content: 'hi', occurredAt: new Date() }));
    await expect(t.db.query("update events set content = 'changed' where id = $1", [event.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from events where id = $1', [event.id])).rejects.toThrow(/append-only/);
    const { rows } = await t.db.query<{ content: string }>('select content from events where id = $1', [event.id]);
    expect(rows[0]?.content).toBe('hi');
  });

  it('an idempotency key makes a repeated append a no-op', async () => {
    const acct = await upsertAccountByDomain(t.db, 'idempotent.example', 'MANUAL');
    const rel = await upsertRelationship(t.db, ws[0]!, acct.id, 'MANUAL');
    const append = () => t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: 'EMAIL_SENT', occurredAt: '2026-01-01T00:00:00Z', idempotencyKey: 'msg-1:EMAIL_SENT' }));
    const first = await append();
    const second = await append();
    expect(first.inserted).toBe(true);
    expect(second.inserted).toBe(false);
    expect(second.event.id).toBe(first.event.id);
    expect((await getAccount(t.db, acct.id))?.contactAttemptCount).toBe(1);
  });

  it('a failed append leaves nothing behind', async () => {
    const err = await t.db.transaction((tx) => appendEvent(tx, { relationshipId: 'rel_missing', type: 'NOTE_ADDED', occurredAt: new Date() })).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('NOT_FOUND');
  });

  it('sends by one workspace show on the others as contacted by another org, and on the shared account', async () => {
    const acct = await upsertAccountByDomain(t.db, 'shared.example', 'MANUAL');
    const mine = await upsertRelationship(t.db, ws[0]!, acct.id, 'MANUAL');
    const theirs = await insertRelationship(t.db, { workspaceId: ws[2]!, accountId: acct.id, source: 'SEARCH', status: 'QUEUED' });
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: mine.id, type: 'EMAIL_SENT', occurredAt: '2026-01-02T00:00:00Z' }));
    const other = await getRelationship(t.db, theirs.id);
    expect(other?.status).toBe('CONTACTED_BY_OTHER_ORG');
    expect(other?.contactedByOtherOrg).toBe(true);
    expect(other?.contactedByUs).toBe(false);
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: theirs.id, type: 'EMAIL_SENT', occurredAt: '2026-01-03T00:00:00Z' }));
    const a = await getAccount(t.db, acct.id);
    expect(a).toMatchObject({
      contactAttemptCount: 2,
      firstContactedByOrgId: ws[0],
      lastContactedByOrgId: ws[2],
      firstContactedAt: '2026-01-02T00:00:00.000Z',
      lastContactedAt: '2026-01-03T00:00:00.000Z',
      systemContactStatus: 'CONTACTED',
    });
    expect((await getRelationship(t.db, theirs.id))?.status).toBe('CONTACTED_BY_US');
    expect((await getRelationship(t.db, mine.id))?.contactedByOtherOrg).toBe(true);
  });

  it('replaying the events of every relationship after a random sequence gives the stored projection', async () => {
    const seed = Number(process.env['REPLAY_SEED'] ?? Date.now() % 100_000);
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const accounts = await Promise.all([0, 1, 2, 3].map((i) => upsertAccountByDomain(t.db, `replay-${kind}-${i}.example`, 'SEARCH')));
    const rels = [];
    for (const a of accounts) for (const w of ws) if (rand() < 0.8) rels.push(await insertRelationship(t.db, { workspaceId: w, accountId: a.id, source: 'SEARCH', status: pick(['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED'] as const) }));
    const types: EventType[] = ['EMAIL_SENT', 'EMAIL_SENT', 'EMAIL_RECEIVED', 'EMAIL_RECEIVED', 'AUTO_REPLY_RECEIVED', 'BOUNCED', 'REJECTED', 'LINK_PLACED', 'NOTE_ADDED', 'STATUS_CHANGED', 'RATE_NEGOTIATED', 'MESSAGE_CLASSIFIED'];
    const statuses = ['PROSPECTING', 'ACTIVELY_ENGAGED', 'INACTIVE', 'QUEUED', 'NOT_INTERESTED'];
    // Mostly in time order (the stored projection is updated with one step), now and then out of order
    // (backfills, late webhooks: the projections are replayed), and now and then at the same instant
    // (the fold orders by id then).
    let clock = Date.UTC(2026, 0, 1);
    const order = { inOrder: 0, outOfOrder: 0 };
    for (let i = 0; i < 200; i++) {
      const rel = pick(rels);
      const type = pick(types);
      const r = rand();
      let at: number;
      if (r < 0.2) {
        at = clock - Math.floor(rand() * 5e8);
        order.outOfOrder++;
      } else {
        if (r > 0.3) clock += 1 + Math.floor(rand() * 1e6);
        at = clock;
        order.inOrder++;
      }
      const metadata = type === 'STATUS_CHANGED' ? { to: pick(statuses) } : type === 'BOUNCED' ? { kind: pick(['hard', 'soft']) } : type === 'EMAIL_SENT' && rand() < 0.1 ? { doNotContact: true } : {};
      await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type, occurredAt: new Date(at).toISOString(), metadata }));
    }
    expect(order.inOrder).toBeGreaterThan(0);
    expect(order.outOfOrder).toBeGreaterThan(0);
    for (const rel of rels) {
      const r = await replayRelationship(t.db, rel.id);
      expect(r?.stored, `relationship ${rel.id}, seed ${seed}`).toEqual(r?.replayed);
    }
    // the shared account's contact facts too: stored == derived from every workspace's sends
    for (const a of accounts) {
      const stored = (await getAccount(t.db, a.id))!;
      const { firstContactedAt, firstContactedByOrgId, lastContactedAt, lastContactedByOrgId, contactAttemptCount } = stored;
      expect({ firstContactedAt, firstContactedByOrgId, lastContactedAt, lastContactedByOrgId, contactAttemptCount }, `account ${a.id}, seed ${seed}`).toEqual(deriveAccountContact(await accountSends(t.db, a.id)));
    }
  });
});
