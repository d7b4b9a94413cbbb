/** Table tests of the console's pure session, CSRF, escaping and queue-order code. */
import { describe, expect, it } from 'vitest';
import { clearSessionCookie, hashToken, isWellFormedToken, mayEmailSignInLink, newToken, sessionCookie, sessionState, SIGN_IN_LINKS_PER_HOUR } from '../../src/console/session/tokens.ts';
import { isNonce, originAllowed, preSessionCookie, preSessionCsrf, preSessionCsrfValid, sessionCsrf, sessionCsrfValid } from '../../src/console/session/csrf.ts';
import { checkPerson, isEmailAddress } from '../../src/console/sign-in.ts';
import { html, href, text } from '../../src/console/html.ts';
import { approvalAge, queueOrder } from '../../src/console/approval-age.ts';
import { humanDuration } from '../../src/console/views/layout.ts';

const SECRET = 'a-secret-of-at-least-32-characters-long';

describe('session tokens', () => {
  it('are 43 base64url characters, stored as their sha256, and junk is not well formed', () => {
    const t = newToken();
    expect(isWellFormedToken(t)).toBe(true);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
    for (const junk of [undefined, '', 'short', `${t}x`, `${t.slice(0, 42)}!`, "' or 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]) expect(isWellFormedToken(junk)).toBe(false);
  });

  it.each([
    [false, 'lb_console=T; Path=/console; HttpOnly; SameSite=Strict; Max-Age=43200'],
    [true, 'lb_console=T; Path=/console; HttpOnly; SameSite=Strict; Max-Age=43200; Secure'],
  ])('cookie (secure=%s) is HttpOnly, SameSite=Strict, scoped to /console', (secure, expected) => {
    expect(sessionCookie('T', secure)).toBe(expected);
    expect(clearSessionCookie(secure)).toMatch(/^lb_console=; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=0/);
  });

  const at = (iso: string) => new Date(iso);
  it.each([
    [{ expiresAt: at('2026-01-01T12:00:00Z'), revokedAt: null }, '2026-01-01T11:59:59Z', 'active'],
    [{ expiresAt: at('2026-01-01T12:00:00Z'), revokedAt: null }, '2026-01-01T12:00:00Z', 'expired'],
    [{ expiresAt: at('2026-01-01T12:00:00Z'), revokedAt: at('2026-01-01T10:00:00Z') }, '2026-01-01T11:00:00Z', 'revoked'],
  ] as const)('session state %#', (s, now, state) => {
    expect(sessionState(s, new Date(now))).toBe(state);
  });

  it('limits sign-in links per address and hour', () => {
    expect(mayEmailSignInLink(0)).toBe(true);
    expect(mayEmailSignInLink(SIGN_IN_LINKS_PER_HOUR - 1)).toBe(true);
    expect(mayEmailSignInLink(SIGN_IN_LINKS_PER_HOUR)).toBe(false);
  });
});

describe('CSRF', () => {
  const h1 = hashToken(newToken());
  const h2 = hashToken(newToken());
  it.each([
    ['its own session field', SECRET, h1, () => sessionCsrf(SECRET, h1), true],
    ["another session's field", SECRET, h1, () => sessionCsrf(SECRET, h2), false],
    ['a field signed with another secret', SECRET, h1, () => sessionCsrf(`${SECRET}x`, h1), false],
    ['no field', SECRET, h1, () => undefined, false],
    ['an empty field', SECRET, h1, () => '', false],
    ['an array', SECRET, h1, () => [sessionCsrf(SECRET, h1)], false],
  ])('a signed-in POST with %s', (_what, secret, hash, field, ok) => {
    expect(sessionCsrfValid(secret, hash, field())).toBe(ok);
  });

  it('the sign-in forms use a signed double submit bound to the cookie nonce', () => {
    const nonce = 'abcdefghijklmnopqrstuvwxyz012345';
    expect(isNonce(nonce)).toBe(true);
    expect(preSessionCsrfValid(SECRET, nonce, preSessionCsrf(SECRET, nonce))).toBe(true);
    expect(preSessionCsrfValid(SECRET, `${nonce}x`, preSessionCsrf(SECRET, nonce))).toBe(false);
    expect(preSessionCsrfValid(SECRET, undefined, preSessionCsrf(SECRET, nonce))).toBe(false);
    expect(preSessionCsrfValid(SECRET, 'short', preSessionCsrf(SECRET, 'short'))).toBe(false);
    // a session's field is not a sign-in field
    expect(preSessionCsrfValid(SECRET, nonce, sessionCsrf(SECRET, nonce))).toBe(false);
    expect(preSessionCookie(nonce, false)).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it.each([
    [undefined, 'http://127.0.0.1:3000', null, true],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000', null, true],
    ['https://agent.example', 'http://10.0.0.5:3000', 'https://agent.example/', true],
    ['https://evil.example', 'http://127.0.0.1:3000', 'https://agent.example', false],
    ['null', 'http://127.0.0.1:3000', null, false],
  ])('Origin %s for host %s (PUBLIC_URL %s) → %s', (origin, host, pub, ok) => {
    expect(originAllowed(origin, host, pub)).toBe(ok);
  });
});

describe('who decided', () => {
  it.each([
    ['Ana Approver', { ok: true, person: 'Ana Approver' }],
    ['  ana@agency.example  ', { ok: true, person: 'ana@agency.example' }],
    ['Ana\n  Approver', { ok: true, person: 'Ana Approver' }],
    ['', { ok: false }],
    [undefined, { ok: false }],
    ['x'.repeat(201), { ok: false }],
    ['Ana\u0000', { ok: false }],
  ])('%j', (input, expected) => {
    expect(checkPerson(input)).toMatchObject(expected);
  });

  it.each([['ana@agency.example', true], ['ana', false], ['a b@c.de', false], ['<a@b.c>', false]])('email %s', (v, ok) => {
    expect(isEmailAddress(v)).toBe(ok);
  });
});

describe('html', () => {
  it('escapes every interpolation, arrays included, and keeps what html itself built', () => {
    const evil = '<script>alert(1)</script><img src=x onerror="alert(2)">\'';
    const out = html`<p title="${evil}">${evil}${[evil, html`<b>${evil}</b>`]}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/title="[^"]*"[^>]*onerror/);
    expect(out).toContain('<b>&lt;script&gt;');
    expect(out.match(/&lt;script&gt;/g)).toHaveLength(4);
    expect(text(evil).value).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&#39;');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });

  it('builds our own links with encoded values', () => {
    expect(href('/console/inbound', { q: 'a&b=c', intent: undefined, decision: '' })).toBe('/console/inbound?q=a%26b%3Dc');
  });
});

describe('approval age and queue order', () => {
  const created = '2026-01-01T00:00:00.000Z';
  const expires = '2026-01-04T00:00:00.000Z';
  it.each([
    ['2026-01-01T01:00:00Z', { waitedMs: 3_600_000, urgent: false, expired: false }],
    ['2026-01-03T01:00:00Z', { urgent: true, expired: false }],
    ['2026-01-04T00:00:00Z', { leftMs: 0, urgent: false, expired: true, used: 1 }],
  ])('at %s', (now, expected) => {
    expect(approvalAge(created, expires, new Date(now))).toMatchObject(expected);
  });

  it('puts pending first (oldest first), then decided (latest first)', () => {
    const rows = [
      { id: 'a', status: 'APPROVED', createdAt: '2026-01-01', decidedAt: '2026-01-02' },
      { id: 'b', status: 'PENDING', createdAt: '2026-01-03', decidedAt: null },
      { id: 'c', status: 'PENDING', createdAt: '2026-01-02', decidedAt: null },
      { id: 'd', status: 'REJECTED', createdAt: '2026-01-01', decidedAt: '2026-01-05' },
    ];
    expect(queueOrder(rows).map((r) => r.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it.each([[0, '0 min'], [59 * 60_000, '59 min'], [90 * 60_000, '1 h 30 min'], [30 * 3_600_000, '30 h'], [72 * 3_600_000, '3 d']])('%i ms → %s', (ms, s) => {
    expect(humanDuration(ms)).toBe(s);
  });
});
