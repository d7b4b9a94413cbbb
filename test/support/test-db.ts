import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { createPgDb } from '../../src/db/pg-pool.ts';
import { createPgliteDb } from '../../src/db/pglite.ts';
import { migrate } from '../../src/db/migrate.ts';
import { urlFor, withAdmin } from './pg-admin.ts';

export type DbKind = 'postgres' | 'pglite';

export interface TestDb {
  db: Db;
  kind: DbKind;
  /** Set for PostgreSQL: the connection string of this test's own database. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** Both implementations of the Db interface; suites that must hold on both run over this list. */
export const DB_KINDS: DbKind[] = ['postgres', 'pglite'];

/**
 * A database of its own for one test file: a clone of the migrated template on PostgreSQL, or a
 * fresh in-memory PGlite. Kept when KEEP_TEST_DB=1 so a failure can be inspected.
 */
export async function createTestDb(kind: DbKind = 'postgres'): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await createPgliteDb(undefined);
    await migrate(db);
    return { db, kind, url: undefined, drop: () => db.close().catch(() => {}) };
  }
  const name = `lb_test_${randomBytes(6).toString('hex')}`;
  const template = inject('templateDb');
  await withAdmin((c) => c.query(`create database ${name} template ${template}`));
  const url = urlFor(name);
  const db = createPgDb(url, { max: 5 });
  return {
    db,
    kind,
    url,
    async drop() {
      await db.close().catch(() => {}); // the service under test may have closed it already
      if (process.env['KEEP_TEST_DB'] === '1') return;
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
