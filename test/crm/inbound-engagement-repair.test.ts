/**
 * Migration 017's data step (src/crm/repairs.ts): relationships whose stored status was derived by the
 * old rule (a reply nobody asked for left them PROSPECTING) are re-derived, so stored == replayed for
 * rows written before the rule changed; a data step runs once, with its migration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { replayRelationship } from '../../src/crm/replay.ts';
import { CRM_DATA_STEPS } from '../../src/crm/repairs.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { getRelationship, upsertRelationship } from '../../src/crm/db/relationships.ts';
import { migrate } from '../../src/db/migrate.ts';

describe.each(DB_KINDS)('migration 017 data step on %s', (kind) => {
  let t: TestDb;
  let ws: string;
  beforeAll(async () => {
    t = await createTestDb(kind);
    ws = (await insertWorkspace(t.db, (await insertAgency(t.db, 'Repair Agency')).id, 'one')).workspace.id;
  });
  afterAll(() => t.drop());

  /** A relationship with these events, its stored projection then set as the old rule left it. */
  const oldRow = async (domain: string, events: Array<{ type: 'EMAIL_RECEIVED' | 'EMAIL_SENT' | 'NOTE_ADDED'; at: string }>, oldStatus: string) => {
    const acct = await upsertAccountByDomain(t.db, domain, 'INBOUND');
    const rel = await upsertRelationship(t.db, ws, acct.id, 'INBOUND');
    for (const e of events) await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: e.type, occurredAt: e.at }));
    await t.db.query('update relationships set status = $2 where id = $1', [rel.id, oldStatus]);
    return rel.id;
  };

  it('re-derives exactly the projections the new rule changes', async () => {
    const unsolicited = await oldRow(`unsolicited-${kind}.example`, [{ type: 'EMAIL_RECEIVED', at: '2026-01-01T00:00:00Z' }], 'PROSPECTING');
    // replied first, then we answered: the old rule said CONTACTED_BY_US, the new one ACTIVELY_ENGAGED
    const answered = await oldRow(`answered-${kind}.example`, [{ type: 'EMAIL_RECEIVED', at: '2026-01-01T00:00:00Z' }, { type: 'EMAIL_SENT', at: '2026-01-02T00:00:00Z' }], 'CONTACTED_BY_US');
    // unchanged by the rule: we wrote first
    const usual = await oldRow(`usual-${kind}.example`, [{ type: 'EMAIL_SENT', at: '2026-01-01T00:00:00Z' }, { type: 'EMAIL_RECEIVED', at: '2026-01-02T00:00:00Z' }], 'ACTIVELY_ENGAGED');
    const untouched = await oldRow(`note-${kind}.example`, [{ type: 'NOTE_ADDED', at: '2026-01-01T00:00:00Z' }], 'PROSPECTING');

    for (const id of [unsolicited, answered]) {
      const r = (await replayRelationship(t.db, id))!;
      expect(r.stored).not.toEqual(r.replayed);
    }
    const before = await getRelationship(t.db, usual);
    await t.db.transaction((tx) => CRM_DATA_STEPS[17]!(tx));
    for (const id of [unsolicited, answered, usual, untouched]) {
      const r = (await replayRelationship(t.db, id))!;
      expect(r.stored, id).toEqual(r.replayed);
    }
    expect((await getRelationship(t.db, unsolicited))!.status).toBe('ACTIVELY_ENGAGED');
    expect((await getRelationship(t.db, answered))!.status).toBe('ACTIVELY_ENGAGED');
    expect((await getRelationship(t.db, untouched))!.status).toBe('PROSPECTING');
    expect((await getRelationship(t.db, usual))!.updatedAt).toBe(before!.updatedAt);
  });

  it('a data step runs once, right after its migration, in its transaction', async () => {
    let runs = 0;
    const m = { version: 999, name: '999_test_data_step.sql', sql: 'create table data_step_probe (x int);' };
    const step = async (tx: Parameters<(typeof CRM_DATA_STEPS)[17]>[0]) => {
      runs++;
      await tx.query('insert into data_step_probe values (1)');
    };
    expect(await migrate(t.db, [m], { 999: step })).toEqual(['999_test_data_step.sql']);
    expect(await migrate(t.db, [m], { 999: step })).toEqual([]);
    expect(runs).toBe(1);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from data_step_probe')).rows[0]!.n).toBe(1);
  });
});
