/**
 * The service as a separate process (`node_modules/.bin/tsx src/main.ts`), so the load generator in
 * this process does not share its event loop. tsx runs the program in a child node process; `pid`
 * is that node process (the one whose RSS we read), found through /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { sleep } from './stats.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = resolve(ROOT, 'node_modules', '.bin', 'tsx');
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface ServiceProcess {
  url: string;
  /** The node process running src/main.ts (not the tsx wrapper). */
  pid: number;
  wrapperPid: number;
  stderr(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** The deepest descendant running `script` (tsx may wrap the program in one more process). */
function programPid(rootPid: number, script: string): number | null {
  let best: number | null = cmdline(rootPid).includes(script) ? rootPid : null;
  const stack = [...childrenOf(rootPid)];
  while (stack.length) {
    const pid = stack.pop()!;
    if (cmdline(pid).includes(script)) best = pid;
    stack.push(...childrenOf(pid));
  }
  return best;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function readRss(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before answering ${url}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

/** Starts `script` (relative to the repo) with tsx and the given environment; resolves once `readyPath` answers 2xx. */
/** Options for profiling runs: node flags (e.g. `--trace-gc`) and a file descriptor for the program's standard output. */
export interface ProcessOptions {
  nodeArgs?: string[];
  stdout?: number | 'ignore';
}

export async function startProcess(script: string, env: Record<string, string>, readyPath: string, opts: ProcessOptions = {}): Promise<ServiceProcess> {
  const port = await freePort();
  let stderr = '';
  const child = spawn(TSX, [...(opts.nodeArgs ?? []), script], {
    cwd: ROOT,
    env: { PATH: `${resolve(ROOT, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`, HOME: process.env['HOME'] ?? '/tmp', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url + readyPath, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${script} did not start: ${(e as Error).message}\n${stderr}`, { cause: e });
  }
  const wrapperPid = child.pid!;
  const pid = programPid(wrapperPid, script) ?? wrapperPid;
  return {
    url,
    pid,
    wrapperPid,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(25_000).then(() => true)]);
      if (timedOut) {
        for (const p of [pid, wrapperPid]) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        await exited;
      }
    },
  };
}

export async function startService(databaseUrl: string, extraEnv: Record<string, string> = {}, opts: ProcessOptions = {}): Promise<ServiceProcess> {
  return startProcess('src/main.ts', { DATABASE_URL: databaseUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent', ...extraEnv }, '/healthz', opts);
}

/** JSON call with a bearer token; throws on a non-2xx answer. */
export async function callJson<T>(url: string, method: string, token: string, body?: unknown): Promise<T> {
  const r = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url} → ${r.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export interface Tenant {
  agencyId: string;
  workspaceIds: string[];
  webhookSecrets: string[];
  apiKey: string;
}

/** An agency with `workspaces` workspaces and an API key, through the admin API. */
export async function createTenant(url: string, workspaces = 1, name = 'Bench Agency'): Promise<Tenant> {
  const agency = await callJson<{ id: string }>(`${url}/v1/admin/agencies`, 'POST', ADMIN_TOKEN, { name });
  const workspaceIds: string[] = [];
  const webhookSecrets: string[] = [];
  for (let i = 0; i < workspaces; i++) {
    const ws = await callJson<{ id: string; webhookSecret: string }>(`${url}/v1/admin/workspaces`, 'POST', ADMIN_TOKEN, { agencyId: agency.id, name: `Client ${i + 1}` });
    workspaceIds.push(ws.id);
    webhookSecrets.push(ws.webhookSecret);
  }
  const key = await callJson<{ apiKey: string }>(`${url}/v1/admin/api-keys`, 'POST', ADMIN_TOKEN, { agencyId: agency.id });
  return { agencyId: agency.id, workspaceIds, webhookSecrets, apiKey: key.apiKey };
}
