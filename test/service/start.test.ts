import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startService } from '../../src/service.ts';
import { createTestDb } from '../support/test-db.ts';
import { waitFor } from '../support/wait-for.ts';
// The service imports the worker wiring when a worker role starts (src/service.ts), and PGlite when
// there is no DATABASE_URL (src/db/open-db.ts); loaded here, with the test file, as the static imports
// did before, so that loading them is not timed inside the first test (already ~27 s of its 30 s at load 12).
import '../../src/wiring/workers.ts';
import '../../src/db/pglite.ts';

const ADMIN = 'service-admin-token-0123456789';

async function createAgency(port: number, name: string) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/admin/agencies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return { status: res.status, body: (await res.json()) as { id: string } };
}

describe('the service starts with no external database', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('runs on embedded PGlite in DATA_DIR, with pg-boss on the same instance, and keeps data across restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lb-data-'));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent' });
    const first = await startService(config);
    expect(first.db.kind).toBe('pglite');
    const created = await createAgency(first.port!, 'Persisted');
    expect(created.status).toBe(201);
    // the queue works on PGlite: a job sent is a job fetched (on a queue of its own: the service's
    // workers are woken by a job on theirs at once, and would take it first)
    await first.boss.createQueue('test.probe');
    await first.boss.send('test.probe', { probe: 1 });
    const jobs = await first.boss.fetch('test.probe');
    expect(jobs?.[0]?.data).toEqual({ probe: 1 });
    expect((await fetch(`http://127.0.0.1:${first.port}/readyz`)).status).toBe(200);
    await first.stop();

    const second = await startService(config);
    const res = await fetch(`http://127.0.0.1:${second.port}/v1/admin/agencies`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const body = (await res.json()) as { data: Array<{ id: string }> };
    expect(body.data.map((a) => a.id)).toContain(created.body.id);
    await second.stop();
  });

  it('uses DATABASE_URL when set', async () => {
    const t = await createTestDb('postgres');
    try {
      const s = await startService(loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent' }));
      expect(s.db.kind).toBe('postgres');
      expect((await createAgency(s.port!, 'On Postgres')).status).toBe(201);
      // the scheduled maintenance keeps pg-boss's job table statistics fresh
      await s.boss.send('maintenance.analyze-jobs', {});
      const analyzed = async () =>
        (await t.db.query<{ last_analyze: Date | null }>(`select last_analyze from pg_stat_user_tables where schemaname = 'pgboss' and relname = 'job'`)).rows[0]?.last_analyze;
      await waitFor(async () => !!(await analyzed()), { what: 'ANALYZE of pgboss.job' });
      await s.stop();
    } finally {
      await t.drop();
    }
  });
});
