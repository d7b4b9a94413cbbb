import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, ScriptRunner } from './types.ts';
import { translatePgError } from './pg-errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

interface PgliteLike {
  query<T>(sql: string, params?: unknown[], opts?: object): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

// Same JS shapes as the pg driver (src/db/pg-pool.ts): int8 and numeric as numbers.
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

/**
 * Lets the event loop turn before a statement. PGlite runs each statement synchronously, in this
 * thread, and resolves its promise at once; a chain of awaited statements (a step's transaction, a
 * batch of jobs) therefore ran as one unbroken stretch of microtasks in which no timer fired and no
 * socket was read: a 600-statement transaction held `/healthz` for 300–700 ms. Yielding to the
 * check phase (setImmediate) first lets the I/O that arrived meanwhile be served between statements;
 * it costs microseconds per statement. Within a transaction nothing else can run a statement (PGlite's
 * mutex), so yielding changes no result.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function wrap(conn: PgliteLike): Queryable & ScriptRunner {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      await turn();
      try {
        const r = await conn.query<T>(sql, params ? [...params] : undefined);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      } catch (e) {
        throw translatePgError(e);
      }
    },
    async exec(script: string): Promise<void> {
      await turn();
      try {
        await conn.exec(script);
      } catch (e) {
        throw translatePgError(e);
      }
    },
  };
}

/**
 * The embedded default: one PGlite instance. PGlite is a single connection; its own
 * `query`/`exec`/`transaction` share one mutex, so a transaction here excludes every other
 * statement (including pg-boss's, which goes through the same instance) until it ends.
 * Code inside `transaction` must use the `tx` it is given, never the outer Db (that would deadlock).
 */
export async function createPgliteDb(dataDir: string | undefined): Promise<Db & ScriptRunner & { pglite: PGlite }> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers });
  } catch (e) {
    unlock();
    throw e;
  }
  const self = wrap(pglite as unknown as PgliteLike);
  return {
    kind: 'pglite',
    pglite,
    query: self.query,
    exec: self.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      try {
        return await pglite.transaction(async (tx) => fn(wrap(tx as unknown as PgliteLike)));
      } catch (e) {
        throw translatePgError(e);
      }
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
