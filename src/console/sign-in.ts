/**
 * Signing in to the console: with an API key (and the person's name or address, which decisions made
 * here record as decidedBy), or with a one-time link emailed to a workspace approver. Either way a new
 * random session token goes into the cookie and only its hash is stored.
 */
import type { Db } from '../db/types.ts';
import type { ApprovalMailer } from '../respond/approvals/ports.ts';
import { esc } from '../respond/approvals/html.ts';
import { approverWorkspaces, consumeSignInLink, countRecentSignInLinks, findApiKey, insertSession, insertSignInLink } from './db/sessions.ts';
import { hashToken, isWellFormedToken, mayEmailSignInLink, newToken, SESSION_TTL_MS, SIGN_IN_LINK_TTL_MS } from './session/tokens.ts';

export const MAX_PERSON = 200;
const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** Pure: a name or address fit to be recorded as who decided, or the reason it is not. */
export function checkPerson(v: unknown): { ok: true; person: string } | { ok: false; reason: string } {
  const person = typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : '';
  if (!person) return { ok: false, reason: 'Your name or email is needed: it is recorded on every decision you make here.' };
  if (person.length > MAX_PERSON) return { ok: false, reason: `Your name or email is longer than ${MAX_PERSON} characters.` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(person)) return { ok: false, reason: 'Your name or email has characters that cannot be recorded.' };
  return { ok: true, person };
}

export const isEmailAddress = (v: string): boolean => v.length <= 254 && EMAIL_RE.test(v);

export type SignInResult = { ok: true; token: string } | { ok: false; field: 'apiKey' | 'person'; reason: string };

export async function signInWithApiKey(db: Db, input: { apiKey: unknown; person: unknown; now: Date }): Promise<SignInResult> {
  const person = checkPerson(input.person);
  const apiKey = typeof input.apiKey === 'string' ? input.apiKey.trim() : '';
  if (!apiKey) return { ok: false, field: 'apiKey', reason: 'Paste the API key (lbk_…).' };
  if (!person.ok) return { ok: false, field: 'person', reason: person.reason };
  const key = apiKey.length <= 200 ? await findApiKey(db, apiKey) : null;
  if (!key) return { ok: false, field: 'apiKey', reason: 'This API key is unknown or revoked.' };
  const token = newToken();
  await insertSession(db, {
    tokenHash: hashToken(token), agencyId: key.agencyId, apiKeyId: key.id, workspaceIds: null, person: person.person, method: 'API_KEY',
    now: input.now, expiresAt: new Date(input.now.getTime() + SESSION_TTL_MS),
  });
  return { ok: true, token };
}

export interface SignInLinkDeps {
  db: Db;
  mailer: ApprovalMailer | null;
  publicUrl: string;
}

/**
 * Emails a sign-in link to an address that approves for some workspace (one link per agency). The
 * answer never says whether the address is an approver; `sent` is for logs and tests only.
 */
export async function requestSignInLink(deps: SignInLinkDeps, input: { email: string; now: Date }): Promise<{ sent: number; skipped?: string }> {
  const email = input.email.trim();
  if (!deps.mailer) return { sent: 0, skipped: 'SMTP_URL is not set' };
  const agencies = await approverWorkspaces(deps.db, email);
  if (!agencies.length) return { sent: 0, skipped: 'not an approver' };
  const recent = await countRecentSignInLinks(deps.db, email, new Date(input.now.getTime() - 60 * 60 * 1000));
  if (!mayEmailSignInLink(recent)) return { sent: 0, skipped: 'too many links this hour' };
  let sent = 0;
  for (const a of agencies) {
    const token = newToken();
    await insertSignInLink(deps.db, {
      tokenHash: hashToken(token), email, agencyId: a.agencyId, workspaceIds: a.workspaceIds, now: input.now,
      expiresAt: new Date(input.now.getTime() + SIGN_IN_LINK_TTL_MS),
    });
    const link = `${deps.publicUrl.replace(/\/+$/, '')}/console/sign-in/link/${token}`;
    await deps.mailer.send({
      to: email,
      subject: `Sign in to the ${a.agencyName} console`,
      text: `Open this link to sign in to the console of ${a.agencyName} as ${email}:\n\n${link}\n\nIt works once, for 15 minutes. If you did not ask for it, ignore this email.`,
      html: `<p>Open this link to sign in to the console of ${esc(a.agencyName)} as ${esc(email)}:</p><p><a href="${esc(link)}">Sign in</a></p><p>It works once, for 15 minutes. If you did not ask for it, ignore this email.</p>`,
    });
    sent++;
  }
  return { sent };
}

/** Uses an emailed link (once, before it expires): a session for the address, over the workspaces it approves for. */
export async function signInWithLink(db: Db, input: { token: string; now: Date }): Promise<{ ok: true; token: string; person: string } | { ok: false }> {
  if (!isWellFormedToken(input.token)) return { ok: false };
  return db.transaction(async (tx) => {
    const link = await consumeSignInLink(tx, hashToken(input.token), input.now);
    if (!link) return { ok: false as const };
    const token = newToken();
    await insertSession(tx, {
      tokenHash: hashToken(token), agencyId: link.agencyId, apiKeyId: null, workspaceIds: link.workspaceIds, person: link.email, method: 'EMAIL_LINK',
      now: input.now, expiresAt: new Date(input.now.getTime() + SESSION_TTL_MS),
    });
    return { ok: true as const, token, person: link.email };
  });
}
