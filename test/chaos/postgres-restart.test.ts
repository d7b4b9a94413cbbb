/**
 * Chaos: PostgreSQL restarts (fast shutdown, down for a moment, start) while Instantly webhooks pour in.
 * Every delivery answered 2xx must be in the database afterwards; while the database is away the answer
 * is 503 (Instantly retries), never a 2xx for something not stored and never a 500; the service itself
 * survives and is ready again. Runs on a private PostgreSQL cluster: the shared one is never restarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { freePort } from '../support/dovecot.ts';
import { killAllServices, spawnService, type ServiceProc } from '../support/chaos-procs.ts';
import { httpJson, seedWorkspace, webhookBody } from '../support/chaos-http.ts';
import { sleep } from '../support/chaos-pipeline.ts';
import { pgBinDir, startPrivatePostgres, type PrivatePostgres } from '../support/chaos-postgres.ts';
import { waitFor } from '../support/wait-for.ts';

const RESTARTS = 2;
const DOWN_MS = 2_000;

describe.skipIf(!pgBinDir)('PostgreSQL restarts during webhook ingest', () => {
  let db: PrivatePostgres;
  let svc: ServiceProc;
  let base = '';

  beforeAll(async () => {
    db = await startPrivatePostgres();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    svc = spawnService({ name: 'service', role: 'all', env: { DATABASE_URL: db.url, PORT: String(port), ADMIN_TOKEN } });
    await svc.started;
  }, 60_000);

  afterAll(async () => {
    await killAllServices();
    await db?.destroy();
  }, 60_000);

  it('keeps every acknowledged delivery, answers 503 while the database is down, and recovers', async () => {
    const s = await seedWorkspace(base, 'Chaos Restart');
    const acked = new Set<string>();
    const statuses = new Map<string, number>();
    const bad: string[] = [];
    let n = 0;
    let firing = true;
    let downSince = 0;
    let unavailableWhileDown = 0;
    const fire = async () => {
      while (firing) {
        const i = n++;
        const body = webhookBody(i, { prefix: 'pgr', text: 'Hi, yes, please send the article over.' });
        try {
          const r = await httpJson(base, 'POST', `/v1/webhooks/instantly/${s.ws}`, { headers: { 'x-webhook-secret': s.secret }, body, signal: AbortSignal.timeout(15_000) });
          const key = r.status === 202 || r.status === 200 ? '2xx' : String(r.status);
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (key === '2xx') acked.add(body['email_id'] as string);
          else if (r.status === 503) {
            if (downSince) unavailableWhileDown++;
          } else bad.push(`${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        } catch (e) {
          bad.push(`no answer: ${(e as Error).message}`);
        }
        if (!svc.alive()) return;
      }
    };
    const firers = Array.from({ length: 8 }, fire);

    const readyAgainMs: number[] = [];
    for (let k = 0; k < RESTARTS; k++) {
      await sleep(1_500);
      await db.stop();
      downSince = Date.now();
      await sleep(DOWN_MS);
      await db.start();
      const up = Date.now();
      downSince = 0;
      let last: unknown = null;
      await waitFor(async () => {
        const r = await httpJson(base, 'GET', '/readyz').catch((e: unknown) => ({ status: 0, body: String(e) }));
        last = r;
        return r.status === 200;
      }, { timeoutMs: 30_000, intervalMs: 100, what: 'readyz after the restart' }).catch((e: unknown) => {
        throw new Error(`${(e as Error).message}: ${JSON.stringify(last)}\n${svc.tail.slice(-20).join('\n')}`);
      });
      readyAgainMs.push(Date.now() - up);
    }
    await sleep(1_500);
    firing = false;
    await Promise.all(firers);
    expect(svc.alive(), svc.tail.join('\n')).toBe(true);

    // later webhooks succeed
    const after: number[] = [];
    for (let i = 0; i < 20; i++) {
      const body = webhookBody(100_000 + i, { prefix: 'pgr', text: 'After the restart.' });
      const r = await httpJson(base, 'POST', `/v1/webhooks/instantly/${s.ws}`, { headers: { 'x-webhook-secret': s.secret }, body });
      after.push(r.status);
      if (r.status === 202) acked.add(body['email_id'] as string);
    }
    expect(after.every((x) => x === 202), JSON.stringify(after)).toBe(true);

    // every 2xx is stored: the delivery and its message
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const read = () =>
        c.query<{ email_id: string; inbound: boolean }>(
          `select w.payload->>'email_id' as email_id, (w.inbound_id is not null and exists (select 1 from inbound_messages m where m.id = w.inbound_id)) as inbound
             from webhook_events w where w.workspace_id = $1`,
          [s.ws],
        );
      // the delivery is stored at the ack; its message is made by the ingest step: give it time (a step
      // whose database went away waits for it and applies its batch again, src/jobs/run-step.ts, so no
      // job is left claimed until its heartbeat lapses)
      await waitFor(async () => {
        const have = new Map((await read()).rows.map((r) => [r.email_id, r.inbound]));
        return [...acked].every((id) => have.get(id) === true);
      }, { timeoutMs: 60_000, intervalMs: 250, what: 'every acknowledged delivery to have its message' }).catch(() => {});
      const stored = await read();
      const have = new Map(stored.rows.map((r) => [r.email_id, r.inbound]));
      const lost = [...acked].filter((id) => !have.has(id));
      const withoutMessage = [...acked].filter((id) => have.get(id) === false);
      console.info(
        `[chaos postgres-restart] restarts=${RESTARTS} down=${DOWN_MS}ms each requests=${n + 20} answers=${JSON.stringify(Object.fromEntries(statuses))} ` +
          `503-while-down=${unavailableWhileDown} acknowledged=${acked.size} stored=${stored.rows.length} lost=${lost.length} withoutMessageYet=${withoutMessage.length} ready-again-after=${JSON.stringify(readyAgainMs)}ms`,
      );
      expect(bad.slice(0, 10)).toEqual([]);
      expect(lost).toEqual([]);
      // every acknowledged delivery around the restarts became a message
      expect(withoutMessage).toEqual([]);
      expect(statuses.get('503') ?? 0).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  }, 150_000);
});
