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
});
