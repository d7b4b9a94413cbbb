/**
 * /console: the agency's console, server-rendered HTML (docs/console.md). Every page needs a session
 * (an HttpOnly, SameSite=Strict cookie whose token is stored hashed, see session/ and db/sessions.ts);
 * every POST needs the session's CSRF field and an Origin of this service. Another agency's ids, or ids
 * outside the session's workspaces, are a 404 page. No script runs: the CSP forbids it, and the pages
 * need none (forms, links, <details>).
 */
import express, { type Request, type Response, type Router, type NextFunction } from 'express';
import type { Db } from '../db/types.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import type { Logger } from '../logger.ts';
import type { ApprovalMailer } from '../respond/approvals/ports.ts';
import { readCookie } from '../respond/approvals/page-csrf.ts';
import { isAppError } from '../errors.ts';
import { allowedMethods, pathPattern } from '../http/method-not-allowed.ts';
import { consoleDocs } from './route-docs.ts';
import { findActiveSession, findSignInLink, revokeSession, touchSession } from './db/sessions.ts';
import { clearSessionCookie, hashToken, isWellFormedToken, SESSION_COOKIE, sessionCookie } from './session/tokens.ts';
import { isNonce, newNonce, originAllowed, PRE_SESSION_COOKIE, preSessionCookie, preSessionCsrf, preSessionCsrfValid, sessionCsrf, sessionCsrfValid } from './session/csrf.ts';
import { isEmailAddress, requestSignInLink, signInWithApiKey, signInWithLink } from './sign-in.ts';
import { CONSOLE_CSS } from './views/style.ts';
import { renderLinkPage, renderSignInPage } from './views/sign-in-page.ts';
import { renderMessagePage } from './views/message-page.ts';
import type { Banner } from './views/layout.ts';
import { approvalQueue } from './db/approval-queue.ts';
import { alreadyDecidedBanner, renderApprovalsPage, type EditRefusal } from './views/approvals-page.ts';
import { loadApprovalContext } from '../respond/approvals/db/approval-context.ts';
import { getApproval } from '../respond/approvals/db/approvals.ts';
import { CONSOLE_ACTIONS, consoleDecide, type ConsoleAction } from './decide.ts';
import { consolePageRoutes } from './pages.ts';
import { notFoundPage, param, SECURITY_HEADERS, sendHtml, signedIn, type SignedIn } from './respond.ts';

export interface ConsoleDeps {
  db: Db;
  enqueue: EnqueueInTx;
  /** Emails sign-in links (SMTP_URL); null: only API-key sign-in. */
  mailer: ApprovalMailer | null;
  /** Signs the CSRF fields: SECRET_KEY (shared by every API process), else a per-process random value. */
  csrfSecret: string;
  /** PUBLIC_URL: sign-in links point at it, its origin passes the Origin check, https → Secure cookies. */
  publicUrl: string;
  log: Pick<Logger, 'warn' | 'error' | 'info'>;
  now?: () => Date;
}

type Handler = (req: Request, res: Response) => Promise<void>;

export function consoleRouter(deps: ConsoleDeps): Router {
  const now = deps.now ?? (() => new Date());
  const secureCookies = deps.publicUrl.startsWith('https:');
  const router = express.Router();
  // parameterLimit: a campaign's form selects up to a few hundred emails at once.
  const form = express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 1000 });
  const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => {
    h(req, res).catch((e: unknown) => {
      if (isAppError(e) && e.code === 'VALIDATION') {
        sendHtml(res, 400, renderMessagePage({ title: 'Not saved', banner: { kind: 'error', text: `${e.message}; nothing was changed.` } }));
        return;
      }
      next(e);
    });
  };
  const hostOrigin = (req: Request) => `${req.protocol}://${req.get('host') ?? ''}`;
  const secure = (req: Request) => secureCookies || req.secure;

  // A page or form asked with a method it does not serve leaves the console, before any session check,
  // for the API's 405 with `Allow` (the same declarations as the OpenAPI entries).
  const known = consoleDocs.map((r) => ({ method: r.method, re: pathPattern(r.path) }));
  router.use((req, _res, next) => {
    const allow = allowedMethods(known, req.path);
    next(allow.length > 0 && !allow.includes(req.method.toUpperCase()) ? 'router' : undefined);
  });

  router.get('/assets/console.css', (_req, res) => {
    res.set({ 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=300' }).type('text/css').send(CONSOLE_CSS);
  });

  // ---- sign in / out (no session needed) ----
  const preNonce = (req: Request, res: Response): string => {
    const existing = readCookie(req.get('cookie'), PRE_SESSION_COOKIE);
    const nonce = isNonce(existing) ? existing : newNonce();
    res.append('set-cookie', preSessionCookie(nonce, secure(req)));
    return nonce;
  };
  const preValid = (req: Request): boolean =>
    originAllowed(req.get('origin'), hostOrigin(req), deps.publicUrl) &&
    preSessionCsrfValid(deps.csrfSecret, readCookie(req.get('cookie'), PRE_SESSION_COOKIE), (req.body as Record<string, unknown> | undefined)?.['csrf']);
  const refused = (res: Response, hint: string) =>
    sendHtml(res, 403, renderMessagePage({ title: 'Please try again', banner: { kind: 'error', text: 'This form could not be verified; nothing was changed.' }, hint }));
  const signInPage = (req: Request, res: Response, status: number, extra: { banner?: Banner; person?: string; email?: string } = {}) =>
    sendHtml(res, status, renderSignInPage({ csrf: preSessionCsrf(deps.csrfSecret, preNonce(req, res)), emailLinks: deps.mailer !== null, ...extra }));
  const startSession = (req: Request, res: Response, token: string) => {
    res.append('set-cookie', sessionCookie(token, secure(req)));
    res.status(303).set(SECURITY_HEADERS).location('/console/approvals').end();
  };

  router.get('/sign-in', wrap(async (req, res) => signInPage(req, res, 200)));
  router.post('/sign-in', form, wrap(async (req, res) => {
    if (!preValid(req)) return refused(res, 'Open the sign-in page again and submit the form from there.');
    const body = req.body as Record<string, unknown>;
    const out = await signInWithApiKey(deps.db, { apiKey: body['apiKey'], person: body['person'], now: now() });
    if (!out.ok) return signInPage(req, res, out.field === 'apiKey' ? 401 : 400, { banner: { kind: 'error', text: out.reason }, person: typeof body['person'] === 'string' ? body['person'] : '' });
    startSession(req, res, out.token);
  }));
  router.post('/sign-in/email', form, wrap(async (req, res) => {
    if (!preValid(req)) return refused(res, 'Open the sign-in page again and submit the form from there.');
    const email = String((req.body as Record<string, unknown>)['email'] ?? '').trim();
    if (!isEmailAddress(email)) return signInPage(req, res, 400, { banner: { kind: 'error', text: 'Type an email address.' }, email });
    try {
      const r = await requestSignInLink({ db: deps.db, mailer: deps.mailer, publicUrl: deps.publicUrl }, { email, now: now() });
      if (r.skipped) deps.log.info({ skipped: r.skipped }, 'console sign-in link not sent');
    } catch (err) {
      deps.log.error({ err }, 'console sign-in link could not be emailed');
    }
    // The same answer whether or not the address approves for anything.
    signInPage(req, res, 200, { banner: { kind: 'info', text: `If ${email} approves for a workspace, a sign-in link is on its way. It works once, for 15 minutes.` } });
  }));
  router.get('/sign-in/link/:token', wrap(async (req, res) => {
    const token = param(req, 'token');
    const link = isWellFormedToken(token) ? await findSignInLink(deps.db, hashToken(token)) : null;
    if (!link || link.usedAt || link.expiresAt.getTime() <= now().getTime()) return sendHtml(res, 404, renderLinkPage({ invalid: true }));
    sendHtml(res, 200, renderLinkPage({ csrf: preSessionCsrf(deps.csrfSecret, preNonce(req, res)), email: link.email }));
  }));
  router.post('/sign-in/link/:token', form, wrap(async (req, res) => {
    if (!preValid(req)) return refused(res, 'Open the link from your email again and sign in from that page.');
    const out = await signInWithLink(deps.db, { token: param(req, 'token'), now: now() });
    if (!out.ok) return sendHtml(res, 404, renderLinkPage({ invalid: true }));
    startSession(req, res, out.token);
  }));

  // ---- everything else needs a session ----
  const loadSession = async (req: Request, res: Response): Promise<boolean> => {
    const token = readCookie(req.get('cookie'), SESSION_COOKIE);
    const session = isWellFormedToken(token) ? await findActiveSession(deps.db, hashToken(token), now()) : null;
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.status(303).set(SECURITY_HEADERS).location('/console/sign-in').end();
      } else {
        sendHtml(res, 401, renderMessagePage({ title: 'Signed out', banner: { kind: 'error', text: 'Your session has ended; nothing was changed.' }, hint: 'Sign in again, then repeat what you were doing.' }));
      }
      return false;
    }
    await touchSession(deps.db, session, now());
    const csrf = sessionCsrf(deps.csrfSecret, session.tokenHash);
    res.locals['console'] = { session, workspaceIds: session.workspaces.map((w) => w.id), csrf, shell: { person: session.person, agencyName: session.agencyName, csrf } } satisfies SignedIn;
    return true;
  };
  router.use((req, res, next) => {
    loadSession(req, res).then((ok) => (ok ? next() : undefined), next);
  });
  // Every POST past this point: the session's CSRF field and an Origin of ours, or nothing happens.
  router.use(form, (req, res, next) => {
    if (req.method !== 'POST') return next();
    const s = signedIn(res);
    if (!originAllowed(req.get('origin'), hostOrigin(req), deps.publicUrl) || !sessionCsrfValid(deps.csrfSecret, s.session.tokenHash, (req.body as Record<string, unknown> | undefined)?.['csrf'])) {
      sendHtml(res, 403, renderMessagePage({ title: 'Please try again', banner: { kind: 'error', text: 'This form could not be verified; nothing was changed.' }, hint: 'Reload the page and submit the form from there.', session: s.shell }));
      return;
    }
    next();
  });

  router.get('/', (_req, res) => {
    res.status(303).set(SECURITY_HEADERS).location('/console/approvals').end();
  });
  router.post('/sign-out', wrap(async (req, res) => {
    await revokeSession(deps.db, signedIn(res).session.tokenHash, now());
    res.append('set-cookie', clearSessionCookie(secure(req)));
    res.status(303).set(SECURITY_HEADERS).location('/console/sign-in').end();
  }));

  // ---- approvals ----
  const approvalsPage = async (res: Response, status: number, extra: { banner?: Banner | null; refusal?: EditRefusal | null } = {}) => {
    const s = signedIn(res);
    const q = await approvalQueue(deps.db, s.workspaceIds);
    sendHtml(res, status, renderApprovalsPage({ session: s.shell, ...q, now: now(), workspaceCount: s.workspaceIds.length, ...extra }));
  };
  router.get('/approvals', wrap(async (req, res) => {
    const s = signedIn(res);
    const decidedId = typeof req.query['decided'] === 'string' ? req.query['decided'] : undefined;
    let banner: Banner | null = null;
    if (decidedId) {
      const a = await getApproval(deps.db, decidedId, s.workspaceIds);
      if (a && a.status !== 'PENDING') {
        banner = a.status === 'APPROVED'
          ? { kind: 'success', text: a.editedText !== null ? 'Approved with your edits: it will be sent.' : 'Approved: it will be sent.' }
          : a.status === 'REJECTED' ? { kind: 'info', text: 'Rejected: nothing will be sent.' } : { kind: 'warn', text: 'Expired: nothing was sent.' };
      }
    }
    await approvalsPage(res, 200, { banner });
  }));
  router.post('/approvals/:id', wrap(async (req, res) => {
    const s = signedIn(res);
    const body = req.body as Record<string, unknown>;
    const action = body['action'];
    if (typeof action !== 'string' || !CONSOLE_ACTIONS.includes(action as ConsoleAction)) {
      return approvalsPage(res, 400, { banner: { kind: 'error', text: 'Choose Approve or Reject; nothing was changed.' } });
    }
    const id = param(req, 'id');
    const out = await consoleDecide(deps, {
      approvalId: id, workspaceIds: s.workspaceIds, person: s.session.person, action: action as ConsoleAction,
      text: typeof body['text'] === 'string' ? body['text'] : undefined, reason: typeof body['reason'] === 'string' ? body['reason'] : undefined, now: now(),
    }).catch((e: unknown) => {
      if (isAppError(e) && (e.code === 'CONFLICT' || e.code === 'VALIDATION')) return { kind: 'refused' as const, message: e.message };
      throw e;
    });
    if (out.kind === 'not-found') return notFoundPage(res, 'approval');
    if (out.kind === 'refused') return approvalsPage(res, out.message.startsWith('text:') ? 400 : 409, { banner: { kind: 'error', text: `Not saved: ${out.message}; nothing was changed.` } });
    if (out.kind === 'checks-failed') {
      return approvalsPage(res, 422, {
        banner: { kind: 'error', text: 'Not approved: the edited text did not pass the draft checks. Fix it, or approve anyway.' },
        refusal: { approvalId: id, text: out.text, reason: 'The edited text did not pass these draft checks:', failed: out.failed },
      });
    }
    if (!out.outcome.ok) {
      if (out.outcome.reason === 'not-found') return notFoundPage(res, 'approval');
      const ctx = await loadApprovalContext(deps.db, id);
      return approvalsPage(res, 409, { banner: ctx ? alreadyDecidedBanner(ctx) : { kind: 'warn', text: `Nothing changed: ${out.outcome.message}.` } });
    }
    res.status(303).set(SECURITY_HEADERS).location(`/console/approvals?decided=${encodeURIComponent(id)}`).end();
  }));

  for (const r of consolePageRoutes({ db: deps.db, enqueue: deps.enqueue, now })) {
    router[r.method](r.path, wrap(r.handler));
  }

  router.use((_req, res) => notFoundPage(res));
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err }, 'console page failed');
    if (res.headersSent) return;
    sendHtml(res, 500, renderMessagePage({ title: 'Something went wrong', banner: { kind: 'error', text: 'The page could not be shown; if you submitted a form, check whether it took effect before repeating it.' } }));
  });
  return router;
}
