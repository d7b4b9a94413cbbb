/**
 * Where the service's resident set goes (issue 13): the service started as benchmark 3 starts it
 * (ROLE=api, `tsx src/main.ts`), then at idle and with N/2 and N webhooks in flight, VmRSS split into
 * anonymous and file-backed pages (/proc/<pid>/status) and V8's own figures from /metrics (heap used
 * and total per space, external memory). Extra node flags are given to tsx, which passes them to node:
 *
 *   tsx bench/rss-profile.ts [--quick] [--node-args "--trace-gc --max-semi-space-size=32"] [--stdout gc.log]
 *
 * With `--snapshots DIR` the service is started with --heapsnapshot-signal=SIGUSR2 and a heap snapshot
 * (a full GC first) is written at each point; expect each to take several seconds.
 */
import { openSync, readFileSync, readdirSync } from 'node:fs';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { createTenant, startService } from './lib/service-process.ts';
import { round, sleep } from './lib/stats.ts';
import { webhookIngest } from './rss.ts';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const snapshots = arg('--snapshots');
const nodeArgs = [...(arg('--node-args') ?? '').split(' ').filter(Boolean), ...(snapshots ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`] : [])];
const stdoutFile = arg('--stdout');
const messages = quick ? 2_000 : 10_000;

function procStatus(pid: number): Record<string, number> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const out: Record<string, number> = {};
  for (const key of ['VmRSS', 'RssAnon', 'RssFile', 'VmHWM']) out[key] = round(Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024, 1);
  return out;
}

async function v8Figures(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^lb_nodejs_(heap_size_used_bytes|heap_size_total_bytes|external_memory_bytes|heap_space_size_used_bytes\{space="(\w+)"\}|heap_space_size_total_bytes\{space="(\w+)"\}) (\S+)/.exec(line);
    if (!m) continue;
    const key = m[2] ? `used:${m[2]}` : m[3] ? `total:${m[3]}` : m[1]!;
    out[key] = round(Number(m[4]) / 1024 / 1024, 1);
  }
  for (const m of text.matchAll(/^lb_nodejs_gc_duration_seconds_(count|sum)\{kind="(\w+)"\} (\S+)/gm)) out[`gc ${m[2]} ${m[1]}`] = round(Number(m[3]), 2);
  return out;
}

async function snapshot(pid: number, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  // the file appears when the snapshot starts; wait until its size stops changing
  let last = -1;
  for (;;) {
    await sleep(1_000);
    const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (!fresh.length) continue;
    const size = readFileSync(`${dir}/${fresh[0]}`).length;
    if (size > 0 && size === last) return;
    last = size;
  }
}

const db = await createBenchDb('rssprof');
try {
  const svc = await startService(db.url, { ROLE: 'api' }, { nodeArgs, stdout: stdoutFile ? openSync(stdoutFile, 'w') : 'ignore' });
  try {
    const tenant = await createTenant(svc.url, 1);
    const report = async (label: string) => {
      await sleep(3_000);
      const line = { point: label, ...procStatus(svc.pid), ...(await v8Figures(svc.url)) };
      console.log(JSON.stringify(line));
      if (snapshots) await snapshot(svc.pid, snapshots);
    };
    await report('idle');
    const ingest = webhookIngest(svc.url, tenant, messages / 2);
    // with --snapshots, one more snapshot in the middle of the first half: what lives while webhooks arrive
    const during = snapshots ? sleep(4_000).then(() => snapshot(svc.pid, snapshots)) : null;
    const r1 = await ingest();
    await during;
    await report(`${messages / 2} in flight (${r1.ok} ok, ${round(r1.durationSec, 1)} s)`);
    const r2 = await ingest();
    await report(`${messages} in flight (${r2.ok} ok, ${round(r2.durationSec, 1)} s)`);
  } finally {
    await svc.stop();
  }
} finally {
  await dropBenchDb(db);
}
