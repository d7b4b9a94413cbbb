import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db, Queryable, ScriptRunner } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant works; it only has to be the same in every process of this service.
const MIGRATION_LOCK_KEY = 7_314_159_265;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const f of files) {
    out.push({ version: Number(f.slice(0, 3)), name: f, sql: await readFile(path.join(dir, f), 'utf8') });
  }
  const versions = new Set(out.map((m) => m.version));
  if (versions.size !== out.length) throw new Error('two migrations share a number');
  return out;
}

/**
 * A data step of a migration that SQL cannot express (re-deriving stored projections with the
 * TypeScript rules): run right after that version's SQL, in the same transaction, exactly once.
 */
export type DataStep = (tx: Queryable) => Promise<void>;

/**
 * Applies pending numbered, forward-only migrations in one transaction, under a transaction-scoped
 * advisory lock so that several processes starting at once apply each migration exactly once.
 * Returns the names applied.
 */
export async function migrate(db: Db, migrations?: Migration[], dataSteps: Readonly<Record<number, DataStep>> = {}): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    const runner = tx as Queryable & Partial<ScriptRunner>;
    if (!runner.exec) throw new Error('transaction connection cannot run scripts');
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const { rows } = await tx.query<{ version: number }>('select version from schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await runner.exec(m.sql);
      await dataSteps[m.version]?.(tx);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      applied.push(m.name);
    }
    return applied;
  });
}
