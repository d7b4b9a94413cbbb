/**
 * Console session and sign-in link tokens: 32 random bytes (base64url, 43 characters) handed to the
 * browser or put in an email; only their SHA-256 is stored. Cookies are HttpOnly, SameSite=Strict and
 * scoped to /console. Pure apart from the random bytes.
 */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'lb_console';
/** A session lasts 12 hours from sign-in; then the person signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** An emailed sign-in link works once, for 15 minutes. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
/** At most this many links per address and hour (whoever types an address can make us email it). */
export const SIGN_IN_LINKS_PER_HOUR = 5;

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (random: (n: number) => Buffer = randomBytes): string => random(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
/** Shape check before any lookup: junk in a cookie or URL never reaches the database. */
export const isWellFormedToken = (token: string | undefined): token is string => typeof token === 'string' && TOKEN_RE.test(token);

export function sessionCookie(token: string, secure: boolean, maxAgeMs: number = SESSION_TTL_MS): string {
  return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure ? '; Secure' : ''}`;
}

export const clearSessionCookie = (secure: boolean): string =>
  `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;

export type SessionState = 'active' | 'expired' | 'revoked';

/** Fail closed: at the expiry instant the session is already over. */
export function sessionState(s: { expiresAt: Date; revokedAt: Date | null }, now: Date): SessionState {
  if (s.revokedAt) return 'revoked';
  return now.getTime() >= s.expiresAt.getTime() ? 'expired' : 'active';
}

/** Whether another sign-in link may be emailed to an address that already got `recent` in the last hour. */
export const mayEmailSignInLink = (recent: number): boolean => recent < SIGN_IN_LINKS_PER_HOUR;
