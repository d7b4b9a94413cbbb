/** One JSON-over-HTTP call helper for every test that drives the API on a real port. */
export interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type Call = <T = Record<string, unknown>>(method: string, path: string, opts?: CallOptions) => Promise<{ status: number; body: T; headers: Headers }>;

export function httpCaller(base: string | (() => string)): Call {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch((typeof base === 'string' ? base : base()) + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  };
}
