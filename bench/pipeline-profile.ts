/**
 * Where the pipeline's time goes (diagnostic, part of benchmark 4): replies are acknowledged by the
 * api role in a separate process, then every worker runs in this process on an instrumented Db that
 * times every statement by its SQL shape (pg-boss's own statements run on its pool, not timed here).
 * Reported per decided message, with each step's time from lb_step_duration_seconds.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { createPgDb } from '../src/db/pg-pool.ts';
import { startService as startInProcess } from '../src/service.ts';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { ADMIN_TOKEN } from './lib/service-process.ts';
import { acknowledgeReplies } from './pgboss-noop.ts';
import { round, sleep } from './lib/stats.ts';
import { instrument, type StatementCost } from './webhook-profile.ts';

export interface PipelineProfile {
  messages: number;
  seconds: number;
  messagesPerSec: number;
  statementsPerMessage: number;
  dbMsPerMessage: number;
  transactions: number;
  meanTxMs: number;
  /** seconds of step time per message, by step and outcome (prepare + apply) */
  stepMsPerMessage: Record<string, number>;
  statements: Array<Omit<StatementCost, 'perWebhook' | 'msPerWebhook'> & { perMessage: number; msPerMessage: number }>;
}

export async function runPipelineProfile(o: { quick: boolean; log?: (m: string) => void }): Promise<PipelineProfile> {
  const n = o.quick ? 300 : 1_000;
  const benchDb = await createBenchDb('e2eprof');
  try {
    await acknowledgeReplies(benchDb.url, n);
    const { db, stats, tx } = instrument(createPgDb(benchDb.url, { max: 10 }));
    const config = loadConfig({ DATABASE_URL: benchDb.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, LOG_LEVEL: 'silent' });
    const client = await connect(benchDb.url);
    o.log?.(`pipeline profile: ${n} replies acknowledged; draining in this process on an instrumented Db`);
    const t0 = performance.now();
    const svc = await startInProcess(config, { db });
    try {
      const decided = async () => Number((await client.query<{ n: string }>('select count(*) as n from inbound_messages where decision is not null')).rows[0]?.n ?? 0);
      while ((await decided()) < n && performance.now() - t0 < 300_000) await sleep(100);
      const seconds = (performance.now() - t0) / 1000;
      const done = Math.max(1, await decided());
      const metrics = await (await fetch(`http://127.0.0.1:${svc.port}/metrics`)).text();
      const stepMsPerMessage: Record<string, number> = {};
      for (const m of metrics.matchAll(/^lb_step_duration_seconds_sum\{([^}]*)\} ([\d.e+-]+)$/gm)) {
        const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
        stepMsPerMessage[`${labels['step']} ${labels['outcome']}`] = round((Number(m[2]) * 1000) / done, 2);
      }
      const statements = [...stats.entries()]
        .map(([statement, a]) => ({ statement, perMessage: round(a.count / done, 2), msPerMessage: round(a.ms / done, 3), meanMs: round(a.ms / a.count, 3), where: a.where }))
        .sort((a, b) => b.msPerMessage - a.msPerMessage);
      return {
        messages: done,
        seconds: round(seconds, 1),
        messagesPerSec: round(done / seconds),
        statementsPerMessage: round(statements.reduce((s, x) => s + x.perMessage, 0), 1),
        dbMsPerMessage: round(statements.reduce((s, x) => s + x.msPerMessage, 0), 2),
        transactions: tx.count,
        meanTxMs: round(tx.ms / Math.max(1, tx.count), 1),
        stepMsPerMessage,
        statements,
      };
    } finally {
      await svc.stop();
      await client.end();
    }
  } finally {
    await dropBenchDb(benchDb);
  }
}

// `tsx bench/pipeline-profile.ts [--quick]`: print the profile
if (import.meta.url === `file://${process.argv[1]}`) {
  const p = await runPipelineProfile({ quick: process.argv.includes('--quick'), log: console.log });
  console.log(JSON.stringify({ ...p, statements: undefined }, null, 1));
  for (const s of p.statements.slice(0, 40)) console.log(`${String(s.perMessage).padStart(6)} × ${String(s.msPerMessage).padStart(8)} ms/msg  ${s.where.padEnd(11)} ${s.statement}`);
  await (await import('./lib/db.ts')).dropAll();
  process.exit(0);
}
