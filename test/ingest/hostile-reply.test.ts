/**
 * A 900 KB hostile reply (900,000 spaces, then "Sounds great!") through the whole service, on both
 * databases. On the embedded database every statement runs in the service's own thread, so what a
 * statement moves is what it blocks: every statement the reply causes must move a bounded amount
 * (src/ingest/stored-text.ts), and /healthz, polled throughout, must keep answering.
 * Measured outside the suite with `node scripts/measure-hostile-reply.mjs` (docs/security.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import type { Db, Queryable } from '../../src/db/types.ts';
import { MAX_STORED_TEXT_CHARS } from '../../src/ingest/stored-text.ts';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { httpCaller, type Call } from '../support/http-call.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { waitFor } from '../support/wait-for.ts';

/** The largest statement seen: its parameters' and its rows' size in characters of JSON. */
function measured(db: Db): { db: Db; largest: () => number; reset: () => void } {
  let largest = 0;
  const size = (v: unknown): number => (typeof v === 'string' ? v.length : JSON.stringify(v ?? null)?.length ?? 0);
  const query = (q: Queryable) => async <T>(sql: string, params?: readonly unknown[]) => {
    const r = await q.query<T>(sql, params);
    largest = Math.max(largest, (params ?? []).reduce<number>((n, p) => n + size(p), 0) + size(r.rows));
    return r;
  };
  // everything else (exec for migrations, the PGlite instance pg-boss uses) passes through
  const watch = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, prop, receiver) {
        if (prop === 'query') return query(target);
        if (prop === 'transaction') return <T>(fn: (tx: Queryable) => Promise<T>) => (target as unknown as Db).transaction((tx) => fn(watch(tx)));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  const wrapped = watch(db);
  return { db: wrapped, largest: () => largest, reset: () => void (largest = 0) };
}

describe.each(DB_KINDS)('a 900 KB hostile reply on %s', (kind) => {
  let t: TestDb;
  let service: RunningService;
  let call: Call;
  let url: string;
  let m: ReturnType<typeof measured>;
  let s: Awaited<ReturnType<typeof seedAgency>>;

  beforeAll(async () => {
    t = await createTestDb(kind);
    m = measured(t.db);
    const config = loadConfig({ ...(t.url ? { DATABASE_URL: t.url } : {}), PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, LOG_LEVEL: 'silent' });
    service = await startService(config, { db: m.db });
    url = `http://127.0.0.1:${service.port}`;
    call = httpCaller(url);
    s = await seedAgency({ call }, 'Hostile');
  }, 120_000);
  afterAll(async () => {
    await service.stop();
    await t.drop();
  });

  async function send(emailId: string, text: string): Promise<{ worstHealthzMs: number; inboundId: string }> {
    m.reset();
    let worst = 0;
    let stop = false;
    const poll = (async () => {
      while (!stop) {
        const t0 = performance.now();
        await fetch(`${url}/healthz`);
        worst = Math.max(worst, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      const res = await call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
        headers: { 'x-webhook-secret': s.ws1Secret },
        body: { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: `editor-${emailId}@bigblog.example`, email_account: 'me@agency.example', email_id: emailId, reply_subject: 'Re: hi', reply_text: text },
      });
      expect(res.status).toBe(202);
      const inboundId = await inboundOfEmail(t.db, s.ws1, emailId, 60_000);
      await waitFor(async () => !['RECEIVED', 'CLASSIFIED'].includes((await t.db.query<{ status: string }>('select status from inbound_messages where id = $1', [inboundId])).rows[0]?.status ?? ''), { timeoutMs: 60_000, what: 'a decision' });
      return { worstHealthzMs: worst, inboundId };
    } finally {
      stop = true;
      await poll;
    }
  }

  it('is stored, classified and decided with every statement bounded; /healthz keeps answering', { timeout: 150_000 }, async () => {
    const { worstHealthzMs, inboundId } = await send('hostile-spaces', `${' '.repeat(900_000)}Sounds great! Send the draft over.`);
    const row = (await t.db.query<{ text: string; classification: { intent: string } }>('select text, classification from inbound_messages where id = $1', [inboundId])).rows[0]!;
    expect(row.text).toBe(' Sounds great! Send the draft over.');
    expect(row.classification.intent).toBe('INTERESTED');
    const delivery = (await t.db.query<{ n: number }>(`select length(payload->>'reply_text')::int as n from webhook_events where inbound_id = $1`, [inboundId])).rows[0];
    expect(delivery?.n).toBeLessThan(100);
    // before the bound, the delivery's INSERT alone carried 900 KB and the message's 1.8 MB
    expect(m.largest()).toBeLessThan(64 * 1024);
    // the real target is 100 ms (measured by the script); a shared CI machine only gets a sanity bound
    expect(worstHealthzMs).toBeLessThan(2_000);
  });

  it('900 KB of words that cannot be collapsed are stored as their first 64 KB, still classified', { timeout: 150_000 }, async () => {
    const { inboundId } = await send('hostile-words', `Sounds great! Send the draft over. ${'lorem ipsum dolor sit amet '.repeat(34_000)}`);
    const row = (await t.db.query<{ n: number; intent: string }>(`select length(text)::int as n, classification->>'intent' as intent from inbound_messages where id = $1`, [inboundId])).rows[0]!;
    expect(row.n).toBe(MAX_STORED_TEXT_CHARS);
    expect(row.intent).toBeTruthy();
    // the message (64 KB of text, its JSON raw payload and the event's copy) moves in statements of a few hundred KB at most
    expect(m.largest()).toBeLessThan(400 * 1024);
  });
});
