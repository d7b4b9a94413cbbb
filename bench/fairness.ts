/**
 * Benchmark — fairness between tenants (issue 10), two figures, each against a baseline measured in
 * the same run:
 *
 * 1. Poisoning. Workspace A posts valid webhooks as fast as 25 connections allow; workspace B posts
 *    at a fixed rate, first valid webhooks (the baseline: a neighbour's ordinary traffic), then
 *    poisoned ones (a NUL character in the reply text, a body nested 100 000 levels deep, a timestamp
 *    in year 99 999). A's acknowledged/s next to poisoning B, as a ratio to A's acknowledged/s next to
 *    ordinary B (target ≥ 0.80: poisoning costs another tenant less than 20 % more than ordinary
 *    traffic does). A alone is reported too, for the share the neighbour's requests take on a small
 *    machine whatever they carry. B's poisoned answers are counted: every one must be a 400.
 * 2. A burst. Workspace A's burst of replies is acknowledged; then workspace B posts one reply. The
 *    time until B's reply has a decision, against the same time for a reply posted to the idle
 *    service, and how many of A's burst had a decision by then (B must not wait for the burst).
 */
import { performance } from 'node:perf_hooks';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { runLoad } from './lib/load.ts';
import { PayloadFactory } from './lib/payload.ts';
import { createTenant, startService } from './lib/service-process.ts';
import { ratio, round, sleep } from './lib/stats.ts';

export interface FairnessBenchResult {
  poisoning: {
    connections: number;
    durationSec: number;
    poisonRate: number;
    aloneAckPerSec: number;
    withValidAckPerSec: number;
    withPoisonAckPerSec: number;
    ratio: number;
    poisonAnswers: Record<string, number>;
  };
  burst: {
    burst: number;
    idleDecisionMs: number;
    duringBurstDecisionMs: number;
    ratio: number;
    burstDecidedWhenSmallWas: number;
    burstDrainSec: number | null;
  };
}

/** A's valid body made poisonous three ways; each one must be refused before it reaches a batch. */
function poisoned(body: string, i: number): string {
  switch (i % 3) {
    case 0:
      return body.replace('"reply_text":"', '"reply_text":"\\u0000');
    case 1:
      return body.replace(/}$/, `,"custom_field":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    default:
      return body.replace(/"timestamp":"[^"]+"/, '"timestamp":"+099999-01-01T00:00:00.000Z"');
  }
}

async function poisoning(o: { quick: boolean; log: (m: string) => void }): Promise<FairnessBenchResult['poisoning']> {
  const connections = 25;
  const durationSec = o.quick ? 5 : 10;
  const poisonRate = 50;
  const db = await createBenchDb('fairpoison');
  try {
    const svc = await startService(db.url, { ROLE: 'api' });
    try {
      const tenant = await createTenant(svc.url, 2);
      const a = new PayloadFactory();
      const b = new PayloadFactory();
      const loadA = { url: svc.url, path: `/v1/webhooks/instantly/${tenant.workspaceIds[0]}`, method: 'POST' as const, headers: { 'x-webhook-secret': tenant.webhookSecrets[0]! }, body: () => a.next() };
      let n = 0;
      const asB = { url: svc.url, path: `/v1/webhooks/instantly/${tenant.workspaceIds[1]}`, method: 'POST' as const, headers: { 'x-webhook-secret': tenant.webhookSecrets[1]! } };
      const validB = { ...asB, body: () => b.next() };
      const poisonB = { ...asB, body: () => poisoned(b.next(), n++) };
      await runLoad({ ...validB, connections: 10, amount: b.leads.length });
      // first contact with every lead creates its account, contact and relationship: before measuring
      await runLoad({ ...loadA, connections: 10, amount: a.leads.length });
      await runLoad({ ...loadA, connections, durationSec: 1 });
      o.log(`fairness: workspace A alone, ${connections} connections, ${durationSec}s`);
      const alone = await runLoad({ ...loadA, connections, durationSec });
      await sleep(500);
      o.log(`fairness: workspace A next to B posting valid webhooks at ${poisonRate}/s, ${durationSec}s`);
      const [withValid] = await Promise.all([runLoad({ ...loadA, connections, durationSec }), runLoad({ ...validB, connections: 5, durationSec, overallRate: poisonRate })]);
      await sleep(500);
      o.log(`fairness: workspace A next to B posting poisoned webhooks at ${poisonRate}/s, ${durationSec}s`);
      const [withPoison, poison] = await Promise.all([
        runLoad({ ...loadA, connections, durationSec }),
        runLoad({ ...poisonB, connections: 5, durationSec, overallRate: poisonRate }),
      ]);
      return {
        connections,
        durationSec,
        poisonRate,
        aloneAckPerSec: round(alone.okPerSec),
        withValidAckPerSec: round(withValid.okPerSec),
        withPoisonAckPerSec: round(withPoison.okPerSec),
        ratio: ratio(withPoison.okPerSec, withValid.okPerSec),
        poisonAnswers: poison.statusCodes,
      };
    } finally {
      await svc.stop();
    }
  } finally {
    await dropBenchDb(db);
  }
}

async function burst(o: { quick: boolean; log: (m: string) => void }): Promise<FairnessBenchResult['burst']> {
  const n = o.quick ? 500 : 2_000;
  const db = await createBenchDb('fairburst');
  const client = await connect(db.url);
  try {
    const svc = await startService(db.url);
    try {
      const tenant = await createTenant(svc.url, 2);
      const factory = new PayloadFactory();
      const small = new PayloadFactory({ leads: 5, domains: 5, bytes: 2_000 });
      const post = async (ws: number, body: string): Promise<string> => {
        const r = await fetch(`${svc.url}/v1/webhooks/instantly/${tenant.workspaceIds[ws]}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': tenant.webhookSecrets[ws]! }, body });
        const out = (await r.json()) as { deliveryId?: string };
        if (r.status !== 202 || !out.deliveryId) throw new Error(`webhook answered ${r.status}`);
        return out.deliveryId;
      };
      const decidedAfter = async (deliveryId: string, t0: number): Promise<number> => {
        for (;;) {
          const { rows } = await client.query<{ d: boolean }>(
            'select m.decision is not null as d from webhook_events w join inbound_messages m on m.id = w.inbound_id where w.id = $1',
            [deliveryId],
          );
          if (rows[0]?.d) return performance.now() - t0;
          if (performance.now() - t0 > 300_000) throw new Error('no decision within 5 minutes');
          await sleep(50);
        }
      };
      o.log('fairness: one reply to the idle service (baseline)');
      let t0 = performance.now();
      const idleMs = await decidedAfter(await post(1, small.next()), t0);

      o.log(`fairness: workspace A's burst of ${n} replies, then one reply from workspace B`);
      const burstStart = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < n) {
            next++;
            await post(0, factory.next());
          }
        }),
      );
      t0 = performance.now();
      const duringMs = await decidedAfter(await post(1, small.next()), t0);
      const decidedA = async () =>
        Number((await client.query<{ n: string }>('select count(*) as n from inbound_messages where workspace_id = $1 and decision is not null', [tenant.workspaceIds[0]])).rows[0]?.n ?? 0);
      const aWhenB = await decidedA();
      // the whole burst only in a full run (it takes minutes at the pipeline's rate)
      let drain: number | null = null;
      if (!o.quick) {
        while ((await decidedA()) < n && performance.now() - burstStart < 300_000) await sleep(500);
        if ((await decidedA()) >= n) drain = round((performance.now() - burstStart) / 1000, 1);
      }
      return { burst: n, idleDecisionMs: round(idleMs), duringBurstDecisionMs: round(duringMs), ratio: ratio(duringMs, idleMs), burstDecidedWhenSmallWas: aWhenB, burstDrainSec: drain };
    } finally {
      await svc.stop();
    }
  } finally {
    await client.end();
    await dropBenchDb(db);
  }
}

export async function runFairnessBench(o: { quick: boolean; log?: (m: string) => void }): Promise<FairnessBenchResult> {
  const log = o.log ?? (() => {});
  return { poisoning: await poisoning({ quick: o.quick, log }), burst: await burst({ quick: o.quick, log }) };
}
