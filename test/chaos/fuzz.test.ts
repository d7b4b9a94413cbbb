/**
 * Abuse: a few thousand hostile requests from a seeded generator against the real app (webhooks, CRM,
 * gates, approvals, inbound, mailboxes, admin) on real PostgreSQL. Never a 5xx; a rejected request
 * stores nothing (every table's row count is unchanged after it). FUZZ_SEED reproduces a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { seedWorkspace } from '../support/chaos-http.ts';
import { BROKEN_JSON, CONTENT_TYPES, enc, int, nestedText, oddString, oddValue, pick, rawRequest, rng, type Rng } from '../support/chaos-fuzz.ts';

/** PostgreSQL's own error text: never in an answer. */
const PG_TEXT = /syntax for type|violates|constraint|relation "|column "|out of range for type|Unicode escape|invalid input value|date\/time field/i;

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_101);
const REQUESTS = 3_000;
const BUDGET_MS = 45_000;

type Json = Record<string, unknown>;
interface Target {
  method: string;
  path: () => string;
  token: () => string | undefined;
  headers?: () => Record<string, string>;
  /** A valid body to mutate (undefined for GET/DELETE). */
  body?: () => Json;
  /** Fields that must never be mutated into something valid (they would make the app call out). */
  frozen?: readonly string[];
  /** Query parameters to fuzz. */
  query?: readonly string[];
}

describe('fuzzing the webhook and API inputs', () => {
  let svc: TestService;
  let s: Awaited<ReturnType<typeof seedWorkspace>>;
  let ids: { acct: string; ct: string; rel: string; ev: string };
  let tables: string[] = [];

  const counts = async (): Promise<string> => {
    const sql = tables.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(' union all ');
    const { rows } = await svc.t.db.query<{ t: string; n: number }>(sql);
    return rows.map((r) => `${r.t}=${r.n}`).join(',');
  };

  beforeAll(async () => {
    // ALLOW_PRIVATE_HOSTS off: a mailbox on 127.0.0.1 is refused up front instead of being connected to
    svc = await startTestService('postgres', { ROLE: 'api', SECRET_KEY: 'z'.repeat(40), ALLOW_PRIVATE_HOSTS: 'false' });
    s = await seedWorkspace(svc.url, 'Fuzz');
    const k = { token: s.key };
    const acct = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/account', { ...k, body: { domain: 'fuzzblog.example', domainRating: 40, workspaceId: s.ws } });
    const ct = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/contact', { ...k, body: { accountId: acct.body.id, email: 'ed@fuzzblog.example' } });
    const rel = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/relationship', { ...k, body: { workspaceId: s.ws, accountId: acct.body.id } });
    const ev = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/event', { ...k, body: { relationshipId: rel.body.id, type: 'NOTE_ADDED', content: 'seed' } });
    ids = { acct: acct.body.id, ct: ct.body.id, rel: rel.body.id, ev: ev.body.id };
    const { rows } = await svc.t.db.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by 1`);
    tables = rows.map((r) => r.tablename);
  }, 60_000);
  afterAll(() => svc?.close());

  it('answers only 4xx to bad input, never a 5xx, and a rejected request stores nothing', async () => {
    const r: Rng = rng(SEED);
    const key = () => (r() < 0.93 ? s.key : pick(r, ['', 'lbk_nope', oddString(r).split('').filter((c) => c >= ' ').join('') || 'x', `${s.key}x`]));
    const admin = () => (r() < 0.93 ? ADMIN_TOKEN : 'wrong-admin-token');
    const someId = (prefix: string, real: string) => (r() < 0.5 ? real : r() < 0.5 ? `${prefix}_${oddString(r)}` : enc(oddString(r)) || 'x');
    const targets: Target[] = [
      {
        method: 'POST', path: () => `/v1/webhooks/instantly/${r() < 0.9 ? s.ws : someId('ws', s.ws)}`, token: () => undefined,
        headers: () => ({ 'x-webhook-secret': r() < 0.9 ? s.secret : oddString(r).replace(/[^\x20-\x7e]/g, '') }),
        body: () => ({ event_type: pick(r, ['reply_received', 'auto_reply_received', 'lead_unsubscribed', 'email_opened']), timestamp: '2026-01-01T00:00:00.000Z', lead_email: 'ed@fuzzblog.example', email_id: `fz-${int(r, 1e9)}`, email_account: 'alex@agency.example', reply_subject: 'Re: hi', reply_text: 'Sounds good' }),
      },
      { method: 'POST', path: () => '/v1/link-building/crm/account', token: key, body: () => ({ domain: `fz${int(r, 1e9)}.example`, name: 'Fuzz', domainRating: 10, workspaceId: s.ws }) },
      { method: 'PATCH', path: () => `/v1/link-building/crm/account/${someId('acct', ids.acct)}`, token: key, body: () => ({ name: 'Renamed', isActive: true, rawNotes: 'n', workspaceId: s.ws }) },
      { method: 'POST', path: () => '/v1/link-building/crm/contact', token: key, body: () => ({ accountId: ids.acct, email: `x${int(r, 1e9)}@fuzzblog.example`, firstName: 'X' }) },
      { method: 'PATCH', path: () => `/v1/link-building/crm/contact/${someId('ct', ids.ct)}`, token: key, body: () => ({ firstName: 'Y', linkedinUrl: 'https://linkedin.example/in/y' }) },
      { method: 'POST', path: () => '/v1/link-building/crm/relationship', token: key, body: () => ({ workspaceId: s.ws, accountId: ids.acct, priority: 'HIGH' }) },
      { method: 'PATCH', path: () => `/v1/link-building/crm/relationship/${someId('rel', ids.rel)}`, token: key, body: () => ({ priority: 'LOW', rawNotes: 'n' }) },
      { method: 'POST', path: () => '/v1/link-building/crm/event', token: key, body: () => ({ relationshipId: ids.rel, type: 'NOTE_ADDED', content: 'c', occurredAt: '2026-01-01T00:00:00Z' }) },
      { method: 'PUT', path: () => `/v1/link-building/gates?workspaceId=${someId('ws', s.ws)}`, token: key, body: () => ({ minConfidence: 0.9, maxPriceGuestPost: 200, autoReplyIntents: ['INTERESTED'] }) },
      { method: 'POST', path: () => `/v1/link-building/approvals/${someId('apr', 'apr_none')}/approve`, token: key, body: () => ({ text: 'edited' }) },
      { method: 'POST', path: () => '/v1/mailboxes', token: key, frozen: ['imap', 'smtp'], body: () => ({ workspaceId: s.ws, address: 'sam@agency.example', imap: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' }, smtp: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' } }) },
      { method: 'POST', path: () => '/v1/admin/agencies', token: admin, body: () => ({ name: 'Fuzz agency' }) },
      { method: 'POST', path: () => '/v1/admin/workspaces', token: admin, body: () => ({ agencyId: s.agencyId, name: 'Fuzz ws' }) },
      { method: 'POST', path: () => '/v1/admin/api-keys', token: admin, body: () => ({ agencyId: s.agencyId }) },
      { method: 'PUT', path: () => `/v1/admin/workspaces/${someId('ws', s.ws)}/approvers`, token: admin, body: () => ({ emails: ['boss@agency.example'], slackChannelId: null, slackUserIds: [] }) },
      { method: 'GET', path: () => '/v1/link-building/crm/account', token: key, query: ['domain', 'systemContactStatus', 'minDomainRating', 'limit', 'cursor'] },
      { method: 'GET', path: () => '/v1/link-building/crm/event', token: key, query: ['relationshipId', 'accountId', 'workspaceId', 'type', 'since', 'limit', 'cursor'] },
      { method: 'GET', path: () => '/v1/link-building/crm/relationship', token: key, query: ['workspaceId', 'status', 'accountId', 'priority', 'limit', 'cursor'] },
      { method: 'GET', path: () => '/v1/link-building/inbound', token: key, query: ['workspaceId', 'status', 'limit', 'cursor'] },
      { method: 'GET', path: () => `/v1/link-building/inbound/${someId('in', 'in_none')}`, token: key },
      { method: 'GET', path: () => `/v1/link-building/crm/event/${someId('ev', ids.ev)}`, token: key },
      { method: 'DELETE', path: () => `/v1/mailboxes/${someId('mb', 'mb_none')}`, token: key },
    ];

    /** A hostile variant of a valid body; returns the text and content type to send. */
    const mutate = (t: Target): { text: string | Buffer | undefined; type: string } => {
      const valid = t.body?.() ?? {};
      const fields = Object.keys(valid).filter((f) => !t.frozen?.includes(f));
      const m = int(r, 11);
      const json = (v: unknown) => ({ text: JSON.stringify(v), type: 'application/json' });
      switch (m) {
        case 0: return json(oddValue(r));
        case 1: case 2: case 3: {
          const f = fields.length ? pick(r, fields) : 'x';
          return json({ ...valid, [f]: oddValue(r) });
        }
        case 4: return json({ ...valid, [oddString(r).slice(0, 60) || 'extra']: oddValue(r) });
        case 5: return { text: pick(r, BROKEN_JSON), type: 'application/json' };
        case 6: return { text: JSON.stringify(valid), type: pick(r, CONTENT_TYPES) };
        case 7: {
          // every string field gets odd unicode
          const v: Json = { ...valid };
          for (const f of fields) if (typeof v[f] === 'string') v[f] = `${v[f] as string}${oddString(r)}`;
          return json(v);
        }
        case 8: {
          const f = fields.length ? pick(r, fields) : 'x';
          const head = JSON.stringify(valid).slice(0, -1);
          return { text: `${head}${head.length > 1 ? ',' : ''}${JSON.stringify(f)}:${nestedText(pick(r, [100, 2_000, 50_000]), r() < 0.5)}}`, type: 'application/json' };
        }
        case 9: return r() < 0.5 ? json({ ...valid, pad: 'x'.repeat(1_100_000) }) : { text: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), type: 'application/json' };
        default: return json(valid);
      }
    };

    const query = (names: readonly string[]): string => {
      const parts: string[] = [];
      for (const n of names) if (r() < 0.5) parts.push(`${n}=${r() < 0.7 ? enc(oddString(r)) : pick(r, ['%', '%zz', '%E0%A4%A', '%00', '1', '-1', '9999999999999999999', 'null'])}`);
      if (r() < 0.2) parts.push(`${enc(oddString(r)) || 'k'}=1`);
      if (r() < 0.1) parts.push(`${names[0]}=a&${names[0]}=b`);
      return parts.length ? `?${parts.join('&')}` : '';
    };

    const port = Number(new URL(svc.url).port);
    const rawCases = (): { req: string | Buffer; incomplete?: boolean } => {
      const path = pick(r, ['/v1/link-building/crm/account', `/v1/webhooks/instantly/${s.ws}`, '/v1/admin/agencies']);
      const body = '{"name":"raw"}';
      switch (int(r, 6)) {
        case 0: return { req: `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\r\nX-Inject: a\rX-Injected: b\r\nX-Lf: c\nSet-Cookie: d\r\n\r\n` };
        case 1: return { req: `GET /v1/link-building/crm/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\r\nX-Big: ${'a'.repeat(20_000 + int(r, 60_000))}\r\n\r\n` };
        case 2: return { req: `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\r\nx-webhook-secret: ${s.secret}\r\nContent-Type: application/json\r\nContent-Length: 99999\r\n\r\n${body}`, incomplete: true };
        case 3: return { req: `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n` };
        case 4: return { req: Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\u00ff\u0000\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, 'latin1'), Buffer.from(body)]) };
        default: return { req: `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${s.key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nContent-Length: 3\r\n\r\n${body}` };
      }
    };

    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    let rejectedWithRows = 0;
    let before = await counts();
    let sent = 0;
    let raw = 0;
    const started = Date.now();
    for (; sent < REQUESTS && Date.now() - started < BUDGET_MS; sent++) {
      let status: number;
      let what: string;
      if (r() < 0.05) {
        const { req, incomplete } = rawCases();
        what = `raw ${String(req).slice(0, 300)}`;
        status = await rawRequest(port, req, incomplete ? 300 : 5_000);
        // a body shorter than its Content-Length: the server rightly waits for the rest
        if (incomplete && status === -1) status = 408;
        raw++;
      } else {
        const t = pick(r, targets);
        const path = t.path() + (t.query ? query(t.query) : '');
        const headers: Record<string, string> = { ...(t.headers?.() ?? {}) };
        const token = t.token();
        if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
        let body: string | Buffer | undefined;
        if (t.body) {
          const m = mutate(t);
          body = m.text;
          if (m.type) headers['content-type'] = m.type;
        }
        what = `${t.method} ${path.slice(0, 200)} ${typeof body === 'string' ? body.slice(0, 200) : body ? '<bytes>' : ''}`;
        try {
          const res = await fetch(svc.url + path, { method: t.method, headers, body, signal: AbortSignal.timeout(10_000) });
          status = res.status;
          await res.arrayBuffer();
        } catch (e) {
          // a client-side refusal (fetch validates header values and URLs): nothing reached the server
          const cause = (e as { cause?: { code?: string } }).cause;
          if (e instanceof TypeError && (!/fetch failed/.test(e.message) || cause?.code === 'UND_ERR_INVALID_ARG')) { sent--; continue; }
          status = 0;
          what += ` (${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')})`;
        }
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (status >= 500 || status <= 0) failures.push(`${status} ← ${what}`);
      const after = await counts();
      if (status >= 400 && after !== before) {
        rejectedWithRows++;
        failures.push(`rows changed after a ${status}: ${before} → ${after} ← ${what}`);
      }
      before = after;
    }
    const ms = Date.now() - started;
    console.info(`[chaos fuzz] seed=${SEED} requests=${sent} (raw ${raw}) in ${ms}ms statuses=${JSON.stringify(Object.fromEntries([...byStatus.entries()].sort((a, b) => a[0] - b[0])))} 5xx/none=${failures.length - rejectedWithRows} rejectedWithRows=${rejectedWithRows}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1_500);
    // still healthy afterwards
    expect((await svc.call('GET', '/readyz')).status).toBe(200);
  }, 90_000);

  it('poisoned values (NUL, deep nesting, dates out of range, forged cursors, private mailbox hosts) are a 400 naming the field, with our wording', async () => {
    const r: Rng = rng(SEED + 1);
    const hook = (over: Json) => ({ event_type: 'reply_received', timestamp: '2026-01-01T00:00:00.000Z', lead_email: 'ed@fuzzblog.example', email_id: `pz-${int(r, 1e9)}`, reply_text: 'ok', ...over });
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const badDate = () => pick(r, ['+099999-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '0000-01-01', '1900-01-01T00:00:00Z', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00Z']);
    const nul = () => `${oddString(r).slice(0, 40).replaceAll('\u0000', '')}\u0000${oddString(r).slice(0, 40)}`;
    const deep = (head: string) => `${head.slice(0, -1)},"deep":${nestedText(pick(r, [33, 1_000, 100_000]), r() < 0.5)}}`;
    const poisons: Array<() => { method: string; path: string; body?: string; headers?: Record<string, string>; field: RegExp }> = [
      () => ({ method: 'POST', path: `/v1/webhooks/instantly/${s.ws}`, headers: { 'x-webhook-secret': s.secret }, body: JSON.stringify(hook({ timestamp: badDate() })), field: /^body\.timestamp$/ }),
      () => ({ method: 'POST', path: `/v1/webhooks/instantly/${s.ws}`, headers: { 'x-webhook-secret': s.secret }, body: JSON.stringify(hook({ [pick(r, ['reply_text', 'reply_subject', 'email_account', 'custom_lead_field'])]: nul() })), field: /^body\./ }),
      () => ({ method: 'POST', path: `/v1/webhooks/instantly/${s.ws}`, headers: { 'x-webhook-secret': s.secret }, body: deep(JSON.stringify(hook({}))), field: /^body$/ }),
      () => ({ method: 'POST', path: '/v1/link-building/crm/event', body: JSON.stringify({ relationshipId: ids.rel, type: 'NOTE_ADDED', occurredAt: badDate() }), field: /^body\.occurredAt$/ }),
      () => ({ method: 'POST', path: '/v1/link-building/crm/event', body: JSON.stringify({ relationshipId: ids.rel, type: 'NOTE_ADDED', metadata: { note: nul() } }), field: /^body\.metadata\.note$/ }),
      () => ({ method: 'POST', path: '/v1/link-building/crm/event', body: deep(JSON.stringify({ relationshipId: ids.rel, type: 'NOTE_ADDED', metadata: {} })), field: /^body$/ }),
      () => ({ method: 'GET', path: `/v1/link-building/crm/event?since=${enc(badDate())}`, field: /^query\.since$/ }),
      () => ({ method: 'GET', path: `/v1/link-building/crm/event?cursor=${cursor(pick(r, [[badDate(), 'evt_x'], [oddString(r).slice(0, 80), 'evt_x'], [1, 2], ['2026-01-01T00:00:00Z'], { a: 1 }, ['2026-01-01T00:00:00Z', 'evt_\u0000']]))}`, field: /^cursor$/ }),
      () => ({ method: 'GET', path: `/v1/link-building/crm/${pick(r, ['account', 'relationship', 'contact'])}?cursor=${cursor([nul()])}`, field: /^cursor$/ }),
      () => ({
        method: 'POST', path: '/v1/mailboxes',
        body: JSON.stringify({ workspaceId: s.ws, address: 'sam@agency.example', imap: { host: pick(r, ['127.0.0.1', 'localhost', '::1', '[::ffff:127.0.0.1]', '10.0.0.8', '169.254.169.254', 'fd00::8', '192.168.1.1']), port: 993, secure: true, user: 'u', password: 'p' }, smtp: { host: 'smtp.agency.example', port: 465, secure: true, user: 'u', password: 'p' } }),
        field: /^body\.imap\.host$/,
      }),
    ];
    const failures: string[] = [];
    let before = await counts();
    for (let i = 0; i < 300; i++) {
      const p = pick(r, poisons)();
      const res = await fetch(svc.url + p.path, { method: p.method, body: p.body, headers: { 'content-type': 'application/json', authorization: `Bearer ${s.key}`, ...(p.headers ?? {}) } });
      const text = await res.text();
      const out = (text.startsWith('{') ? JSON.parse(text) : {}) as { error?: { field?: string; message?: string } };
      const after = await counts();
      const what = `${p.method} ${p.path.slice(0, 120)} ${p.body?.slice(0, 160) ?? ''}`;
      if (res.status !== 400) failures.push(`${res.status} ${text.slice(0, 100)} ← ${what}`);
      else if (!p.field.test(out.error?.field ?? '')) failures.push(`field ${out.error?.field} ← ${what}`);
      else if (PG_TEXT.test(out.error?.message ?? '')) failures.push(`database text "${out.error?.message}" ← ${what}`);
      if (after !== before) failures.push(`rows changed ← ${what}`);
      before = after;
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 60_000);
});
