/**
 * Benchmark 2 — CRM list endpoints at scale (1 M events, 100 k relationships at --scale 1): each
 * request through HTTP (API-key auth, validation, the query, row mapping, JSON) against the bare SQL
 * of the same query through pg. The SQL is not re-typed here: it is captured from the service's own
 * data-layer functions (listEvents / listRelationships) with a recording connection, so the
 * baseline runs exactly the statement and parameters the endpoint runs.
 */
import { performance } from 'node:perf_hooks';
import type { Queryable, QueryResult } from '../src/db/types.ts';
import { listEvents } from '../src/crm/db/events.ts';
import { listRelationships } from '../src/crm/db/relationships.ts';
import { connect, createBenchDb, dropBenchDb } from './lib/db.ts';
import { runLoad } from './lib/load.ts';
import { callJson, createTenant, startService } from './lib/service-process.ts';
import { ratio, round, summarize } from './lib/stats.ts';
import { accountId, seedCrm, seedShape, type SeedShape } from './crm-seed.ts';

export interface CrmCase {
  name: string;
  http: { reqPerSec: number; p50: number; p99: number; non2xx: number };
  sql: { reqPerSec: number; p50: number; p99: number };
  /** HTTP throughput / SQL throughput (1.0 = the endpoint costs nothing above its query). */
  ratio: number;
  rowsPerPage: number;
}

export interface CrmBenchResult {
  scale: number;
  shape: SeedShape;
  seedSeconds: number;
  seedSteps: Record<string, number>;
  connections: number;
  durationSec: number;
  cases: CrmCase[];
}

interface Captured {
  sql: string;
  params: unknown[];
}

/** Runs a data-layer list function against a connection that records the statement instead of executing it. */
async function capture(fn: (q: Queryable) => Promise<unknown>): Promise<Captured> {
  let got: Captured | null = null;
  const recorder: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      got = { sql, params: [...(params ?? [])] };
      return { rows: [], rowCount: 0 };
    },
  };
  await fn(recorder);
  if (!got) throw new Error('no statement captured');
  return got;
}

interface CaseDef {
  name: string;
  /** Query strings to rotate through (each a distinct request). */
  queries: { path: string; sql: Captured }[];
}

async function sqlLoad(url: string, queries: readonly Captured[], clients: number, durationSec: number): Promise<{ reqPerSec: number; p50: number; p99: number }> {
  const conns = await Promise.all(Array.from({ length: clients }, () => connect(url)));
  const lat: number[] = [];
  let n = 0;
  let next = 0;
  try {
    const run = async (until: number, record: boolean): Promise<void> => {
      await Promise.all(
        conns.map(async (c) => {
          while (performance.now() < until) {
            const q = queries[next++ % queries.length]!;
            const t = performance.now();
            await c.query(q.sql, q.params);
            if (record) {
              lat.push(performance.now() - t);
              n++;
            }
          }
        }),
      );
    };
    await run(performance.now() + 500, false);
    const t0 = performance.now();
    await run(t0 + durationSec * 1000, true);
    const s = summarize(lat);
    return { reqPerSec: round(n / ((performance.now() - t0) / 1000)), p50: round(s.p50, 2), p99: round(s.p99, 2) };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

export async function runCrmBench(o: { quick: boolean; scale: number; connections?: number; log?: (m: string) => void }): Promise<CrmBenchResult> {
  const log = o.log ?? (() => {});
  const connections = o.connections ?? 8;
  const durationSec = o.quick ? 1.5 : 4;
  const db = await createBenchDb('crm');
  try {
    const svc = await startService(db.url);
    try {
      const tenant = await createTenant(svc.url, 10);
      const shape = seedShape(o.scale, tenant.workspaceIds.length);
      log(`crm: seeding ${shape.relationships} relationships, ${shape.events} events`);
      const seed = await seedCrm(db.url, tenant.workspaceIds, shape);
      log(`crm: seeded in ${seed.seconds}s ${JSON.stringify(seed.steps)}`);
      const all = tenant.workspaceIds;
      const get = <T>(path: string): Promise<T> => callJson<T>(`${svc.url}/v1/link-building${path}`, 'GET', tenant.apiKey);

      // Cursors a few pages deep, obtained through the API itself (they are opaque to clients).
      const deep = async (base: string, pages: number): Promise<string> => {
        let cursor: string | null = null;
        for (let p = 1; p < pages; p++) {
          const r: { nextCursor: string | null } = await get(`${base}${cursor ? `&cursor=${cursor}` : ''}`);
          if (!r.nextCursor) break;
          cursor = r.nextCursor;
        }
        if (!cursor) throw new Error(`no page ${pages} for ${base}`);
        return cursor;
      };
      const hot = Array.from({ length: Math.min(20, shape.hotAccounts) }, (_, a) => accountId(a));
      const typical = Array.from({ length: 200 }, (_, k) => accountId(shape.hotAccounts + ((k * 7919) % (shape.accounts - shape.hotAccounts))));
      const ev = (filter: { accountId?: string; workspaceIds: readonly string[]; cursor?: string }) => capture((q) => listEvents(q, { limit: 50, ...filter }));
      const cases: CaseDef[] = [];
      const mk = async (name: string, items: { path: string; filter: Parameters<typeof ev>[0] }[]): Promise<void> => {
        cases.push({ name, queries: await Promise.all(items.map(async (it) => ({ path: it.path, sql: await ev(it.filter) }))) });
      };
      await mk(
        'event?accountId= (typical partner, ~40 events), page 1',
        typical.map((a) => ({ path: `/crm/event?accountId=${a}&limit=50`, filter: { accountId: a, workspaceIds: all } })),
      );
      await mk(
        'event?accountId= (hot partner, thousands of events), page 1',
        hot.map((a) => ({ path: `/crm/event?accountId=${a}&limit=50`, filter: { accountId: a, workspaceIds: all } })),
      );
      const hotDeep = await Promise.all(hot.slice(0, 10).map(async (a) => ({ a, cursor: await deep(`/crm/event?accountId=${a}&limit=50`, 5) })));
      await mk(
        'event?accountId= (hot partner), page 5 via cursor',
        hotDeep.map(({ a, cursor }) => ({ path: `/crm/event?accountId=${a}&limit=50&cursor=${cursor}`, filter: { accountId: a, workspaceIds: all, cursor } })),
      );
      await mk(
        'event?workspaceId=, page 1',
        all.map((w) => ({ path: `/crm/event?workspaceId=${w}&limit=50`, filter: { workspaceIds: [w] } })),
      );
      const wsDeep = await Promise.all(all.slice(0, 5).map(async (w) => ({ w, cursor: await deep(`/crm/event?workspaceId=${w}&limit=50`, 5) })));
      await mk(
        'event?workspaceId=, page 5 via cursor',
        wsDeep.map(({ w, cursor }) => ({ path: `/crm/event?workspaceId=${w}&limit=50&cursor=${cursor}`, filter: { workspaceIds: [w], cursor } })),
      );
      const statuses = ['ACTIVELY_ENGAGED', 'LINK_PLACED', 'NOT_INTERESTED', 'CONTACTED_BY_US'] as const;
      cases.push({
        name: 'relationship?status= (all 10 workspaces), page 1',
        queries: await Promise.all(
          statuses.map(async (s) => ({ path: `/crm/relationship?status=${s}&limit=50`, sql: await capture((q) => listRelationships(q, { status: s, workspaceIds: all, limit: 50 })) })),
        ),
      });
      cases.push({
        name: 'relationship?workspaceId=&status=, page 1',
        queries: await Promise.all(
          all.map(async (w, k) => {
            const s = statuses[k % statuses.length]!;
            return { path: `/crm/relationship?workspaceId=${w}&status=${s}&limit=50`, sql: await capture((q) => listRelationships(q, { status: s, workspaceIds: [w], limit: 50 })) };
          }),
        ),
      });

      const results: CrmCase[] = [];
      for (const c of cases) {
        log(`crm: ${c.name}`);
        const sample = await get<{ data: unknown[] }>(c.queries[0]!.path);
        let k = 0;
        const load = { url: svc.url, path: c.queries[0]!.path, headers: { authorization: `Bearer ${tenant.apiKey}` }, connections, nextPath: () => `/v1/link-building${c.queries[k++ % c.queries.length]!.path}` };
        await runLoad({ ...load, durationSec: o.quick ? 0.5 : 1 });
        const http = await runLoad({ ...load, durationSec });
        const sql = await sqlLoad(db.url, c.queries.map((q) => q.sql), connections, durationSec);
        results.push({
          name: c.name,
          http: { reqPerSec: round(http.okPerSec), p50: http.p50, p99: http.p99, non2xx: http.non2xx },
          sql,
          ratio: ratio(http.okPerSec, sql.reqPerSec),
          rowsPerPage: sample.data.length,
        });
      }
      return { scale: o.scale, shape, seedSeconds: seed.seconds, seedSteps: seed.steps, connections, durationSec, cases: results };
    } finally {
      await svc.stop();
    }
  } finally {
    await dropBenchDb(db);
  }
}
