/**
 * Migration 012 was edited after it first landed. A database migrated with its first text must end,
 * after every migration, in the same schema as a fresh one (migration 015 repairs it), on both
 * databases. The first text is kept here verbatim (git show e7de645:src/db/migrations/012_workspace_scoped_keys.sql).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createPgDb } from '../../src/db/pg-pool.ts';
import { createPgliteDb } from '../../src/db/pglite.ts';
import { loadMigrations, migrate, type Migration } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/types.ts';
import { DB_KINDS, type DbKind } from '../support/test-db.ts';
import { urlFor, withAdmin } from '../support/pg-admin.ts';

const FIRST_012 = `-- Idempotency keys are per workspace: the same Instantly payload posted to two workspaces is two
-- events, one in each (issue 10). A key also no longer finds another workspace's event.
alter table events drop constraint events_idempotency_key_key;
create unique index events_workspace_idempotency_idx on events (workspace_id, idempotency_key);

-- Each workspace's webhook deliveries not yet processed: counted when jobs are queued, so a workspace
-- with a large backlog queues behind a workspace with a small one (src/jobs/fair-priority.ts).
create index webhook_events_unprocessed_idx on webhook_events (workspace_id) where processed_at is null;
`;

/** Tables, columns, indexes and constraints of the service's schema (pg-boss's own schema aside). */
async function schemaOf(db: Db): Promise<string[]> {
  const cols = await db.query<{ s: string }>(`select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as s
    from information_schema.columns where table_schema = current_schema()`);
  const idx = await db.query<{ s: string }>(`select indexdef as s from pg_indexes where schemaname = current_schema()`);
  const cons = await db.query<{ s: string }>(`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as s
    from pg_constraint where connamespace = current_schema()::regnamespace`);
  return [...cols.rows, ...idx.rows, ...cons.rows].map((r) => r.s).sort();
}

const withFirst012 = (all: Migration[]): Migration[] => all.map((m) => (m.version === 12 ? { ...m, sql: FIRST_012 } : m));

describe.each(DB_KINDS)('migration 012 edited after landing (%s)', (kind: DbKind) => {
  const dropped: string[] = [];
  afterAll(async () => {
    for (const name of dropped) await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
  });

  async function emptyDb(): Promise<Db> {
    if (kind === 'pglite') return createPgliteDb(undefined);
    const name = `lb_mig12_${randomBytes(5).toString('hex')}`;
    await withAdmin((c) => c.query(`create database ${name}`));
    dropped.push(name);
    return createPgDb(urlFor(name), { max: 2 });
  }

  async function schemaAfter(migrations: Migration[]): Promise<string[]> {
    const db = await emptyDb();
    try {
      await migrate(db, migrations);
      return await schemaOf(db);
    } finally {
      await db.close();
    }
  }

  // A PGlite instance takes seconds to start on a loaded machine: each schema is built once.
  let fresh: string[] = [];

  it('a database migrated with the first text of 012 ends in the same schema as a fresh one', { timeout: 180_000 }, async () => {
    // Up to the repair: what later migrations do is the same on both paths.
    const all = (await loadMigrations()).filter((m) => m.version <= 15);
    expect(all.some((m) => m.version === 15)).toBe(true);
    fresh = await schemaAfter(all);
    const repaired = await schemaAfter(withFirst012(all));
    expect(repaired).toEqual(fresh);
    expect(fresh.some((s) => s.includes('inbound_undecided_idx'))).toBe(true);
  });

  it('without the repair they differ (what 015 is for), and 015 on a fresh database changes nothing', { timeout: 180_000 }, async () => {
    const upTo14 = (await loadMigrations()).filter((m) => m.version <= 14);
    const fresh14 = await schemaAfter(upTo14);
    const first14 = await schemaAfter(withFirst012(upTo14));
    expect(first14).not.toEqual(fresh14);
    expect(first14.filter((s) => !fresh14.includes(s)).join('\n')).toMatch(/webhook_events_unprocessed_idx ON public\.webhook_events USING btree \(workspace_id\)/);
    expect(fresh14.filter((s) => !first14.includes(s)).some((s) => s.includes('inbound_undecided_idx'))).toBe(true);
    expect(fresh).toEqual(fresh14);
  });
});
