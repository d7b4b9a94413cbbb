/**
 * A loopback fake of the Ahrefs API v3 endpoints we call (`Authorization: Bearer <key>`):
 * - GET /v3/site-explorer/refdomains?target=&mode=&history=&select=&order_by=&limit= →
 *   `{refdomains: [...]}` with only the selected columns, from `seed.refdomains[target]`;
 * - POST /v3/batch-analysis/batch-analysis {select, targets: [{url, mode, protocol}]} →
 *   `{targets: [{index, url, <selected>...}]}` from `seed.metrics[url]` (a domain Ahrefs has no data
 *   for comes back with nulls), at most `maxBatchTargets` targets per request (400 beyond).
 * Units: `x-api-units-cost-total-actual` = rows × `unitsPerRow`, plus `x-api-rows`.
 * Errors: `{"error": "..."}` with 401 (wrong key), 400 (bad parameters), and 429 with `Retry-After`
 * through `rateLimit(seconds)`.
 */
import { startProviderFake } from './provider-fake-http.ts';
import type { FakeProviderServer, FaultMatch, RecordedProviderRequest } from './provider-fake-http.ts';

export interface FakeAhrefsRefDomain {
  domain: string;
  domain_rating: number;
  traffic_domain?: number;
  dofollow_links?: number;
}

export interface FakeAhrefsMetrics {
  domain_rating?: number;
  org_traffic?: number;
  org_keywords?: number;
  refdomains?: number;
  backlinks?: number;
}

export interface FakeAhrefsSeed {
  apiKey?: string;
  refdomains?: Record<string, FakeAhrefsRefDomain[]>;
  metrics?: Record<string, FakeAhrefsMetrics>;
  unitsPerRow?: number;
  maxBatchTargets?: number;
}

export interface FakeAhrefsServer extends FakeProviderServer {
  readonly apiKey: string;
  /** The next `times` matching requests answer 429 with `Retry-After: seconds`. */
  rateLimit(retryAfterSeconds: number, times?: number, match?: FaultMatch): void;
  /** Every target url sent to batch analysis, in order (for "never looked up twice"). */
  batchTargets(): string[];
}

export const AHREFS_REFDOMAINS_PATH = '/v3/site-explorer/refdomains';
export const AHREFS_BATCH_PATH = '/v3/batch-analysis/batch-analysis';

const REFDOMAIN_COLUMNS = new Set(['domain', 'domain_rating', 'traffic_domain', 'dofollow_links']);
const METRIC_COLUMNS = new Set(['domain_rating', 'org_traffic', 'org_keywords', 'refdomains', 'backlinks']);

export async function startFakeAhrefs(seed: FakeAhrefsSeed = {}): Promise<FakeAhrefsServer> {
  const apiKey = seed.apiKey ?? 'ahrefs-test-key';
  const unitsPerRow = seed.unitsPerRow ?? 1;
  const maxBatch = seed.maxBatchTargets ?? 100;
  const withUnits = (rows: number, body: unknown) => ({
    status: 200,
    body,
    headers: { 'x-api-rows': String(rows), 'x-api-units-cost-row': String(unitsPerRow), 'x-api-units-cost-total-actual': String(rows * unitsPerRow) },
  });
  const bad = (error: string) => ({ status: 400, body: { error } });

  const handle = (req: RecordedProviderRequest) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, body: { error: 'Unauthorized: invalid API key' } };

    if (req.method === 'GET' && req.path === AHREFS_REFDOMAINS_PATH) {
      const { target, select, limit, mode, history, order_by } = req.query;
      if (!target) return bad('target is required');
      if (!select) return bad('select is required');
      const columns = select.split(',');
      const unknown = columns.find((c) => !REFDOMAIN_COLUMNS.has(c));
      if (unknown) return bad(`unknown column in select: ${unknown}`);
      if (mode && !['exact', 'prefix', 'domain', 'subdomains'].includes(mode)) return bad(`invalid mode: ${mode}`);
      if (history && !/^(live|all_time|since:\d{4}-\d{2}-\d{2})$/.test(history)) return bad(`invalid history: ${history}`);
      const n = limit === undefined ? 1000 : Number(limit);
      if (!Number.isInteger(n) || n < 1) return bad('limit must be a positive integer');
      let rows = [...(seed.refdomains?.[target] ?? [])];
      if (order_by === 'domain_rating:desc') rows.sort((a, b) => b.domain_rating - a.domain_rating);
      rows = rows.slice(0, n);
      const refdomains = rows.map((r) => Object.fromEntries(columns.map((c) => [c, (r as unknown as Record<string, unknown>)[c] ?? null])));
      return withUnits(refdomains.length, { refdomains });
    }

    if (req.method === 'POST' && req.path === AHREFS_BATCH_PATH) {
      const body = req.body as { select?: unknown; targets?: unknown } | undefined;
      if (!body || !Array.isArray(body.select) || body.select.length === 0) return bad('select is required');
      const unknown = body.select.find((c) => typeof c !== 'string' || !METRIC_COLUMNS.has(c));
      if (unknown !== undefined) return bad(`unknown column in select: ${String(unknown)}`);
      if (!Array.isArray(body.targets) || body.targets.length === 0) return bad('targets is required');
      if (body.targets.length > maxBatch) return bad(`too many targets: at most ${maxBatch} per request`);
      const targets: Array<Record<string, unknown>> = [];
      for (const [index, raw] of body.targets.entries()) {
        const t = raw as { url?: unknown; mode?: unknown; protocol?: unknown };
        if (typeof t.url !== 'string' || !t.url) return bad(`targets[${index}].url is required`);
        if (t.mode !== undefined && !['exact', 'prefix', 'domain', 'subdomains'].includes(String(t.mode))) return bad(`targets[${index}].mode is invalid`);
        if (t.protocol !== undefined && !['both', 'http', 'https'].includes(String(t.protocol))) return bad(`targets[${index}].protocol is invalid`);
        const m = seed.metrics?.[t.url] ?? {};
        targets.push({ index, url: t.url, ...Object.fromEntries((body.select as string[]).map((c) => [c, (m as Record<string, unknown>)[c] ?? null])) });
      }
      return withUnits(targets.length, { targets });
    }
    return { status: 404, body: { error: 'Not found' } };
  };

  const server = await startProviderFake(handle);
  return {
    ...server,
    apiKey,
    rateLimit(seconds, times = 1, match) {
      server.injectFault({ kind: 'status', status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': String(seconds) } }, match, times);
    },
    batchTargets: () =>
      server.requests
        .filter((r) => r.path === AHREFS_BATCH_PATH)
        .flatMap((r) => ((r.body as { targets?: Array<{ url?: string }> } | undefined)?.targets ?? []).map((t) => String(t.url))),
  };
}
