/**
 * CSRF protection for every console POST. Signed in: the form carries HMAC(secret, session hash), which
 * another site can neither read nor compute, and the session cookie is SameSite=Strict (not sent on
 * cross-site POSTs at all). Before sign-in (the sign-in forms): a signed double submit, a random nonce in
 * an HttpOnly SameSite=Strict cookie and HMAC(secret, nonce) in the form. Plus an Origin check when the
 * browser sends one. Pure apart from the random nonce.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../../respond/approvals/constant-time-equal.ts';

export const PRE_SESSION_COOKIE = 'lb_console_pre';
const NONCE_RE = /^[A-Za-z0-9_-]{22,64}$/;

const mac = (secret: string, what: string): string => createHmac('sha256', secret).update(what).digest('base64url');

export const sessionCsrf = (secret: string, sessionHash: string): string => mac(secret, `console-session:${sessionHash}`);

export function sessionCsrfValid(secret: string, sessionHash: string, field: unknown): boolean {
  return typeof field === 'string' && field.length > 0 && constantTimeEqual(sessionCsrf(secret, sessionHash), field);
}

export const newNonce = (): string => randomBytes(18).toString('base64url');
export const isNonce = (v: string | undefined): v is string => typeof v === 'string' && NONCE_RE.test(v);
export const preSessionCsrf = (secret: string, nonce: string): string => mac(secret, `console-sign-in:${nonce}`);

export function preSessionCsrfValid(secret: string, cookieNonce: string | undefined, field: unknown): boolean {
  if (!isNonce(cookieNonce) || typeof field !== 'string' || !field) return false;
  return constantTimeEqual(preSessionCsrf(secret, cookieNonce), field);
}

export const preSessionCookie = (nonce: string, secure: boolean): string =>
  `${PRE_SESSION_COOKIE}=${nonce}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=3600${secure ? '; Secure' : ''}`;

/**
 * A POST's Origin must be this service (the Host it was sent to, or PUBLIC_URL's origin). No Origin
 * header (older browsers) passes: the CSRF field and the SameSite cookie still hold.
 */
export function originAllowed(origin: string | undefined, hostOrigin: string, publicUrl: string | null): boolean {
  if (origin === undefined) return true;
  const allowed = new Set<string>([hostOrigin]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  return allowed.has(origin);
}
