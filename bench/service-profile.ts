/**
 * Where the service's own CPU goes while it drains the pipeline (diagnostic, part of benchmark 4):
 * N replies are acknowledged by the api role, then one worker process (ROLE=worker, a separate
 * process as in `npm run bench`) drains them with V8's CPU profiler on; its profiles (the main
 * thread and the rules thread, one file each) are written to the directory given when it stops.
 * `tsx bench/service-profile.ts [N] [DIR]` (2,000 replies, /tmp/service-profile by default);
 * summarize a file with any .cpuprofile viewer (Chrome DevTools, speedscope).
 */
import { performance } from 'node:perf_hooks';
import { connect, createBenchDb, dropAll, dropBenchDb } from './lib/db.ts';
import { startService } from './lib/service-process.ts';
import { round } from './lib/stats.ts';
import { acknowledgeReplies, waitDrained } from './pgboss-noop.ts';

const n = Number(process.argv[2] ?? 2_000);
const dir = process.argv[3] ?? '/tmp/service-profile';
const db = await createBenchDb('svcprof');
try {
  await acknowledgeReplies(db.url, n);
  const client = await connect(db.url);
  const svc = await startService(db.url, { ROLE: 'worker', NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
  const { done, seconds } = await waitDrained(client, n, performance.now());
  console.log(`${done} replies drained in ${round(seconds, 1)} s (${round(done / seconds)} msgs/s); profiles in ${dir}`);
  await svc.stop();
  await client.end();
} finally {
  await dropBenchDb(db);
  await dropAll();
}
