/**
 * A loopback fake of the DataForSEO v3 endpoints we call, answering in the documented envelope
 * (https://docs.dataforseo.com/v3/appendix/errors): HTTP 200 almost always, `status_code` 20000 "Ok."
 * at the request level and per task, `cost` in USD; errors as other codes inside HTTP 200 (40501
 * "Invalid Field", 40000 "only one task at a time", ...), HTTP 401 for wrong Basic credentials.
 *
 * - POST /v3/serp/google/organic/live/advanced: `tasks[0].result[0].items[]` from `seed.serp[keyword]`
 *   as `type: "organic"` items (`rank_group`, `rank_absolute`, `domain`, `url`, `title`), with a
 *   non-organic `people_also_ask` element first so callers must filter by type; `depth` is honoured.
 * - POST /v3/backlinks/referring_domains/live: `backlinks_referring_domain` items from
 *   `seed.referringDomains[target]`, `limit` honoured.
 * Unknown keyword/target: task status 40102 "No Search Results." (what DataForSEO says for nothing).
 */
import { randomUUID } from 'node:crypto';
import { startProviderFake } from './provider-fake-http.ts';
import type { FakeProviderServer, FaultMatch, RecordedProviderRequest } from './provider-fake-http.ts';

export interface FakeSerpItem {
  domain: string;
  url: string;
  title?: string;
}

export interface FakeDataForSeoRefDomain {
  domain: string;
  /** DataForSEO's own 0–1000 rank (not Ahrefs DR). */
  rank: number;
  backlinks?: number;
}

export interface FakeDataForSeoSeed {
  login?: string;
  password?: string;
  /** By keyword (case-insensitive), in rank order. */
  serp?: Record<string, FakeSerpItem[]>;
  /** By target domain. */
  referringDomains?: Record<string, FakeDataForSeoRefDomain[]>;
  /** USD per call, reported as `cost` (defaults: SERP 0.002, referring domains 0.02). */
  serpCost?: number;
  referringDomainsCost?: number;
}

export interface FakeDataForSeoServer extends FakeProviderServer {
  readonly login: string;
  readonly password: string;
  /** The next matching call answers HTTP 200 with this status code at the request or task level. */
  injectStatus(level: 'request' | 'task', code: number, message: string, match?: FaultMatch, times?: number): void;
  /** Keywords asked for on the SERP endpoint, in order (for "never looked up twice"). */
  serpKeywords(): string[];
}

export const DATAFORSEO_SERP_PATH = '/v3/serp/google/organic/live/advanced';
export const DATAFORSEO_REFDOMAINS_PATH = '/v3/backlinks/referring_domains/live';

const VERSION = '0.1.20260717';

function envelope(code: number, message: string, cost: number, tasks: unknown[]): Record<string, unknown> {
  return {
    version: VERSION,
    status_code: code,
    status_message: message,
    time: '0.1000 sec.',
    cost,
    tasks_count: tasks.length,
    tasks_error: tasks.filter((t) => (t as { status_code: number }).status_code !== 20000).length,
    tasks,
  };
}

function task(path: string, code: number, message: string, cost: number, data: unknown, result: unknown[] | null): Record<string, unknown> {
  return {
    id: randomUUID(),
    status_code: code,
    status_message: message,
    time: '0.0900 sec.',
    cost,
    result_count: result ? result.length : 0,
    path: path.split('/').filter(Boolean),
    data,
    result,
  };
}

export async function startFakeDataForSeo(seed: FakeDataForSeoSeed = {}): Promise<FakeDataForSeoServer> {
  const login = seed.login ?? 'dfs-login@example.test';
  const password = seed.password ?? 'dfs-test-password';
  const expectedAuth = `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
  const serpCost = seed.serpCost ?? 0.002;
  const refCost = seed.referringDomainsCost ?? 0.02;
  const serp = new Map(Object.entries(seed.serp ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

  const handle = (req: RecordedProviderRequest) => {
    if (req.headers.authorization !== expectedAuth) {
      return {
        status: 401,
        body: envelope(40100, 'You are not authorized to access this resource. See your login details here: https://app.dataforseo.com/api-access', 0, []),
      };
    }
    if (req.method !== 'POST' || (req.path !== DATAFORSEO_SERP_PATH && req.path !== DATAFORSEO_REFDOMAINS_PATH)) {
      return { status: 404, body: envelope(40400, 'Not Found.', 0, []) };
    }
    if (!Array.isArray(req.body) || req.body.length === 0) {
      return { status: 200, body: envelope(40501, 'Invalid Field: body must be a JSON array of tasks.', 0, []) };
    }
    if (req.body.length > 1) return { status: 200, body: envelope(40000, 'You can set only one task at a time.', 0, []) };
    const data = req.body[0] as Record<string, unknown>;
    const ok = (cost: number, result: unknown[] | null, code = 20000, message = 'Ok.') => ({
      status: 200,
      body: envelope(20000, 'Ok.', cost, [task(req.path, code, message, cost, data, result)]),
    });
    const invalid = (field: string) => ok(0, null, 40501, `Invalid Field: '${field}'.`);

    if (req.path === DATAFORSEO_SERP_PATH) {
      if (typeof data.keyword !== 'string' || !data.keyword.trim()) return invalid('keyword');
      if (data.location_name === undefined && data.location_code === undefined) return invalid('location_name');
      if (typeof data.language_code !== 'string' && typeof data.language_name !== 'string') return invalid('language_code');
      const depth = typeof data.depth === 'number' ? data.depth : 100;
      if (depth < 1 || depth > 700) return invalid('depth');
      const items = serp.get(data.keyword.toLowerCase());
      if (!items || items.length === 0) return ok(serpCost, null, 40102, 'No Search Results.');
      const organic = items.slice(0, depth).map((item, i) => ({
        type: 'organic',
        rank_group: i + 1,
        rank_absolute: i + 2,
        position: 'left',
        xpath: `/html[1]/body[1]/div[${i + 1}]`,
        domain: item.domain,
        title: item.title ?? `${item.domain} — ${data.keyword as string}`,
        url: item.url,
        breadcrumb: item.url,
        description: 'A page about it.',
      }));
      const paa = { type: 'people_also_ask', rank_group: 1, rank_absolute: 1, position: 'left', items: [] };
      return ok(serpCost, [
        {
          keyword: data.keyword,
          type: 'organic',
          se_domain: 'google.com',
          location_code: data.location_code ?? 2840,
          language_code: data.language_code ?? 'en',
          check_url: `https://www.google.com/search?q=${encodeURIComponent(data.keyword)}`,
          datetime: '2026-12-07 09:00:00 +00:00',
          item_types: ['people_also_ask', 'organic'],
          se_results_count: 1000000,
          items_count: organic.length + 1,
          items: [paa, ...organic],
        },
      ]);
    }

    if (typeof data.target !== 'string' || !data.target.trim()) return invalid('target');
    const limit = typeof data.limit === 'number' ? data.limit : 100;
    if (limit < 1 || limit > 1000) return invalid('limit');
    const rows = seed.referringDomains?.[data.target] ?? [];
    if (rows.length === 0) return ok(refCost, null, 40102, 'No Search Results.');
    const items = [...rows]
      .sort((a, b) => b.rank - a.rank)
      .slice(0, limit)
      .map((r) => ({
        type: 'backlinks_referring_domain',
        domain: r.domain,
        rank: r.rank,
        backlinks: r.backlinks ?? 1,
        first_seen: '2024-01-01 00:00:00 +00:00',
        lost_date: null,
        backlinks_spam_score: 0,
        broken_backlinks: 0,
        broken_pages: 0,
        referring_domains: 1,
        referring_pages: r.backlinks ?? 1,
      }));
    return ok(refCost, [{ target: data.target, total_count: rows.length, items_count: items.length, items }]);
  };

  const server = await startProviderFake(handle);
  return {
    ...server,
    baseURL: server.baseURL,
    requests: server.requests,
    login,
    password,
    injectStatus(level, code, message, match, times) {
      const body =
        level === 'request'
          ? envelope(code, message, 0, [])
          : envelope(20000, 'Ok.', 0.002, [task(DATAFORSEO_SERP_PATH, code, message, 0.002, {}, null)]);
      server.injectFault({ kind: 'body', body }, match ?? { method: 'POST' }, times);
    },
    serpKeywords: () =>
      server.requests
        .filter((r) => r.path === DATAFORSEO_SERP_PATH && Array.isArray(r.body))
        .map((r) => String(((r.body as unknown[])[0] as { keyword?: unknown } | undefined)?.keyword ?? '')),
  };
}
