/**
 * The service as real child processes for the chaos suites: `tsx src/main.ts --role <role>`, each in a
 * process group of its own so `kill -9` takes it (and tsx's node child) down at once, and so afterAll can
 * leave nothing behind. A process counts as started when it logs "service started".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PgBoss } from 'pg-boss';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export type Role = 'api' | 'worker' | 'poller' | 'all';

export interface ServiceProc {
  readonly name: string;
  readonly role: Role;
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last log lines (stdout and stderr), for failure messages. */
  readonly tail: string[];
  /** Resolves on "service started"; rejects if the process exits first or takes too long. */
  readonly started: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill9(): Promise<void>;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ServiceProc>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

process.once('exit', () => {
  for (const p of running) killGroup(p.pid, 'SIGKILL');
});

export function spawnService(opts: { name: string; role: Role; env: Record<string, string>; startTimeoutMs?: number; tailLines?: number }): ServiceProc {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    ALLOW_PRIVATE_HOSTS: 'true',
    // Every role listens on PORT (/healthz, /readyz, /metrics): an ephemeral one unless the test picks it.
    PORT: '0',
    ...opts.env,
  };
  const child = spawn(TSX, ['src/main.ts', '--role', opts.role], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${opts.name}`);
  const pid = child.pid;
  const tail: string[] = [];
  const max = opts.tailLines ?? 60;
  let sawStart = false;
  let onStart: () => void = () => {};
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let buf = '';
    stream?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!sawStart && line.includes('"service started"')) {
          sawStart = true;
          onStart();
        }
        tail.push(line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
        if (tail.length > max) tail.shift();
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} did not start in time:\n${tail.join('\n')}`)), opts.startTimeoutMs ?? 30_000);
    onStart = () => {
      clearTimeout(timer);
      resolve();
    };
    void exited.then((e) => {
      clearTimeout(timer);
      if (!sawStart) reject(new Error(`${opts.name} exited (${e.code ?? e.signal}) before it started:\n${tail.join('\n')}`));
    });
  });
  started.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection when killed early

  const proc: ServiceProc = {
    name: opts.name,
    role: opts.role,
    pid,
    child,
    tail,
    started,
    exited,
    alive: () => exitInfo === null,
    async kill9() {
      killGroup(pid, 'SIGKILL');
      await exited;
      killGroup(pid, 'SIGKILL'); // anything of the group still around
      running.delete(proc);
    },
    async stop(graceMs = 25_000) {
      if (exitInfo === null) {
        killGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      killGroup(pid, 'SIGKILL');
      running.delete(proc);
    },
  };
  running.add(proc);
  return proc;
}

/** Every child this file spawned, killed (for afterAll). */
export async function killAllServices(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill9()));
}

/**
 * A pg-boss supervisor beside the service processes that sweeps for lost heartbeats every second.
 * pg-boss claims its monitor pass once per interval across a deployment (60 s by default), so with the
 * defaults a killed worker's jobs return up to a minute after their heartbeat lapses; the suites only
 * need that minute to be shorter, not the behaviour to differ. It runs no handlers.
 */
export async function startFastSupervisor(databaseUrl: string): Promise<{ stop(): Promise<void> }> {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 2, application_name: 'chaos-test:supervisor', supervise: true, schedule: false, migrate: false, superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  boss.on('error', () => {});
  await boss.start();
  return { stop: () => boss.stop({ graceful: false, timeout: 5_000 }) };
}
