import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { createTestDb, type DbKind, type TestDb } from './test-db.ts';
import { ADMIN_TOKEN } from './test-app.ts';
import { httpCaller, type Call } from './http-call.ts';

export interface TestService {
  t: TestDb;
  service: RunningService;
  url: string;
  call: Call;
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
    // the tests' mail servers (Dovecot, smtp-server) listen on loopback
    ALLOW_PRIVATE_HOSTS: 'true',
    ...env,
  });
  const service = await startService(config, { db: t.db });
  const url = `http://127.0.0.1:${service.port}`;
  return {
    t,
    service,
    url,
    call: httpCaller(url),
    async close() {
      await service.stop(); // closes t.db too
      await t.drop();
    },
  };
}
