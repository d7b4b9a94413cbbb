import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPgDb } from '../../src/db/pg-pool.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { urlFor, withAdmin } from '../support/pg-admin.ts';

describe('migrations', () => {
  const name = `lb_mig_${randomBytes(5).toString('hex')}`;
  beforeAll(() => withAdmin((c) => c.query(`create database ${name}`)));
  afterAll(() => withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)));

  it('several processes starting at once apply each migration exactly once', async () => {
    const dbs = [0, 1, 2, 3].map(() => createPgDb(urlFor(name), { max: 2 }));
    try {
      const results = await Promise.all(dbs.map((db) => migrate(db)));
      const all = await loadMigrations();
      expect(results.flat().sort()).toEqual(all.map((m) => m.name).sort());
      const { rows } = await dbs[0]!.query<{ n: number }>('select count(*)::int as n from schema_migrations');
      expect(rows[0]?.n).toBe(all.length);
      expect(await migrate(dbs[0]!)).toEqual([]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('migration files are numbered upwards without duplicates (numbers reserved for work in progress may leave gaps)', async () => {
    const all = await loadMigrations();
    const versions = all.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });
});
