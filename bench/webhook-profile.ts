/**
 * Where a webhook's time goes (diagnostic, part of benchmark 1): the service runs in this process on
 * an instrumented Db that times every statement by its SQL shape, every transaction (group-commit
 * batch) and the pool wait in front of it. The load generator shares this process, so absolute
 * rates here are lower than in the main run; the breakdown per acknowledged webhook is what counts.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { createPgDb } from '../src/db/pg-pool.ts';
import type { Db, Queryable, QueryOptions, QueryResult, ScriptRunner } from '../src/db/types.ts';
import { startService as startInProcess } from '../src/service.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { runLoad } from './lib/load.ts';
import { PayloadFactory } from './lib/payload.ts';
import { sampleActivity, type ActivityProfile } from './lib/pg-sampler.ts';
import { ADMIN_TOKEN, createTenant } from './lib/service-process.ts';
import { round } from './lib/stats.ts';

interface Acc {
  count: number;
  ms: number;
}

export interface StatementCost {
  statement: string;
  perWebhook: number;
  msPerWebhook: number;
  meanMs: number;
  where: 'request' | 'transaction';
}

export interface WebhookProfile {
  durationSec: number;
  acknowledged: number;
  ackPerSec: number;
  transactions: number;
  meanBatch: number;
  meanTxMs: number;
  maxConcurrentTx: number;
  meanConnectWaitMs: number;
  statementsPerWebhook: number;
  dbMsPerWebhook: number;
  statements: StatementCost[];
  activity: ActivityProfile;
}

function shape(sql: string): string {
  // the head says what it is, the tail tells a one-row statement from a multi-row one of the same head
  const flat = sql.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').trim();
  return flat.length <= 130 ? flat : `${flat.slice(0, 90)} … ${flat.slice(-36)}`;
}

export function instrument(inner: Db): { db: Db; stats: Map<string, Acc & { where: 'request' | 'transaction' }>; tx: { count: number; ms: number; queries: number; connectMs: number; live: number; maxLive: number } } {
  const stats = new Map<string, Acc & { where: 'request' | 'transaction' }>();
  const tx = { count: 0, ms: 0, queries: 0, connectMs: 0, live: 0, maxLive: 0 };
  const timed = async <T>(q: Queryable, sql: string, params: readonly unknown[] | undefined, where: 'request' | 'transaction', opts?: QueryOptions): Promise<QueryResult<T>> => {
    const t = performance.now();
    try {
      return await q.query<T>(sql, params, opts);
    } finally {
      const key = shape(sql);
      const a = stats.get(key) ?? { count: 0, ms: 0, where };
      a.count++;
      a.ms += performance.now() - t;
      stats.set(key, a);
    }
  };
  const db: Db = {
    kind: inner.kind,
    query: (sql, params, opts) => timed(inner, sql, params, 'request', opts),
    async transaction(fn) {
      const t = performance.now();
      let started = 0;
      let queries = 0;
      try {
        return await inner.transaction(async (itx) => {
          started = performance.now();
          tx.connectMs += started - t;
          tx.live++;
          tx.maxLive = Math.max(tx.maxLive, tx.live);
          try {
            // migrations run scripts through the transaction: pass `exec` through untimed
            const scripts = itx as Queryable & Partial<ScriptRunner>;
            const wrapped: Queryable & Partial<ScriptRunner> = { query: (sql, params, opts) => (queries++, timed(itx, sql, params, 'transaction', opts)) };
            if (scripts.exec) wrapped.exec = scripts.exec.bind(scripts);
            return await fn(wrapped);
          } finally {
            tx.live--;
          }
        });
      } finally {
        tx.count++;
        tx.queries += queries;
        tx.ms += performance.now() - (started || t);
      }
    },
    close: () => inner.close(),
  };
  return { db, stats, tx };
}

export async function runWebhookProfile(o: { quick: boolean; connections?: number; log?: (m: string) => void }): Promise<WebhookProfile> {
  const durationSec = o.quick ? 3 : 8;
  const connections = o.connections ?? 50;
  const benchDb = await createBenchDb('whprof');
  try {
    const { db, stats, tx } = instrument(createPgDb(benchDb.url, { max: 10 }));
    // ROLE=api: only the ingest path runs in this process, so every statement timed is the webhook's
    const config = loadConfig({ DATABASE_URL: benchDb.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, LOG_LEVEL: 'silent', ROLE: 'api' });
    const svc = await startInProcess(config, { db });
    const url = `http://127.0.0.1:${svc.port}`;
    try {
      const tenant = await createTenant(url, 1);
      const factory = new PayloadFactory();
      const load = {
        url,
        path: `/v1/webhooks/instantly/${tenant.workspaceIds[0]}`,
        method: 'POST' as const,
        headers: { 'x-webhook-secret': tenant.webhookSecrets[0]! },
        body: () => factory.next(),
      };
      await runLoad({ ...load, connections: 10, amount: factory.leads.length });
      await runLoad({ ...load, connections, durationSec: 1 });
      stats.clear();
      Object.assign(tx, { count: 0, ms: 0, queries: 0, connectMs: 0, maxLive: 0 });
      o.log?.(`webhook profile: in-process instrumented service, ${connections} connections, ${durationSec}s`);
      const sampler = await sampleActivity(benchDb.url, benchDb.name);
      const r = await runLoad({ ...load, connections, durationSec });
      const activity = await sampler.stop();
      const n = Math.max(1, r.ok);
      const statements = [...stats.entries()]
        .map(([statement, a]) => ({ statement, perWebhook: round(a.count / n, 2), msPerWebhook: round(a.ms / n, 3), meanMs: round(a.ms / a.count, 3), where: a.where }))
        .sort((a, b) => b.msPerWebhook - a.msPerWebhook);
      return {
        durationSec,
        acknowledged: r.ok,
        ackPerSec: round(r.okPerSec),
        transactions: tx.count,
        meanBatch: round(r.ok / Math.max(1, tx.count), 1),
        meanTxMs: round(tx.ms / Math.max(1, tx.count), 1),
        maxConcurrentTx: tx.maxLive,
        meanConnectWaitMs: round(tx.connectMs / Math.max(1, tx.count), 2),
        statementsPerWebhook: round(statements.reduce((s, x) => s + x.perWebhook, 0), 1),
        dbMsPerWebhook: round(statements.reduce((s, x) => s + x.msPerWebhook, 0), 2),
        statements,
        activity,
      };
    } finally {
      await svc.stop();
    }
  } finally {
    await dropBenchDb(benchDb);
  }
}
