/**
 * A scaled-out deployment can be watched: every role listens on PORT and serves /healthz, /readyz and
 * /metrics with its own figures; only the api role serves the API. /metrics honours METRICS_TOKEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { httpCaller, type Call } from '../support/http-call.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { waitFor } from '../support/wait-for.ts';

const ROLES = ['api', 'worker', 'poller'] as const;
type Role = (typeof ROLES)[number];
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('api, worker and poller processes on one PostgreSQL', () => {
  let t: TestDb;
  const svc = {} as Record<Role, { service: RunningService; call: Call; url: string }>;

  beforeAll(async () => {
    t = await createTestDb('postgres');
    for (const role of ROLES) {
      const config = loadConfig({
        DATABASE_URL: t.url!,
        ROLE: role,
        PORT: '0',
        HOST: '127.0.0.1',
        ADMIN_TOKEN,
        SECRET_KEY: 's'.repeat(40),
        METRICS_TOKEN,
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      });
      const service = await startService(config);
      const url = `http://127.0.0.1:${service.port}`;
      svc[role] = { service, url, call: httpCaller(url) };
    }
  }, 60_000);
  afterAll(async () => {
    for (const role of ROLES) await svc[role]?.service.stop();
    await t?.drop();
  });

  const scrape = async (role: Role) => {
    const res = await fetch(`${svc[role].url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };
  /** The value of one sample line (exact labels as prom-client prints them), or null when absent. */
  const sample = (text: string, series: string): number | null => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : null;
  };

  it.each(ROLES)('the %s role listens on PORT with /healthz, /readyz and its own /metrics', async (role) => {
    const { call, service } = svc[role];
    expect(service.port).toBeGreaterThan(0);
    expect(await call('GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await call('GET', '/readyz')).toMatchObject({ status: 200, body: { ok: true } });
    const text = await scrape(role);
    expect(text).toMatch(new RegExp(`^lb_service_info\\{role="${role}",version="[^"]+"\\} 1$`, 'm'));
    expect(text).toContain('lb_process_cpu_seconds_total');
    expect(text).toMatch(/^lb_queue_jobs\{queue="pipeline.classify",state="queued"\} \d+$/m);
  });

  it.each(['worker', 'poller'] as const)('only the api role serves the API: the %s answers 404', async (role) => {
    const { call } = svc[role];
    for (const path of ['/v1/admin/agencies', '/openapi.json', '/v1/link-building/inbound']) {
      const res = await call('GET', path, { token: ADMIN_TOKEN });
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const hook = await call('POST', '/v1/webhooks/instantly/ws_x', { body: { event_type: 'reply_received' } });
    expect(hook.status).toBe(404);
  });

  it('a reply flows through the processes and each /metrics shows its own part of it', async () => {
    const s = await seedAgency(svc.api, 'Roles');
    const posted = await svc.api.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: {
        event_type: 'reply_received',
        timestamp: '2026-11-20T10:00:00.000Z',
        lead_email: 'editor@rolesblog.example',
        email_account: 'outreach@agency.example',
        email_id: 'roles-email-1',
        reply_subject: 'Re: Guest post idea',
        reply_text: 'Hi! Sounds good, send me the draft.',
      },
    });
    expect(posted.status).toBe(202);
    const inboundId = await inboundOfEmail(t.db, s.ws1, 'roles-email-1');
    await waitFor(async () => !!(await t.db.query('select 1 from inbound_messages where id = $1 and decision is not null', [inboundId])).rows.length, {
      what: 'the decision on the reply',
      timeoutMs: 30_000,
    });
    const api = await scrape('api');
    const worker = await scrape('worker');
    const poller = await scrape('poller');

    // the api stored the delivery; it neither ingested, classified nor decided anything
    expect(sample(api, 'lb_webhook_deliveries_total{outcome="stored"}')).toBe(1);
    expect(api).not.toMatch(/^lb_decisions_total\{/m);
    expect(api).not.toMatch(/^lb_step_duration_seconds_count\{/m);
    // the worker turned the delivery into a message, classified it and decided
    expect(sample(worker, 'lb_messages_ingested_total{source="INSTANTLY",kind="inbound"}')).toBe(1);
    const decided = worker.split('\n').filter((l) => l.startsWith('lb_decisions_total{'));
    expect(decided.reduce((n, l) => n + Number(l.split(' ').pop()), 0)).toBe(1);
    for (const step of ['webhook', 'classify', 'gates']) {
      expect(sample(worker, `lb_step_duration_seconds_count{step="${step}",outcome="ok"}`), step).toBeGreaterThanOrEqual(1);
    }
    expect(worker).not.toMatch(/^lb_webhook_deliveries_total\{/m);
    // the poller has no mailbox: nothing of the pipeline is counted there
    expect(poller).not.toMatch(/^lb_(decisions|messages_ingested|webhook_deliveries)_total\{/m);
  }, 60_000);

  it.each(ROLES)('/metrics on the %s role needs the METRICS_TOKEN', async (role) => {
    const url = `${svc[role].url}/metrics`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    const body = (await none.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).not.toContain(METRICS_TOKEN);
    expect((await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    // health and readiness stay open for load balancers and orchestrators
    expect((await fetch(`${svc[role].url}/healthz`)).status).toBe(200);
    expect((await fetch(`${svc[role].url}/readyz`)).status).toBe(200);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is open, as before', async () => {
    const t = await createTestDb('postgres');
    const service = await startService(loadConfig({ DATABASE_URL: t.url!, ROLE: 'worker', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('lb_service_info{role="worker"');
    } finally {
      await service.stop();
      await t.drop();
    }
  }, 60_000);
});
