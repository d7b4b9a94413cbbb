import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/gates/policy.ts';
import { checkOutreach, decideOutreach, outreachRequestHash } from '../../src/respond/outreach/outreach-decision.ts';
import { sendBlock } from '../../src/respond/send/send-blocked.ts';
import { buildApprovalDecidedMessage, buildApprovalRequestMessage, type SlackApprovalView } from '../../src/respond/approvals/slack-message.ts';
import { buildApprovalEmail } from '../../src/respond/approvals/approval-email.ts';
import { renderApprovalPage } from '../../src/respond/approvals/approval-page.ts';
import { OUTREACH_TEXT } from './harness.ts';

const rel = { ourContent: 'https://client.example/remote-work-guide', targetBlogPost: null };
const draft = { subject: 'Your piece on distributed teams', text: OUTREACH_TEXT, html: null, to: 'eda@blog.example', fromAddress: 'sam@agency.example' };
const passed = [{ gate: 'x', passed: true, reason: '' }];
const tripped = [{ gate: 'x', passed: false, reason: 'no' }];

describe('decideOutreach', () => {
  it.each([
    [true, true, passed, 'WAITING_APPROVAL'],
    [true, false, passed, 'WAITING_APPROVAL'],
    [false, false, passed, 'WAITING_APPROVAL'],
    [false, true, tripped, 'WAITING_APPROVAL'],
    [false, true, passed, 'SEND'],
  ] as const)('requireApproval %s, policy allows %s → %s', (requireApproval, policyAllowsUnapproved, checks, action) => {
    expect(decideOutreach({ requireApproval, policyAllowsUnapproved, checks })).toBe(action);
  });
});

describe('checkOutreach', () => {
  it('passes a plain first email that links only our content and names only the recipient', () => {
    expect(checkOutreach(draft, rel, DEFAULT_POLICY).filter((c) => !c.passed)).toEqual([]);
    expect(checkOutreach({ ...draft, text: `${OUTREACH_TEXT}\nReach me at sam@agency.example or eda@blog.example.` }, rel, DEFAULT_POLICY).every((c) => c.passed)).toBe(true);
  });
  it.each([
    ['a placeholder', `Hi {{first_name}},\n${OUTREACH_TEXT}`, 'draft-no-placeholders'],
    ['a link not ours', `${OUTREACH_TEXT}\nhttps://other.example/x`, 'draft-links-known'],
    ['a price', `${OUTREACH_TEXT}\nWe can pay $200.`, 'draft-price-within-ceiling'],
    ['too short', 'Hi, link us?', 'draft-length'],
  ])('trips on %s', (_name, text, gate) => {
    expect(checkOutreach({ ...draft, text }, rel, DEFAULT_POLICY).filter((c) => !c.passed).map((c) => c.gate)).toContain(gate);
  });
});

describe('outreachRequestHash', () => {
  it('is the same for the same request in any key order, different for another', () => {
    expect(outreachRequestHash({ a: 1, b: 'x', c: undefined })).toBe(outreachRequestHash({ b: 'x', a: 1 }));
    expect(outreachRequestHash({ a: 1, b: 'x' })).not.toBe(outreachRequestHash({ a: 1, b: 'y' }));
  });
});

describe('sendBlock', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const ok = { systemContactStatus: 'CONTACTED', coolingOffUntil: null };
  it.each([
    [{ account: { ...ok, systemContactStatus: 'DO_NOT_CONTACT' }, contact: null }, 'do-not-contact'],
    [{ account: { ...ok, coolingOffUntil: '2026-01-11T00:00:00Z' }, contact: null }, 'cooling-off'],
    [{ account: ok, contact: { emailInvalidAt: '2026-01-01T00:00:00Z' } }, 'invalid-address'],
    [{ account: { ...ok, coolingOffUntil: '2026-01-09T00:00:00Z' }, contact: { emailInvalidAt: null } }, null],
  ])('%j → %s', (facts, kind) => {
    expect(sendBlock(facts, now)?.kind ?? null).toBe(kind);
  });
});

describe('the approver sees a first email as such', () => {
  const view: SlackApprovalView = {
    kind: 'outreach', approvalId: 'apr_1', partnerDomain: 'blog.example', domainRating: 51, from: 'eda@blog.example', subject: 'Your piece',
    inboundText: null, history: null, classification: { intent: 'OTHER', confidence: 0, offers: [] },
    gates: [{ gate: 'draft-no-placeholders', passed: false, reason: 'contains {{first_name}}' }], draft: { subject: 'Your piece', text: OUTREACH_TEXT },
    expiresAt: '2026-01-13T00:00:00.000Z',
  };
  it('in Slack', () => {
    const msg = buildApprovalRequestMessage(view);
    const all = JSON.stringify(msg.blocks);
    expect(msg.text).toMatch(/^Approval needed: first email to blog\.example/);
    expect(all).toMatch(/\*To\*\\neda@blog\.example/);
    expect(all).toMatch(/First outreach email/);
    expect(all).toMatch(/draft-no-placeholders/);
    expect(all).not.toMatch(/Intent/);
    expect(buildApprovalDecidedMessage(view, { outcome: 'APPROVED', decidedBy: { channel: 'api', label: 'api:ag_1' }, decidedAt: new Date() }).text).toMatch(/first email to blog\.example/);
  });
  it('by email and on the page', () => {
    const mail = buildApprovalEmail({ to: 'ana@agency.example', view, link: 'https://x.example/approve/t', workspaceName: 'Client', reminder: false });
    expect(mail.subject).toBe('Approval needed: first email to blog.example (Client)');
    expect(mail.text).toMatch(/To: eda@blog\.example/);
    expect(mail.text).not.toMatch(/Intent:/);
    const page = renderApprovalPage({ view, workspaceName: 'Client', recentEvents: [], form: { csrf: 'c' } });
    expect(page).toMatch(/<h1>First email to blog\.example<\/h1>/);
    expect(page).not.toMatch(/Their message/);
    expect(page).toMatch(/Draft email/);
  });
});
