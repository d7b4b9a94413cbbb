/**
 * Stopping the service the way people do: SIGTERM to `npm start` stops the service itself and frees
 * DATA_DIR, so the next start works; a lock left by a killed process is taken over; the embedded
 * database refuses a role split before it starts anything.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/chaos-procs.ts';
import { waitFor } from '../support/wait-for.ts';

interface Started {
  npm: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  /** The "service started" log line. */
  started: Promise<{ port: number; node: string; role: string }>;
}

const spawned: ChildProcess[] = [];
afterAll(() => {
  // anything of ours still running (a failed assertion): its whole process group
  for (const c of spawned) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function npmStart(env: Record<string, string>, args: string[] = []): Started {
  const npm = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: REPO_ROOT,
    // PATH as the machine has it (Node 20 first): npm start must still run the project's Node 22
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(npm);
  const lines: string[] = [];
  let onStarted: (v: { port: number; node: string; role: string }) => void = () => {};
  const started = new Promise<{ port: number; node: string; role: string }>((resolve) => (onStarted = resolve));
  for (const stream of [npm.stdout, npm.stderr]) {
    let buf = '';
    stream.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (line.includes('"service started"')) onStarted(JSON.parse(line) as { port: number; node: string; role: string });
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  void exited.then(() => onStarted({ port: 0, node: '', role: `exited before starting:\n${lines.join('\n')}` }));
  return { npm, lines, exited, started };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const lockPid = (dir: string) => Number(readFileSync(path.join(dir, 'agent.lock'), 'utf8').trim());

describe('npm start and stopping', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('SIGTERM to npm stops the service and frees DATA_DIR; a lock left by a killed service is taken over', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lb-stop-'));
    dirs.push(dir);

    const first = npmStart({ DATA_DIR: dir });
    const info = await first.started;
    expect(info.role).toBe('all');
    expect(info.node).toMatch(/^v22\./); // the project's Node (node_modules/.bin/node), not the machine's
    const servicePid = lockPid(dir);
    expect(servicePid).not.toBe(first.npm.pid);
    expect(alive(servicePid)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${info.port}/healthz`)).status).toBe(200);

    process.kill(first.npm.pid!, 'SIGTERM'); // npm only, not its group
    await first.exited;
    await waitFor(() => !alive(servicePid), { what: 'the service process to exit', timeoutMs: 30_000 });
    expect(first.lines.join('\n')).toContain('"service stopped"');
    expect(existsSync(path.join(dir, 'agent.lock'))).toBe(false);

    // the next start works; then the service is killed outright and leaves its lock behind
    const second = npmStart({ DATA_DIR: dir });
    expect((await second.started).port).toBeGreaterThan(0);
    const secondPid = lockPid(dir);
    process.kill(secondPid, 'SIGKILL');
    await second.exited;
    expect(alive(secondPid)).toBe(false);
    expect(lockPid(dir)).toBe(secondPid);

    // the stale lock (its process is dead) is taken over
    const third = npmStart({ DATA_DIR: dir });
    const thirdInfo = await third.started;
    expect(thirdInfo.port).toBeGreaterThan(0);
    expect(lockPid(dir)).not.toBe(secondPid);
    expect(alive(lockPid(dir))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${thirdInfo.port}/readyz`)).status).toBe(200);
    process.kill(third.npm.pid!, 'SIGTERM');
    await third.exited;
    await waitFor(() => !existsSync(path.join(dir, 'agent.lock')), { what: 'the lock to be released', timeoutMs: 30_000 });
  }, 120_000);

  it('a lock held by a live process is refused with a message naming it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lb-stop-'));
    dirs.push(dir);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'agent.lock'), String(process.pid)); // this test runner: alive
    const s = npmStart({ DATA_DIR: dir });
    expect(await s.exited).not.toBe(0);
    expect(s.lines.join('\n')).toContain(`is in use by process ${process.pid}`);
    expect(lockPid(dir)).toBe(process.pid);
  }, 60_000);

  it.each(['api', 'worker', 'poller'])('--role %s on the embedded database exits non-zero naming DATABASE_URL', async (role) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lb-stop-'));
    dirs.push(dir);
    const s = npmStart({ DATA_DIR: dir }, ['--role', role]);
    expect(await s.exited).not.toBe(0);
    expect(s.lines.join('\n')).toContain(`ROLE: "${role}" needs DATABASE_URL`);
    expect(existsSync(path.join(dir, 'agent.lock'))).toBe(false); // nothing was opened
  }, 60_000);
});
