/**
 * The step runner isolates a poisoned job by splitting its batch: the job is dead-lettered alone, the
 * others commit, and the batch does not fall back to one transaction per job. Real PostgreSQL, real pg-boss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, type Boss } from '../../src/jobs/boss.ts';
import { registerStep } from '../../src/jobs/run-step.ts';
import { AppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/db/types.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { waitFor } from '../support/wait-for.ts';

describe('registerStep with a poisoned job in the batch', () => {
  let t: TestDb;
  let boss: Boss;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    boss = createBoss(t.db, t.url);
    await boss.start();
    await t.db.query('create table step_probe (v int primary key)');
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await t?.drop();
  });

  it('dead-letters the poisoned job alone and commits the other 63 in a handful of transactions', async () => {
    await boss.createQueue('test.split.dead');
    await boss.createQueue('test.split', { deadLetter: 'test.split.dead', retryLimit: 0 });
    await boss.insert('test.split', Array.from({ length: 64 }, (_, v) => ({ data: { v } })));
    let transactions = 0;
    const counting: Db = { ...t.db, transaction: (fn) => { transactions++; return t.db.transaction(fn); } };
    await registerStep<{ v: number }>({ db: counting, boss, log: createLogger('silent') }, 'test.split', {
      apply: async (tx, { v }) => {
        if (v === 41) throw new AppError('VALIDATION', 'poisoned');
        await tx.query('insert into step_probe (v) values ($1)', [v]);
      },
    }, { batchSize: 64, pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (await t.db.query<{ n: number }>('select count(*)::int as n from step_probe')).rows[0]?.n === 63, { what: '63 jobs applied' });
    let dead: Array<{ data: { v: number } }> = [];
    await waitFor(async () => (dead = await boss.fetch<{ v: number }>('test.split.dead', { batchSize: 10 })).length > 0, { what: 'the poisoned job in the dead-letter queue' });
    expect(dead.map((j) => j.data.v)).toEqual([41]);
    // 1 for the batch + 2 per halving (log2 64 = 6), against 65 when every job is retried alone
    expect(transactions).toBeLessThanOrEqual(1 + 2 * 6);
  });

  it('runs a batch\'s prepare calls prepareConcurrency at a time, each job applied with its own result', async () => {
    await boss.createQueue('test.prepare');
    await boss.insert('test.prepare', Array.from({ length: 12 }, (_, v) => ({ data: { v: 1_000 + v } })));
    let inFlight = 0;
    let most = 0;
    await registerStep<{ v: number }, number>({ db: t.db, boss, log: createLogger('silent') }, 'test.prepare', {
      prepareConcurrency: 4,
      prepare: async ({ v }) => {
        most = Math.max(most, ++inFlight);
        // Each prepare stays in flight until the event loop has turned a few times.
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        inFlight--;
        return v * 2;
      },
      apply: async (tx, { v }, doubled) => {
        await tx.query('insert into step_probe (v) values ($1)', [doubled === v * 2 ? v : -v]);
      },
    }, { batchSize: 12, pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (await t.db.query<{ n: number }>('select count(*)::int as n from step_probe where v >= 1000')).rows[0]?.n === 12, { what: '12 jobs applied' });
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from step_probe where v <= -1000')).rows[0]?.n).toBe(0);
    expect(most).toBe(4);
  });
});
