/**
 * Emailed approval links carry a random token; only its sha256 is stored, so a database leak does not
 * leak working links. Single use and expiry are enforced by the store (compare-and-set); the times
 * here are pure functions of `now` so the job layer and tests agree on them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constantTimeEqual } from './constant-time-equal.ts';

export const APPROVAL_TOKEN_BYTES = 32;
export const DEFAULT_APPROVAL_TTL_MS = 72 * 60 * 60 * 1000;
export const DEFAULT_REMINDER_LEAD_MS = 24 * 60 * 60 * 1000;

/** 32 bytes in base64url without padding is exactly 43 characters. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export interface ApprovalToken {
  /** Goes into the link, never stored. */
  token: string;
  /** Stored (hex sha256). */
  hash: string;
}

/** `random` is injectable so tests are deterministic; production uses crypto.randomBytes. */
export function createApprovalToken(random: (size: number) => Buffer = randomBytes): ApprovalToken {
  const token = random(APPROVAL_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashApprovalToken(token) };
}

export const hashApprovalToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Cheap shape check before any lookup, so junk in the URL never reaches the database. */
export const isWellFormedApprovalToken = (token: string): boolean => TOKEN_RE.test(token);

/** Whether a presented token matches a stored hash, in constant time. */
export const approvalTokenMatches = (token: string, storedHash: string): boolean =>
  isWellFormedApprovalToken(token) && constantTimeEqual(hashApprovalToken(token), storedHash);

export function approvalExpiresAt(now: Date, ttlMs: number = DEFAULT_APPROVAL_TTL_MS): Date {
  return new Date(now.getTime() + ttlMs);
}

/**
 * When to remind approvers: `leadMs` before expiry (72 h TTL → 48 h after creation), but never earlier
 * than halfway through the approval's life, so a short TTL does not remind straight away.
 */
export function approvalReminderAt(createdAt: Date, expiresAt: Date, leadMs: number = DEFAULT_REMINDER_LEAD_MS): Date {
  const created = createdAt.getTime();
  const expires = expiresAt.getTime();
  const halfway = created + (expires - created) / 2;
  return new Date(Math.max(expires - leadMs, halfway));
}

/** Fail closed: at the expiry instant the approval is already expired. */
export const isApprovalExpired = (expiresAt: Date, now: Date): boolean => now.getTime() >= expiresAt.getTime();

export const isReminderDue = (reminderAt: Date, expiresAt: Date, now: Date, alreadyReminded: boolean): boolean =>
  !alreadyReminded && now.getTime() >= reminderAt.getTime() && !isApprovalExpired(expiresAt, now);
