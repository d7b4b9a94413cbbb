/**
 * The whole service on real PostgreSQL with a fake Instantly API (replies are answered through it),
 * optionally as several processes' worth of services on one database (real concurrency between
 * workers). Replies are posted as Instantly webhooks and known to the fake, so enrichment finds them.
 */
import { expect } from 'vitest';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { fakeEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { httpCaller } from '../support/http-call.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { fileOurContent } from '../support/our-content.ts';

type Row = Record<string, unknown>;
export type InboundBody = Row & {
  status: string;
  relationshipId: string | null;
  decision: { action: string; approvalId: string | null; gates: Array<{ gate: string; passed: boolean; reason: string }>; sendError?: string } | null;
};

export interface InstantlyHarness {
  t: TestDb;
  services: RunningService[];
  instantly: FakeInstantlyServer;
  s: Awaited<ReturnType<typeof seedAgency>>;
  call<T = Row>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  /** Posts a reply_received webhook; resolves with the stored message's id. */
  reply(o: { lead: string; text: string; ws?: string; secret?: string; eaccount?: string; subject?: string }): Promise<{ inboundId: string; emailId: string }>;
  inbound(id: string): Promise<InboundBody>;
  /**
   * Files our piece on this workspace's relationship with the lead's domain (creating account and
   * relationship), as an agency does before replies can go out alone (draft check draft-content-on-file).
   */
  fileOurContent(lead: string, ws?: string): Promise<{ accountId: string; relationshipId: string }>;
  /** Stops the services and starts them again on the same database with changed settings (a fix deployed). */
  restart(env: Record<string, string | undefined>): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

export async function startInstantlyHarness(opts: { services?: number; instantlyKey?: boolean; env?: Record<string, string>; logDestination?: DestinationStream } = {}): Promise<InstantlyHarness> {
  const instantly = await startFakeInstantly({ apiKey: 'inst-key' });
  const t = await createTestDb('postgres');
  const env = {
    DATABASE_URL: t.url!, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 'f'.repeat(40), LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    PUBLIC_URL: 'http://127.0.0.1:1',
    ...(opts.instantlyKey === false ? {} : { INSTANTLY_API_KEY: 'inst-key' }),
    INSTANTLY_BASE_URL: instantly.baseURL,
    ...opts.env,
  };
  const services: RunningService[] = [];
  const start = async (e: Record<string, string | undefined>) => {
    const clean = Object.fromEntries(Object.entries(e).filter((kv): kv is [string, string] => kv[1] !== undefined));
    for (let i = 0; i < (opts.services ?? 1); i++) services.push(await startService(loadConfig(clean), opts.logDestination ? { logDestination: opts.logDestination } : {}));
  };
  await start(env);
  const http = httpCaller(() => `http://127.0.0.1:${services[0]!.port}`);
  let key = '';
  const call = <T = Row>(method: string, path: string, body?: unknown, token: string = key) => http<T>(method, path, { body, token });
  const s = await seedAgency({ call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => call(m, p, o.body, o.token ?? key) } as never, `Harness ${seq++}`);
  key = s.key;
  return {
    t, services, instantly, s, call,
    async reply({ lead, text, ws = s.ws1, secret = s.ws1Secret, eaccount = 'alex@agency.example', subject = 'Re: Your article' }) {
      const emailId = `h-email-${seq++}-${Math.random().toString(36).slice(2, 8)}`;
      instantly.emails.push(fakeEmail({ id: emailId, subject, body: { text, html: null }, from_address_email: lead, lead, eaccount }));
      const r = await fetch(`http://127.0.0.1:${services[0]!.port}/v1/webhooks/instantly/${ws}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
        body: JSON.stringify({ event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: lead, email_id: emailId, email_account: eaccount, reply_subject: subject, reply_text: text }),
      });
      expect(r.status).toBe(202);
      return { inboundId: await inboundOfEmail(t.db, ws, emailId, 60_000), emailId };
    },
    async inbound(id) {
      return (await call<InboundBody>('GET', `/v1/link-building/inbound/${id}`)).body;
    },
    fileOurContent(lead, ws = s.ws1) {
      return fileOurContent((path, body) => call('POST', path, body), ws, lead.slice(lead.indexOf('@') + 1));
    },
    async restart(change) {
      for (const svc of services.splice(0)) await svc.stop();
      await start({ ...env, ...change });
    },
    async close() {
      for (const svc of services) await svc.stop();
      await t.drop();
      await instantly.close();
    },
  };
}

export const INTERESTED = 'Hi Sam, yes, that sounds great. Please send over the article and I will take a look this week.';
