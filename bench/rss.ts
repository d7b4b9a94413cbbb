/**
 * Benchmark 3 — memory. The service's resident set (VmRSS of the node process running src/main.ts,
 * started through node_modules/.bin/tsx as in production) when idle, and with N webhook-ingested
 * messages in flight: acknowledged, stored, their ingest jobs queued and not yet consumed. The
 * service runs with ROLE=api so that no worker drains the queue, whichever workers exist.
 */
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { PayloadFactory } from './lib/payload.ts';
import { createTenant, readRss, startService, type Tenant } from './lib/service-process.ts';
import { round, sleep } from './lib/stats.ts';

export interface RssBenchResult {
  messages: number;
  acknowledged: number;
  /** The jobs the api role queued for the messages (ingest.webhook), none consumed: the messages are in flight. */
  queuedIngestJobs: number;
  idleMb: number;
  /** RSS with half the messages in flight, then with all of them (3 s after the last acknowledgement). */
  halfMb: number;
  settledMb: number;
  peakMb: number;
  /** (RSS with N in flight − idle) per 1 k messages: includes the heap's one-off growth under load. */
  mbPer1kMessages: number;
  /** Growth from N/2 to N in flight, per 1 k messages: what each further message costs. */
  marginalMbPer1k: number;
  ingestSeconds: number;
}

/** Posts `amount` Instantly replies to the tenant's first workspace, each call another `amount`. */
export function webhookIngest(url: string, tenant: Tenant, amount: number): () => Promise<LoadResult> {
  const factory = new PayloadFactory();
  return () =>
    runLoad({
      url,
      path: `/v1/webhooks/instantly/${tenant.workspaceIds[0]}`,
      method: 'POST',
      headers: { 'x-webhook-secret': tenant.webhookSecrets[0]! },
      body: () => factory.next(),
      // 10 connections: at 50 the ingest path's lock waits make it several times slower (see benchmark 1)
      connections: 10,
      amount,
    });
}

export async function runRssBench(o: { quick: boolean; log?: (m: string) => void }): Promise<RssBenchResult> {
  const messages = o.quick ? 2_000 : 10_000;
  const db = await createBenchDb('rss');
  try {
    const svc = await startService(db.url, { ROLE: 'api' });
    try {
      const tenant = await createTenant(svc.url, 1);
      await sleep(2_000);
      const idle = readRss(svc.pid);
      o.log?.(`rss: idle ${round(idle.rssMb)} MB; ingesting ${messages} webhooks`);
      const ingest = webhookIngest(svc.url, tenant, messages / 2);
      const r1 = await ingest();
      await sleep(3_000);
      const half = readRss(svc.pid);
      const r2 = await ingest();
      await sleep(3_000);
      const settled = readRss(svc.pid);
      const r = { ok: r1.ok + r2.ok, durationSec: r1.durationSec + r2.durationSec };
      const c = await connect(db.url);
      const q = await c.query<{ n: string }>(`select count(*) as n from pgboss.job where name = 'ingest.webhook' and state = 'created'`);
      await c.end();
      return {
        messages,
        acknowledged: r.ok,
        queuedIngestJobs: Number(q.rows[0]?.n ?? 0),
        idleMb: round(idle.rssMb, 1),
        halfMb: round(half.rssMb, 1),
        settledMb: round(settled.rssMb, 1),
        peakMb: round(settled.hwmMb, 1),
        mbPer1kMessages: round((settled.rssMb - idle.rssMb) / (r.ok / 1000), 2),
        marginalMbPer1k: round((settled.rssMb - half.rssMb) / (r2.ok / 1000), 2),
        ingestSeconds: round(r.durationSec, 1),
      };
    } finally {
      await svc.stop();
    }
  } finally {
    await dropBenchDb(db);
  }
}
