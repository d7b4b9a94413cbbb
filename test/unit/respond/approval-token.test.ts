import { describe, expect, it } from 'vitest';
import {
  approvalExpiresAt,
  approvalReminderAt,
  approvalTokenMatches,
  createApprovalToken,
  hashApprovalToken,
  isApprovalExpired,
  isReminderDue,
  isWellFormedApprovalToken,
} from '../../../src/respond/approvals/approval-token.ts';
import { constantTimeEqual } from '../../../src/respond/approvals/constant-time-equal.ts';

const NOW = new Date('2025-03-10T12:00:00.000Z');
const H = 3_600_000;

describe('approval tokens', () => {
  it('are 32 random bytes in base64url, stored as sha256 hex', () => {
    const { token, hash } = createApprovalToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApprovalToken(token));
    expect(hash).not.toContain(token);
  });

  it('differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => createApprovalToken().token));
    expect(tokens.size).toBe(100);
  });

  it('use the injected randomness (deterministic tests)', () => {
    const t = createApprovalToken((n) => Buffer.alloc(n, 0));
    expect(t.token).toBe('A'.repeat(43));
  });

  it.each([
    ['the right token', (t: string) => t, true],
    ['another token', () => createApprovalToken().token, false],
    ['a truncated token', (t: string) => t.slice(0, -1), false],
    ['junk', () => '../../etc/passwd', false],
    ['the hash itself', (_t: string, h: string) => h, false],
  ])('matches %s: %s', (_name, present, expected) => {
    const { token, hash } = createApprovalToken();
    expect(approvalTokenMatches(present(token, hash), hash)).toBe(expected);
  });

  it('checks shape before lookup', () => {
    expect(isWellFormedApprovalToken(createApprovalToken().token)).toBe(true);
    expect(isWellFormedApprovalToken('short')).toBe(false);
    expect(isWellFormedApprovalToken(`${'a'.repeat(42)}=`)).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
    ['é', 'e', false],
  ])('%j vs %j', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });
});

describe('expiry and reminders', () => {
  it('expires after 72 hours by default', () => {
    expect(approvalExpiresAt(NOW).toISOString()).toBe('2025-03-13T12:00:00.000Z');
    expect(approvalExpiresAt(NOW, 2 * H).toISOString()).toBe('2025-03-10T14:00:00.000Z');
  });

  it.each([
    ['72 h TTL reminds 24 h before expiry', 72 * H, undefined, 48 * H],
    ['a 12 h TTL reminds halfway, not at once', 12 * H, undefined, 6 * H],
    ['a custom lead', 72 * H, 6 * H, 66 * H],
  ])('%s', (_name, ttl, lead, afterCreation) => {
    const expires = approvalExpiresAt(NOW, ttl);
    expect(approvalReminderAt(NOW, expires, lead).getTime() - NOW.getTime()).toBe(afterCreation);
  });

  it.each([
    ['before expiry', 71 * H, false],
    ['at the expiry instant (fail closed)', 72 * H, true],
    ['after expiry', 73 * H, true],
  ])('isApprovalExpired %s', (_name, offset, expected) => {
    expect(isApprovalExpired(approvalExpiresAt(NOW), new Date(NOW.getTime() + offset))).toBe(expected);
  });

  it.each([
    ['before the reminder time', 47 * H, false, false],
    ['at the reminder time', 48 * H, false, true],
    ['already reminded', 50 * H, true, false],
    ['after expiry', 72 * H, false, false],
  ])('isReminderDue %s', (_name, offset, reminded, expected) => {
    const expires = approvalExpiresAt(NOW);
    const reminder = approvalReminderAt(NOW, expires);
    expect(isReminderDue(reminder, expires, new Date(NOW.getTime() + offset), reminded)).toBe(expected);
  });
});
