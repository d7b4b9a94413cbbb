/**
 * The one small HTTP client every provider adapter uses (Node's global fetch): a timeout per attempt,
 * bounded retries on 429 and 5xx honouring `Retry-After` (seconds or an HTTP date) within a bounded
 * wait, and every failure a `ProviderError` naming the provider and the endpoint — never the URL, a
 * header or a query string, which is where keys travel (SerpApi's `api_key` is a query parameter).
 *
 * What is retried, and why:
 * - 429 and 5xx: the vendor did not do the work (or says to come back), so asking again is safe.
 *   A `Retry-After` longer than `maxRetryWaitMs` is not slept through here: the call fails retryable at
 *   once and the job layer retries the whole step later (a worker must not sit idle for minutes).
 * - network errors and timeouts: only for GET. A POST that timed out may have been done and billed
 *   (a DataForSEO live SERP task, an Apollo reveal), so it fails retryable and the caller decides.
 * Anything else (401/403/400/404/422) fails at once, not retryable: a wrong key does not get better.
 */
import { ProviderError } from './ports.ts';
import type { ProviderName } from './ports.ts';

export interface ProviderHttpOptions {
  provider: ProviderName;
  baseURL: string;
  /** Sent on every request (auth lives here; never echoed in errors). */
  headers?: Record<string, string>;
  /** Per attempt. Default 30 s (a DataForSEO live SERP takes ~6 s, depth 100 up to ~15 s). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx (and GET network errors). Default 2. */
  maxRetries?: number;
  /** Longest single wait between attempts; a longer Retry-After fails the call retryable. Default 20 s. */
  maxRetryWaitMs?: number;
  /** Injected in tests to keep them fast and to see the waits asked for. */
  sleep?: (ms: number) => Promise<void>;
  /** Strings that must never appear in an error message (keys, passwords). */
  secrets?: readonly string[];
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface ProviderRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Array values are sent as repeated parameters (`person_titles[]=a&person_titles[]=b`). */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Named in errors and in the CallMeter, e.g. "serp/google/organic/live/advanced". */
  endpoint: string;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface ProviderHttp {
  readonly provider: ProviderName;
  /** Resolves only for 2xx with a JSON body; everything else is a ProviderError. */
  request(request: ProviderRequest): Promise<ProviderResponse>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_RETRY_WAIT_MS = 20_000;
const BACKOFF_BASE_MS = 500;

export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const base = options.baseURL.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxWait = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const provider = options.provider;

  const fail = (endpoint: string, message: string, retryable: boolean): ProviderError =>
    new ProviderError(provider, redact(`${endpoint}: ${message}`, secrets), retryable);

  async function request(req: ProviderRequest): Promise<ProviderResponse> {
    const url = new URL(`${base}${req.path}`);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, String(v));
      else url.searchParams.set(name, String(value));
    }
    const hasBody = req.body !== undefined;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: req.method,
          headers: { accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
          body: hasBody ? JSON.stringify(req.body) : null,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        // A redirect means a wrong base URL (or a login page): following it could send the key elsewhere.
        if (error instanceof Error && error.cause instanceof Error && /redirect/i.test(error.cause.message)) {
          throw fail(req.endpoint, 'the server answered with a redirect (check the base URL)', false);
        }
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const what = timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : 'network error (connection failed)';
        if (req.method === 'GET' && attempt < maxRetries) {
          await sleep(backoff(attempt, maxWait));
          continue;
        }
        throw fail(req.endpoint, what, true);
      }
      const text = await response.text().catch(() => '');
      if (response.status === 429 || response.status >= 500) {
        const asked = retryAfterMs(response.headers.get('retry-after'), Date.now());
        const wait = asked ?? backoff(attempt, maxWait);
        const label = response.status === 429 ? 'rate limited (HTTP 429)' : `HTTP ${response.status}`;
        if (attempt >= maxRetries) throw fail(req.endpoint, `${label} after ${attempt + 1} attempts${detailOf(text)}`, true);
        if (wait > maxWait) {
          throw fail(req.endpoint, `${label}; Retry-After ${Math.ceil(wait / 1000)} s is longer than we wait in one call${detailOf(text)}`, true);
        }
        await sleep(wait);
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        throw fail(req.endpoint, `${statusWords(response.status)}${detailOf(text)}`, false);
      }
      try {
        return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
      } catch {
        throw fail(req.endpoint, `HTTP ${response.status} with a body that is not JSON`, false);
      }
    }
  }

  return { provider, request };
}

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

function backoff(attempt: number, maxWait: number): number {
  return Math.min(maxWait, BACKOFF_BASE_MS * 2 ** attempt);
}

function statusWords(status: number): string {
  if (status === 401) return 'HTTP 401 (credentials refused: check the key)';
  if (status === 402) return 'HTTP 402 (payment required: check the account balance)';
  if (status === 403) return 'HTTP 403 (not allowed for this key or plan)';
  if (status === 404) return 'HTTP 404 (endpoint not found: check the base URL)';
  return `HTTP ${status}`;
}

/** The vendor's own error words (`{"error": "..."}` or `{"message": "..."}`), short; never the whole body. */
function detailOf(text: string): string {
  if (!text) return '';
  let words: string | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const key of ['error', 'message', 'status_message', 'detail']) {
        const value = record[key];
        if (typeof value === 'string' && value.trim()) {
          words = value;
          break;
        }
        if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).message === 'string') {
          words = (value as Record<string, string>).message ?? null;
          break;
        }
      }
    }
  } catch {
    words = null; // an HTML error page says nothing useful
  }
  return words ? `: ${words.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
}

export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}
