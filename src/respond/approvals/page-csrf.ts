/**
 * CSRF protection for the approval page's form: a signed double submit. The GET sets a random nonce in
 * an HttpOnly, SameSite=Strict cookie and puts HMAC(secret, link hash + nonce) in the form; the POST must
 * carry both, and they must match. Another site can neither read the cookie nor compute the field, and a
 * SameSite=Strict cookie is not sent on cross-site POSTs at all. Pure apart from the random nonce.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.ts';

export const CSRF_COOKIE = 'apr_csrf';
const NONCE_RE = /^[A-Za-z0-9_-]{22,64}$/;

export const newCsrfNonce = (): string => randomBytes(18).toString('base64url');

export const isCsrfNonce = (v: string | undefined): v is string => typeof v === 'string' && NONCE_RE.test(v);

export const csrfField = (secret: string, linkHash: string, nonce: string): string =>
  createHmac('sha256', secret).update(`approval-page:${linkHash}:${nonce}`).digest('base64url');

export function csrfValid(secret: string, linkHash: string, cookieNonce: string | undefined, field: unknown): boolean {
  if (!isCsrfNonce(cookieNonce) || typeof field !== 'string' || !field) return false;
  return constantTimeEqual(csrfField(secret, linkHash, cookieNonce), field);
}

/** The one cookie we care about, from a raw Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function csrfCookie(nonce: string, secure: boolean): string {
  return `${CSRF_COOKIE}=${nonce}; Path=/approve; HttpOnly; SameSite=Strict; Max-Age=86400${secure ? '; Secure' : ''}`;
}
