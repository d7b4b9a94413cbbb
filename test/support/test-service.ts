import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { createTestDb, type DbKind, type TestDb } from './test-db.ts';
import { ADMIN_TOKEN } from './test-app.ts';

export interface TestService {
  t: TestDb;
  service: RunningService;
  url: string;
  call<T = Record<string, unknown>>(method: string, path: string, opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** The whole service (HTTP, pg-boss, wiring) on its own test database, on an ephemeral port. */
export async function startTestService(kind: DbKind = 'postgres', env: Record<string, string> = {}): Promise<TestService> {
  const t = await createTestDb(kind);
  const config = loadConfig({
    ...(t.url ? { DATABASE_URL: t.url } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...env,
  });
  const service = await startService(config, { db: t.db });
  const url = `http://127.0.0.1:${service.port}`;
  return {
    t,
    service,
    url,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
      const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // keep text
      }
      return { status: res.status, body: parsed as never };
    },
    async close() {
      await service.stop(); // closes t.db too
      await t.drop();
    },
  };
}
