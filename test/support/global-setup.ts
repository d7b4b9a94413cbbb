/**
 * Builds one template database with every migration applied; each test file clones it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds instead of re-running migrations.
 */
import { createHash } from 'node:crypto';
import { createPgDb } from '../../src/db/pg-pool.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { urlFor, withAdmin } from './pg-admin.ts';

export default async function setup({ provide }: { provide: (key: string, value: string) => void }): Promise<void> {
  const migrations = await loadMigrations();
  const hash = createHash('sha256').update(migrations.map((m) => m.sql).join('\n')).digest('hex').slice(0, 12);
  const template = `lb_template_${hash}`;
  await withAdmin(async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount) return;
    // Concurrent runs: whoever creates it first wins; a failed half-built template is dropped.
    await c.query(`drop database if exists ${template}_building`);
    await c.query(`create database ${template}_building`);
    const db = createPgDb(urlFor(`${template}_building`), { max: 1 });
    try {
      await migrate(db, migrations);
    } finally {
      await db.close();
    }
    await c.query(`alter database ${template}_building rename to ${template}`);
  });
  provide('templateDb', template);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}
