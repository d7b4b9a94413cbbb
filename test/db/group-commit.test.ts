import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../../src/db/group-commit.ts';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';

describe.each(DB_KINDS)('group commit on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await t.db.query('create table gc_probe (v int primary key)');
  });
  afterAll(() => t.drop());

  it('commits concurrent items together, and one bad item fails alone', async () => {
    const gc = new GroupCommitter<number, number>(t.db, async (tx, vs) => {
      const out: number[] = [];
      for (const v of vs) {
        if (v === 13) throw new Error('unlucky');
        await tx.query('insert into gc_probe (v) values ($1)', [v]);
        out.push(v * 2);
      }
      return out;
    }, { maxWaitMs: 20, maxBatch: 50 });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => gc.submit(i)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[13]).toMatchObject({ status: 'rejected' });
    expect(results[7]).toEqual({ status: 'fulfilled', value: 14 });
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from gc_probe');
    expect(rows[0]?.n).toBe(29);
    await gc.drain();
  });

  it('isolates a poisoned item by splitting the batch, not by replaying everyone one by one', async () => {
    await t.db.query('create table gc_text (v int primary key, s text not null)');
    let transactions = 0;
    const gc = new GroupCommitter<{ v: number; s: string }, number>(t.db, async (tx, items) => {
      transactions++;
      // one multi-row insert, as store-deliveries does: a NUL fails the whole statement in PostgreSQL
      await tx.query('insert into gc_text (v, s) select * from unnest($1::int[], $2::text[])', [items.map((i) => i.v), items.map((i) => i.s)]);
      return items.map((i) => i.v);
    }, { maxWaitMs: 50, maxBatch: 128 });
    const items = Array.from({ length: 128 }, (_, v) => ({ v, s: v === 77 ? 'poison\u0000' : `ok ${v}` }));
    const results = await Promise.allSettled(items.map((i) => gc.submit(i)));
    await gc.drain();
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[77]).toMatchObject({ status: 'rejected', reason: { code: 'VALIDATION' } });
    const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from gc_text');
    expect(rows[0]?.n).toBe(127);
    // 1 batch + 2 per halving down to the poisoned item (log2 128 = 7): 15, against 129 one by one
    expect(transactions).toBeLessThanOrEqual(1 + 2 * 7);
    expect(gc.splits).toBe(7);
  });
});
