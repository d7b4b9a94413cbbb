/**
 * A private, throw-away PostgreSQL 15 cluster for the chaos suite that restarts the database: other test
 * files share the machine's PostgreSQL, so that one is never touched. initdb into a temp dir, trust auth,
 * a free loopback port; as root everything runs as the `postgres` OS user (PostgreSQL refuses root).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './dovecot.ts';

const BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
export const pgBinDir = BIN_DIRS.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;

export interface PrivatePostgres {
  port: number;
  url: string;
  /** Fast shutdown: sessions are terminated, in-flight transactions roll back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || stdout || err.message}`));
      else resolve(stdout);
    });
  });
}

async function passwdIds(user: string): Promise<{ uid: number; gid: number }> {
  const out = await run('id', ['-u', user]);
  const gid = await run('id', ['-g', user]);
  return { uid: Number(out.trim()), gid: Number(gid.trim()) };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!pgBinDir) throw new Error('PostgreSQL server binaries not found (initdb, pg_ctl)');
  const asRoot = userInfo().uid === 0;
  const dir = await mkdtemp(join(tmpdir(), 'chaos-pg-'));
  if (asRoot) {
    const pg = await passwdIds('postgres');
    await chown(dir, pg.uid, pg.gid);
  }
  const bin = (name: string) => join(pgBinDir, name);
  const as = (args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', ...args]) : run(args[0]!, args.slice(1)));
  const data = join(dir, 'data');
  await as([bin('initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
  const start = () => as([bin('pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '30', 'start']).then(() => undefined);
  const stopMode = (mode: string) => as([bin('pg_ctl'), '-D', data, '-m', mode, '-w', '-t', '30', 'stop']).then(() => undefined);
  await start();
  let destroyed = false;
  const killOnExit = () => {
    if (!destroyed) void stopMode('immediate').catch(() => {});
  };
  process.once('exit', killOnExit);
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: () => stopMode('fast'),
    async destroy() {
      destroyed = true;
      process.removeListener('exit', killOnExit);
      await stopMode('immediate').catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
