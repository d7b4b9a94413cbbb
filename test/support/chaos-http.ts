/** Plain HTTP calls against a service process (no in-process app), for the chaos suites. */
import { ADMIN_TOKEN } from './test-app.ts';

export interface HttpResult<T> {
  status: number;
  body: T;
}

export async function httpJson<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal ?? AbortSignal.timeout(20_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T };
}

/** An agency with one workspace and an API key, made through the admin API of a running service. */
export async function seedWorkspace(base: string, name: string): Promise<{ agencyId: string; ws: string; secret: string; key: string }> {
  const admin = { token: ADMIN_TOKEN };
  const agency = await httpJson<{ id: string }>(base, 'POST', '/v1/admin/agencies', { ...admin, body: { name } });
  if (agency.status !== 201 && agency.status !== 200) throw new Error(`agency: ${agency.status} ${JSON.stringify(agency.body)}`);
  const ws = await httpJson<{ id: string; webhookSecret: string }>(base, 'POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.body.id, name: `${name} client` } });
  const key = await httpJson<{ apiKey: string }>(base, 'POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.body.id } });
  return { agencyId: agency.body.id, ws: ws.body.id, secret: ws.body.webhookSecret, key: key.body.apiKey };
}

export function webhookBody(i: number, opts: { prefix: string; text: string; lead?: string; account?: string }): Record<string, unknown> {
  return {
    event_type: 'reply_received',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    lead_email: opts.lead ?? `editor${i}@site${i}-${opts.prefix}.example`,
    email_id: `${opts.prefix}-${i}`,
    email_account: opts.account ?? 'alex@agency.example',
    reply_subject: 'Re: Guest post idea',
    reply_text: opts.text,
  };
}
