/**
 * The one database interface the whole service talks to. Two implementations exist:
 * a `pg.Pool` (src/db/pg-pool.ts) and a single embedded PGlite instance with serialised
 * transactions (src/db/pglite.ts). Nothing outside src/db imports `pg` or PGlite.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * A name for a statement a connection runs again and again with other parameters (a batch insert):
   * PostgreSQL parses and plans it once per connection instead of at every call. The same name must
   * always carry the same text. PGlite ignores it.
   */
  prepareAs?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

/** Internal to src/db: runs a multi-statement script without parameters (migrations). */
export interface ScriptRunner {
  exec(script: string): Promise<void>;
}
