import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/db/types.ts';
import { httpCaller, type Call } from './http-call.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  url: string;
  call: Call;
  close(): Promise<void>;
}

/** The real Express app on an ephemeral loopback port, called over real HTTP. */
export async function startTestApp(db: Db): Promise<TestApp> {
  const app = createApp({ db, log: createLogger('silent'), adminToken: ADMIN_TOKEN, version: 'test' });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    call: httpCaller(url),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Anything that can call the HTTP API: the bare app or the whole service. */
export interface ApiCaller {
  call<T = Record<string, unknown>>(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: T }>;
}

/** An agency with two workspaces and an unrestricted key, made through the admin API. */
export async function seedAgency(app: ApiCaller, name: string) {
  const admin = { token: ADMIN_TOKEN };
  const agency = (await app.call<{ id: string }>('POST', '/v1/admin/agencies', { ...admin, body: { name } })).body;
  const ws1 = (await app.call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 1` } })).body;
  const ws2 = (await app.call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 2` } })).body;
  const key = (await app.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.id } })).body;
  return { agencyId: agency.id, ws1: ws1.id, ws2: ws2.id, ws1Secret: ws1.webhookSecret, key: key.apiKey };
}
