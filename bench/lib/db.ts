/**
 * Throw-away PostgreSQL databases for one benchmark run (`lb_bench_<name>_<pid>`), on the same
 * server the tests use (127.0.0.1:5432). Every database created here is dropped by `dropAll`.
 */
import pg from 'pg';
import { PG_ADMIN_URL, urlFor, withAdmin } from '../../test/support/pg-admin.ts';

const created = new Set<string>();

export interface BenchDb {
  name: string;
  url: string;
}

export async function createBenchDb(label: string): Promise<BenchDb> {
  const name = `lb_bench_${label}_${process.pid}`;
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  created.add(name);
  return { name, url: urlFor(name) };
}

export async function dropBenchDb(db: BenchDb): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${db.name} with (force)`));
  created.delete(db.name);
}

export async function dropAll(): Promise<void> {
  for (const name of [...created]) await dropBenchDb({ name, url: urlFor(name) }).catch(() => {});
}

/** A plain pg client for the baselines and seeding (outside the service: the bench is the client). */
export async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: 'lb-bench' });
  await c.connect();
  return c;
}

export function pool(url: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: url, max, application_name: 'lb-bench' });
}

export async function serverInfo(): Promise<{ version: string; settings: Record<string, string> }> {
  return withAdmin(async (c) => {
    const v = await c.query<{ v: string }>(`select current_setting('server_version') as v`);
    const s = await c.query<{ name: string; value: string }>(
      `select name, current_setting(name) as value from pg_settings
       where name in ('shared_buffers','synchronous_commit','fsync','wal_level','max_connections','commit_delay','work_mem','deadlock_timeout')`,
    );
    const settings: Record<string, string> = {};
    for (const r of s.rows) settings[r.name] = r.value;
    return { version: v.rows[0]?.v ?? '?', settings };
  });
}

export { PG_ADMIN_URL };
