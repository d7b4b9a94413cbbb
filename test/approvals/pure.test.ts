import { describe, expect, it } from 'vitest';
import { lineDiff, normalizeDraftText } from '../../src/respond/approvals/line-diff.ts';
import { alreadyDecidedMessage, readDraft, readTrippedGates } from '../../src/respond/approvals/approval-facts.ts';
import { csrfCookie, csrfField, csrfValid, newCsrfNonce, readCookie } from '../../src/respond/approvals/page-csrf.ts';
import { renderApprovalPage } from '../../src/respond/approvals/approval-page.ts';
import { buildApprovalEmail } from '../../src/respond/approvals/approval-email.ts';
import { createSlackClient } from '../../src/respond/approvals/adapters/slack-client.ts';
import type { SlackApprovalView } from '../../src/respond/approvals/slack-message.ts';
import { startFakeSlack } from '../fakes/slack-server.ts';

const view: SlackApprovalView = {
  approvalId: 'apr_x', partnerDomain: 'p.example', domainRating: null, from: 'Eve <eve@p.example>', subject: '<script>alert(1)</script>',
  inboundText: '"><img src=x onerror=alert(1)>', history: null, classification: { intent: 'PRICE_QUOTE', confidence: 0.5, offers: [] },
  gates: [{ gate: 'prompt-injection', passed: false, reason: 'says <ignore previous instructions>' }], draft: { subject: 'Re: hi', text: '</textarea><b>x</b>' },
  expiresAt: '2030-01-01T00:00:00.000Z',
};

describe('approval pure pieces', () => {
  it.each([
    ['a\nb\nc', 'a\nB\nc', ['  a', '- b', '+ B', '  c']],
    ['a', 'a\nb', ['  a', '+ b']],
    ['a\nb', 'b', ['- a', '  b']],
    ['', 'x', ['- ', '+ x']],
  ])('lineDiff(%j, %j)', (a, b, out) => {
    expect(lineDiff(a, b)).toEqual(out);
  });

  it('normalises browser line endings and trailing whitespace', () => {
    expect(normalizeDraftText('a\r\nb\r\n\r\n  ')).toBe('a\nb');
  });

  it('reads stored drafts and decisions defensively', () => {
    expect(readDraft({ subject: 's', text: 't' })).toEqual({ subject: 's', text: 't', html: null });
    expect(readDraft({ subject: 's' })).toBeNull();
    expect(readDraft(null)).toBeNull();
    expect(readTrippedGates({ gates: [{ gate: 'a', passed: true, reason: 'ok' }, { gate: 'b', passed: false, reason: 'no' }, 'junk', { passed: false }] }))
      .toEqual([{ gate: 'b', reason: 'no' }]);
    expect(readTrippedGates(undefined)).toEqual([]);
  });

  it('says who decided, how and when', () => {
    expect(alreadyDecidedMessage({ status: 'APPROVED', decidedBy: { channel: 'slack', actor: 'U1' }, decidedAt: '2030-01-01T00:00:00.000Z' }))
      .toBe('already approved by Slack user U1 via Slack at 2030-01-01T00:00:00.000Z');
    expect(alreadyDecidedMessage({ status: 'EXPIRED', decidedBy: { channel: 'system', actor: 'expiry' }, decidedAt: 'T' })).toMatch(/expired at T/);
  });

  it('CSRF field is bound to the link and the cookie nonce', () => {
    const n = newCsrfNonce();
    const f = csrfField('secret', 'hashA', n);
    expect(csrfValid('secret', 'hashA', n, f)).toBe(true);
    expect(csrfValid('secret', 'hashB', n, f)).toBe(false);
    expect(csrfValid('secret', 'hashA', newCsrfNonce(), f)).toBe(false);
    expect(csrfValid('other', 'hashA', n, f)).toBe(false);
    expect(csrfValid('secret', 'hashA', undefined, f)).toBe(false);
    expect(csrfValid('secret', 'hashA', n, ['x'])).toBe(false);
    expect(readCookie(`a=1; apr_csrf=${n}; b=2`, 'apr_csrf')).toBe(n);
    expect(csrfCookie(n, true)).toMatch(/HttpOnly; SameSite=Strict; .*Secure$/);
  });

  it('page and email escape everything that came from outside', () => {
    for (const html of [renderApprovalPage({ view, workspaceName: '<ws>', recentEvents: [], form: { csrf: '"x' } }), buildApprovalEmail({ to: 'a@b', view, link: 'https://x/approve/t"', workspaceName: 'w', reminder: false }).html]) {
      expect(html).not.toMatch(/<script>|<img |<b>x<\/b>|<\/textarea><b>|<ignore/);
    }
    expect(renderApprovalPage({ view, workspaceName: 'w', recentEvents: [], form: { csrf: 'c' } })).toContain('&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>');
  });

  it('the Slack client maps Slack errors to AppError', async () => {
    const fake = await startFakeSlack();
    try {
      const wrongToken = createSlackClient({ apiUrl: fake.apiUrl, botToken: 'xoxb-wrong' });
      await expect(wrongToken.postMessage({ channel: 'C1', text: 't' })).rejects.toMatchObject({ code: 'PERMANENT', retryable: false, message: 'Slack: invalid_auth' });
      const down = createSlackClient({ apiUrl: 'http://127.0.0.1:9/api', botToken: 'x', timeoutMs: 2000 });
      await expect(down.update({ channel: 'C1', ts: '1', text: 't', blocks: [] })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      const ok = createSlackClient({ apiUrl: fake.apiUrl, botToken: fake.botToken });
      expect(await ok.postMessage({ channel: 'C1', text: 't', threadTs: '1.2' })).toEqual({ channel: 'C1', ts: '1700000000.000001' });
      expect(fake.callsTo('/api/chat.postMessage').at(-1)!.body['thread_ts']).toBe('1.2');
    } finally {
      await fake.close();
    }
  });
});
