/** Drives the emailed approval page over HTTP the way a browser would (cookie + hidden CSRF field). */
import type { SunkMail } from '../fakes/smtp-sink.ts';

export function linkIn(mail: SunkMail): string {
  const m = /https?:\/\/\S+\/approve\/[A-Za-z0-9_-]{43}/.exec(mail.text);
  if (!m) throw new Error(`no approval link in mail to ${mail.to}`);
  return m[0];
}

export interface PageVisit {
  status: number;
  html: string;
  headers: Headers;
  /** `apr_csrf=…` for a Cookie header. */
  cookie: string | null;
  csrf: string | null;
}

export async function openPage(link: string, cookie?: string): Promise<PageVisit> {
  const res = await fetch(link, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  const setCookie = res.headers.get('set-cookie');
  return {
    status: res.status,
    html,
    headers: res.headers,
    cookie: setCookie ? setCookie.split(';')[0]! : (cookie ?? null),
    csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null,
  };
}

export async function submitPage(link: string, fields: Record<string, string>, opts: { cookie?: string | null; origin?: string } = {}): Promise<{ status: number; html: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (opts.cookie) headers['cookie'] = opts.cookie;
  if (opts.origin) headers['origin'] = opts.origin;
  const res = await fetch(link, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}
