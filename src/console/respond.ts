/** How console handlers answer: HTML with the security headers, the signed-in context, the 404 page. */
import type { Request, Response } from 'express';
import type { ConsoleSession } from './db/sessions.ts';
import { renderMessagePage } from './views/message-page.ts';

/** What a signed-in request carries (res.locals.console). */
export interface SignedIn {
  session: ConsoleSession;
  workspaceIds: string[];
  csrf: string;
  shell: { person: string; agencyName: string; csrf: string };
}

export const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  // Sign-in links carry their token in the URL: no Referer to other sites. (Not no-referrer: with it,
  // browsers send `Origin: null` on our own form POSTs, which the Origin check rightly refuses.)
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cross-origin-opener-policy': 'same-origin',
};

export function sendHtml(res: Response, status: number, body: string): void {
  res.status(status).set(SECURITY_HEADERS).type('html').send(body);
}

export const signedIn = (res: Response): SignedIn => res.locals['console'] as SignedIn;

export const notFoundPage = (res: Response, what = 'page'): void => {
  const s = res.locals['console'] as SignedIn | undefined;
  sendHtml(res, 404, renderMessagePage({ title: 'Not found', banner: { kind: 'error', text: `This ${what} does not exist, or is not one of yours.` }, ...(s ? { session: s.shell } : {}) }));
};

/** A route parameter as one string (Express 5 types allow arrays for wildcards). */
export const param = (req: Request, name: string): string => {
  const v: unknown = req.params[name];
  return typeof v === 'string' ? v : '';
};

