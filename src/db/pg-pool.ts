import pg from 'pg';
import type { Db, Queryable, QueryOptions, QueryResult, ScriptRunner } from './types.ts';
import { translatePgError } from './pg-errors.ts';

// int8 (counts, sums) fits in a JS number for every value this service stores.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric (prices) is returned as a number; amounts here are money with 2 decimals.
pg.types.setTypeParser(1700, (v) => Number(v));

type PgQueryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function wrap(client: PgQueryable): Queryable & ScriptRunner {
  return {
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
      try {
        const values = params as unknown[] | undefined;
        const r = opts?.prepareAs ? await client.query({ name: opts.prepareAs, text: sql, values }) : await client.query(sql, values);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
      } catch (e) {
        throw translatePgError(e);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await client.query(script);
      } catch (e) {
        throw translatePgError(e);
      }
    },
  };
}

export function createPgDb(connectionString: string, opts: { max?: number; applicationName?: string } = {}): Db & ScriptRunner {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'linkbuilding-agent',
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (e.g. PostgreSQL restart) must not crash the process.
  pool.on('error', () => {});
  const self = wrap(pool);
  return {
    kind: 'postgres',
    query: self.query,
    exec: self.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw translatePgError(e);
      }
      // A checked-out client has no listener of the pool's: without one, the connection dying under it
      // (a PostgreSQL restart) is an unhandled 'error' event that kills the process. The statement in
      // flight fails on its own; the client is marked broken so it is destroyed, not reused.
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw translatePgError(e);
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
