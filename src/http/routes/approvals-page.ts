/**
 * GET|POST /approve/:token (mount with prefix /approve): the emailed approval page.
 * GET only shows (mail scanners open links): it never decides, expires or consumes anything.
 * POST decides, guarded by the link token (random, stored hashed, single-use, expiring with the
 * approval) and a signed double-submit CSRF check (SameSite=Strict cookie + HMAC field), plus an Origin
 * check when the browser sends one.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import type { Logger } from '../../logger.ts';
import { hashApprovalToken, isApprovalExpired, isWellFormedApprovalToken } from '../../respond/approvals/approval-token.ts';
import { findLink, type ApprovalLink } from '../../respond/approvals/db/approval-links.ts';
import { loadApprovalContext, type ApprovalContext } from '../../respond/approvals/db/approval-context.ts';
import { toSlackView } from '../../respond/approvals/approval-view.ts';
import { alreadyDecidedMessage } from '../../respond/approvals/approval-facts.ts';
import { renderApprovalPage, renderMessagePage, type PageBanner } from '../../respond/approvals/approval-page.ts';
import { CSRF_COOKIE, csrfCookie, csrfField, csrfValid, isCsrfNonce, newCsrfNonce, readCookie } from '../../respond/approvals/page-csrf.ts';
import { decideApproval } from '../../respond/approvals/approval-service.ts';
import { publicApproval } from '../../respond/approvals/db/approvals.ts';
import { isAppError } from '../../errors.ts';

export interface ApprovalPageDeps {
  db: Db;
  enqueue: EnqueueInTx;
  /** Signs the form's CSRF field: SECRET_KEY, or a random per-process value when unset (one API process). */
  csrfSecret: string;
  /** PUBLIC_URL: its origin is accepted in the Origin header; https → the cookie is Secure. */
  publicUrl: string | null;
  log: Pick<Logger, 'warn' | 'error'>;
  now?: () => Date;
}

const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  // The token is in the URL: links to other sites must not carry it in a Referer. (Not no-referrer: with
  // it, browsers send `Origin: null` on the form's own POST, which the Origin check rightly refuses.)
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function send(res: Response, status: number, html: string): void {
  res.status(status).set(SECURITY_HEADERS).type('html').send(html);
}

const INVALID = (): string =>
  renderMessagePage('Link not valid', { kind: 'error', text: 'This approval link is not valid.' }, 'Links are personal and expire; ask for the approval to be sent again if you still need it.');

interface Resolved {
  link: ApprovalLink;
  ctx: ApprovalContext;
  tokenHash: string;
}

async function resolve(db: Db, token: string): Promise<Resolved | null> {
  if (!isWellFormedApprovalToken(token)) return null;
  const tokenHash = hashApprovalToken(token);
  const link = await findLink(db, tokenHash);
  if (!link) return null;
  const ctx = await loadApprovalContext(db, link.approvalId);
  return ctx ? { link, ctx, tokenHash } : null;
}

/** Why the approval can no longer be decided through this link, or null when it can. */
function closedBanner(r: Resolved, now: Date): PageBanner | null {
  const a = r.ctx.approval;
  if (a.status !== 'PENDING') return { kind: a.status === 'APPROVED' ? 'success' : 'warn', text: `This reply was ${alreadyDecidedMessage(publicApproval(a)).replace(/^already /, '')}.` };
  if (isApprovalExpired(new Date(a.expiresAt), now)) return { kind: 'warn', text: 'This approval has expired; nothing will be sent.' };
  if (r.link.usedAt) return { kind: 'warn', text: 'This link was already used.' };
  return null;
}

function originAllowed(req: Request, publicUrl: string | null): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true; // older browsers; the CSRF field and SameSite cookie still hold
  const allowed = new Set<string>([`${req.protocol}://${req.get('host') ?? ''}`]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}

export function approvalPageRouter(deps: ApprovalPageDeps): Router {
  const now = deps.now ?? (() => new Date());
  const secureCookie = deps.publicUrl?.startsWith('https:') ?? false;
  const router = express.Router();

  router.get('/:token', async (req, res, next) => {
    try {
      const r = await resolve(deps.db, req.params['token'] ?? '');
      if (!r) return send(res, 404, INVALID());
      const view = toSlackView(r.ctx);
      const page = { view, workspaceName: r.ctx.workspace.name, recentEvents: r.ctx.recentEvents };
      const closed = closedBanner(r, now());
      if (closed) return send(res, 200, renderApprovalPage({ ...page, banner: closed }));
      const existing = readCookie(req.get('cookie'), CSRF_COOKIE);
      const nonce = isCsrfNonce(existing) ? existing : newCsrfNonce();
      res.append('set-cookie', csrfCookie(nonce, secureCookie || req.secure));
      send(res, 200, renderApprovalPage({ ...page, form: { csrf: csrfField(deps.csrfSecret, r.tokenHash, nonce) } }));
    } catch (e) {
      next(e);
    }
  });

  router.post('/:token', express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 20 }), async (req, res, next) => {
    try {
      const r = await resolve(deps.db, req.params['token'] ?? '');
      if (!r) return send(res, 404, INVALID());
      const form = (req.body ?? {}) as Record<string, unknown>;
      if (!originAllowed(req, deps.publicUrl) || !csrfValid(deps.csrfSecret, r.tokenHash, readCookie(req.get('cookie'), CSRF_COOKIE), form['csrf'])) {
        return send(res, 403, renderMessagePage('Please try again', { kind: 'error', text: 'This form could not be verified; nothing was changed.' },
          'Open the link from your email again and submit the form from that page.'));
      }
      const view = toSlackView(r.ctx);
      const page = { view, workspaceName: r.ctx.workspace.name, recentEvents: r.ctx.recentEvents };
      const closed = closedBanner(r, now());
      if (closed) return send(res, 409, renderApprovalPage({ ...page, banner: closed }));
      const chosen = form['action'];
      const redraft = chosen === 'redraft';
      const action = redraft ? 'reject' : chosen;
      if (action !== 'approve' && action !== 'reject') {
        return send(res, 400, renderMessagePage('Choose an action', { kind: 'error', text: 'Choose Approve or Reject; nothing was changed.' }));
      }
      const text = typeof form['text'] === 'string' ? form['text'] : undefined;
      const reason = typeof form['reason'] === 'string' ? form['reason'] : undefined;
      let out;
      try {
        out = await decideApproval(deps.db, {
          approvalId: r.link.approvalId, action, by: { channel: 'email', actor: r.link.recipient },
          ...(action === 'approve' && text !== undefined ? { editedText: text } : {}), ...(action === 'reject' ? { reason: reason ?? null, redraft } : {}),
          now: now(), linkTokenHash: r.tokenHash,
        }, deps.enqueue);
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION') return send(res, 400, renderMessagePage('Not saved', { kind: 'error', text: `${e.message}; nothing was changed.` }));
        if (isAppError(e) && e.code === 'CONFLICT') return send(res, 409, renderMessagePage('Not sent', { kind: 'error', text: `${e.message}; nothing was changed.` }));
        throw e;
      }
      if (!out.ok) {
        const banner: PageBanner = out.reason === 'not-found' ? { kind: 'error', text: 'This approval no longer exists.' } : { kind: 'warn', text: `Nothing changed: ${out.message}.` };
        return send(res, 409, renderApprovalPage({ ...page, banner }));
      }
      const banner: PageBanner = out.approval.status === 'APPROVED'
        ? { kind: 'success', text: out.approval.editedText !== null ? 'Approved with your edits: the reply will be sent.' : 'Approved: the reply will be sent.' }
        : { kind: 'info', text: 'Rejected: nothing will be sent.' };
      const decided = { ...view, draft: out.approval.editedText !== null ? { subject: view.draft?.subject ?? '', text: out.approval.editedText } : view.draft };
      send(res, 200, renderApprovalPage({ ...page, view: decided, banner }));
    } catch (e) {
      next(e);
    }
  });
  return router;
}
