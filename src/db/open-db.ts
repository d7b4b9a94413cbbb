import type { Db } from './types.ts';
import { createPgDb } from './pg-pool.ts';

export interface OpenDbOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize?: number;
}

/** DATABASE_URL set: that PostgreSQL server. Unset: the embedded PGlite in DATA_DIR. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return createPgDb(opts.databaseUrl, { max: opts.poolSize ?? 10 });
  // loaded only here: a process on PostgreSQL never holds the embedded database's code
  const { createPgliteDb } = await import('./pglite.ts');
  return createPgliteDb(opts.dataDir);
}
