/**
 * `npm run bench` — every benchmark, each reported as a ratio to a baseline measured in the same
 * run on this machine; never asserted as timings in tests. Prints a table, writes
 * bench/results/last.json and (after a full run) the generated sections of docs/benchmarks.md.
 *
 *   npm run bench                 # ~5 minutes
 *   npm run bench -- --quick      # ~1-2 minutes, CRM at --scale 0.1, docs untouched
 *   npm run bench -- --scale 0.5 --only crm,rss
 *
 * Traffic goes only to 127.0.0.1 (the service, PostgreSQL). Databases are throw-away
 * `lb_bench_*` databases on the test server (127.0.0.1:5432), dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, wants, type BenchArgs } from './lib/args.ts';
import { dropAll, serverInfo } from './lib/db.ts';
import { printTable, updateDoc, writeJson, type Row } from './lib/report.ts';
import { ROOT } from './lib/service-process.ts';
import { round } from './lib/stats.ts';
import { runWebhookBench, type WebhookBenchResult } from './webhook-ingest.ts';
import { runWebhookProfile, type WebhookProfile } from './webhook-profile.ts';
import { runCrmBench, type CrmBenchResult } from './crm-lists.ts';
import { runRssBench, type RssBenchResult } from './rss.ts';
import { runPgBossNoop, runPipelineEndToEnd, type PgBossNoopResult, type PipelineResult } from './pgboss-noop.ts';
import { runImapBackfill, type ImapBackfillResult } from './imap-backfill.ts';
import { DOC_TEMPLATE, sections } from './docs.ts';
import { runFairnessBench, type FairnessBenchResult } from './fairness.ts';

export interface RunResults {
  startedAt: string;
  command: string;
  mode: 'full' | 'quick';
  args: BenchArgs;
  environment: {
    commit: string;
    node: string;
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    postgres: string;
    postgresSettings: Record<string, string>;
    loadavgStart: number;
    loadavgEnd: number;
  };
  totalSeconds: number;
  webhook: WebhookBenchResult | null;
  webhookProfile: WebhookProfile | null;
  crm: CrmBenchResult | null;
  rss: RssBenchResult | null;
  pgboss: PgBossNoopResult | null;
  pipeline: PipelineResult | null;
  imap: ImapBackfillResult | null;
  fairness: FairnessBenchResult | null;
}

const t0 = performance.now();
const log = (m: string): void => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${m}`);

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function rows(r: RunResults): Row[] {
  const out: Row[] = [];
  const w = r.webhook;
  if (w) {
    out.push({
      benchmark: `webhook ingest, ${w.connections} conns, ${(w.payloadBytes / 1024).toFixed(1)} KB`,
      figure: `${w.service.ackPerSec} acked/s (p50 ${w.service.p50} ms, p99 ${w.service.p99} ms)`,
      baseline: `raw ${w.raw.clients}-client INSERT ${w.raw.rowsPerSec} rows/s`,
      ratio: w.ratioVsRaw.toFixed(2),
      target: '≥ 0.70',
    });
    out.push({
      benchmark: 'webhook ingest vs bare express',
      figure: `${w.service.ackPerSec} acked/s`,
      baseline: `express + 1 INSERT ${w.bareExpress.reqPerSec} req/s`,
      ratio: w.ratioVsBareExpress.toFixed(2),
      target: '',
    });
    if (w.ackOnlyProbe) {
      out.push({
        benchmark: 'design probe: ack-only webhook route',
        figure: `${w.ackOnlyProbe.ackPerSec} acked/s (p99 ${w.ackOnlyProbe.p99} ms; @${w.fixedRate.targetRate}/s p99 ${w.ackOnlyProbe.fixedRateP99} ms)`,
        baseline: `raw ${w.raw.clients}-client INSERT ${w.raw.rowsPerSec} rows/s`,
        ratio: w.ackOnlyProbe.ratioVsRaw.toFixed(2),
        target: '≥ 0.70',
      });
    }
    out.push({
      benchmark: `webhook ack latency @ ${w.fixedRate.targetRate} req/s`,
      figure: `p50 ${w.fixedRate.p50} ms, p99 ${w.fixedRate.p99} ms (${w.fixedRate.achievedPerSec} acked/s)`,
      baseline: '',
      ratio: '',
      target: 'p99 < 50 ms',
    });
  }
  for (const c of r.crm?.cases ?? []) {
    out.push({
      benchmark: `GET /crm/${c.name}`,
      figure: `${c.http.reqPerSec} req/s (p50 ${c.http.p50}, p99 ${c.http.p99} ms)`,
      baseline: `SQL ${c.sql.reqPerSec}/s (p50 ${c.sql.p50}, p99 ${c.sql.p99} ms)`,
      ratio: c.ratio.toFixed(2),
      target: '',
    });
  }
  if (r.rss) {
    out.push({
      benchmark: 'service RSS',
      figure: `idle ${r.rss.idleMb} MB; ${r.rss.acknowledged} in flight ${r.rss.settledMb} MB`,
      baseline: '',
      ratio: `${r.rss.mbPer1kMessages} MB/1k (marginal ${r.rss.marginalMbPer1k})`,
      target: '',
    });
  }
  if (r.pgboss) out.push({ benchmark: `pg-boss no-op drain (batch ${r.pgboss.batchSize})`, figure: `${r.pgboss.drainPerSec} jobs/s`, baseline: `insert ${r.pgboss.insertPerSec} jobs/s`, ratio: '', target: '' });
  const p = r.pipeline;
  if (p) {
    out.push({
      benchmark: `end-to-end pipeline (rules classifier), ${p.messages} replies`,
      figure: `${p.messagesPerSec} msgs/s`,
      baseline: `no-op chain of ${p.chain.steps} queues ${p.chain.messagesPerSec} msgs/s`,
      ratio: p.ratioVsChain.toFixed(2),
      target: '≥ 0.50',
    });
    out.push({
      benchmark: 'Pipeline write floor (its rows, multi-row, same chain)',
      figure: `${p.floor.messagesPerSec} msgs/s (CPU ms/msg: postgres ${p.floor.cpuMsPerMessage.postgres}, bench ${p.floor.cpuMsPerMessage.bench}; no-op chain here ${p.floor.noopHere.cpuMsPerMessage.postgres}, ${p.floor.noopHere.cpuMsPerMessage.bench}; machine busy ${p.floor.cpu.machineBusy})`,
      baseline: `no-op chain of ${p.chain.steps} queues ${p.chain.messagesPerSec} msgs/s`,
      ratio: p.floor.ratioVsChain.toFixed(2),
      target: 'the best the pipeline can reach',
    });
    out.push({
      benchmark: `pipeline scale-out: ${p.scaleOut.two.messages} replies drained by 2 worker processes vs 1`,
      figure: `${p.scaleOut.two.messagesPerSec} msgs/s`,
      baseline: `1 worker process ${p.scaleOut.one.messagesPerSec} msgs/s`,
      ratio: p.scaleOut.speedup.toFixed(2),
      target: '',
    });
    out.push({ benchmark: 'webhook → decision, idle service', figure: `p50 ${p.idle.p50Ms} ms (max ${p.idle.maxMs} ms, ${p.idle.samples} replies)`, baseline: '', ratio: '', target: 'p50 < 1000 ms' });
  }
  if (r.imap) {
    out.push({ benchmark: `IMAP backfill, ${r.imap.messages} msgs`, figure: `${r.imap.backfillPerSec} msgs/s`, baseline: `fetch+parse ${r.imap.fetchThenParsePerSec} msgs/s`, ratio: r.imap.ratio.toFixed(2), target: '≥ 0.80' });
  }
  const f = r.fairness;
  if (f) {
    out.push({
      benchmark: `webhooks of one workspace while another posts poisoned ones at ${f.poisoning.poisonRate}/s`,
      figure: `${f.poisoning.withPoisonAckPerSec} acked/s (poisoned answers ${JSON.stringify(f.poisoning.poisonAnswers)})`,
      baseline: `next to valid ones ${f.poisoning.withValidAckPerSec} acked/s (alone ${f.poisoning.aloneAckPerSec})`,
      ratio: f.poisoning.ratio.toFixed(2),
      target: '≥ 0.80',
    });
    out.push({
      benchmark: `one reply decided during another workspace's burst of ${f.burst.burst}`,
      figure: `${f.burst.duringBurstDecisionMs} ms (${f.burst.burstDecidedWhenSmallWas} of the burst decided by then${f.burst.burstDrainSec === null ? '' : `; burst drained in ${f.burst.burstDrainSec} s`})`,
      baseline: `idle ${f.burst.idleDecisionMs} ms`,
      ratio: f.burst.ratio.toFixed(2),
      target: '',
    });
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pgInfo = await serverInfo();
  const results: RunResults = {
    startedAt: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    mode: args.quick ? 'quick' : 'full',
    args,
    environment: {
      commit: gitCommit(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      memoryGb: round(totalmem() / 2 ** 30, 1),
      postgres: pgInfo.version,
      postgresSettings: pgInfo.settings,
      loadavgStart: round(loadavg()[0]!, 2),
      loadavgEnd: NaN,
    },
    totalSeconds: NaN,
    webhook: null,
    webhookProfile: null,
    crm: null,
    rss: null,
    pgboss: null,
    pipeline: null,
    imap: null,
    fairness: null,
  };
  log(`${results.mode} run; load average ${results.environment.loadavgStart} on ${results.environment.cpus} CPUs`);
  try {
    if (wants(args, 'webhook')) {
      results.webhook = await runWebhookBench({ quick: args.quick, probe: args.probe, log });
      if (args.profile) results.webhookProfile = await runWebhookProfile({ quick: args.quick, log });
    }
    if (wants(args, 'crm')) results.crm = await runCrmBench({ quick: args.quick, scale: args.scale, log });
    if (wants(args, 'rss')) results.rss = await runRssBench({ quick: args.quick, log });
    if (wants(args, 'pgboss')) results.pgboss = await runPgBossNoop({ quick: args.quick, log });
    if (wants(args, 'pgboss') || wants(args, 'pipeline')) results.pipeline = await runPipelineEndToEnd({ quick: args.quick, noop: results.pgboss, log });
    if (wants(args, 'imap')) results.imap = await runImapBackfill({ quick: args.quick, log });
    if (wants(args, 'fairness')) results.fairness = await runFairnessBench({ quick: args.quick, log });
  } finally {
    await dropAll();
  }
  results.environment.loadavgEnd = round(loadavg()[0]!, 2);
  results.totalSeconds = round((performance.now() - t0) / 1000);
  console.log('');
  printTable(rows(results));
  console.log(`\n${results.totalSeconds}s; load average ${results.environment.loadavgStart} → ${results.environment.loadavgEnd}`);
  writeJson(resolve(ROOT, 'bench', 'results', 'last.json'), results);
  console.log('wrote bench/results/last.json');
  if (args.docs) {
    updateDoc(resolve(ROOT, 'docs', 'benchmarks.md'), DOC_TEMPLATE, sections(results));
    console.log('updated docs/benchmarks.md');
  }
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    console.error(err);
    await dropAll();
    process.exit(1);
  },
);
