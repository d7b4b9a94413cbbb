import { describe, expect, it } from 'vitest';
import {
  buildApprovalDecidedMessage,
  buildApprovalRequestMessage,
  slackDate,
  type SlackApprovalView,
} from '../../../src/respond/approvals/slack-message.ts';
import { LIMITS, type SlackBlock } from '../../../src/respond/approvals/slack-blocks.ts';

const view: SlackApprovalView = {
  approvalId: 'apr_123',
  partnerDomain: 'coolblog.com',
  domainRating: 55,
  from: 'anna@coolblog.com',
  subject: 'Re: A resource for your CRM post',
  inboundText: 'Our rate is $150 for a link insertion.\n<!channel> <https://evil.example|click>',
  history: { messagesSent: 2, messagesReceived: 1, autoRepliesSent: 0, priorStatuses: [], pricesSeen: [], contactedByOtherOrg: true, lastContactedAt: null },
  classification: { intent: 'PRICE_QUOTE', confidence: 0.91, offers: [{ type: 'LINK_INSERTION', amount: 150, currency: 'USD' }] },
  gates: [
    { gate: 'do-not-contact', passed: true, reason: 'ok' },
    { gate: 'intent-allowed', passed: false, reason: 'PRICE_QUOTE is not in autoReplyIntents (INTERESTED, QUESTION)' },
    { gate: 'price-ceiling', passed: false, reason: 'LINK_INSERTION 150 USD: no ceiling set for LINK_INSERTION' },
  ],
  draft: { subject: 'Re: A resource for your CRM post', text: 'Hi Anna,\n\nThanks for the details.\n\nBest,\nSam' },
  expiresAt: '2025-03-13T12:00:00.000Z',
};

const allText = (blocks: SlackBlock[]): string => JSON.stringify(blocks);
const actions = (blocks: SlackBlock[]) => blocks.find((b) => b.type === 'actions');

describe('buildApprovalRequestMessage', () => {
  const msg = buildApprovalRequestMessage(view);

  it('has approve and reject buttons carrying the approval id', () => {
    const a = actions(msg.blocks);
    expect(a?.type).toBe('actions');
    if (a?.type !== 'actions') return;
    expect(a.elements.map((e) => [e.action_id, e.value, e.style])).toEqual([
      ['approve', 'apr_123', 'primary'],
      ['reject', 'apr_123', 'danger'],
    ]);
    expect(a.elements[1]?.confirm).toBeDefined();
  });

  it.each([
    ['partner and DR', /coolblog\.com \(DR 55\)/],
    ['intent and confidence', /PRICE_QUOTE \(91%\)/],
    ['offers', /Link insertion: 150 USD/],
    ['history', /2 sent · 1 received · 0 auto-replies · also contacted by another workspace/],
    ['tripped gates with reasons', /`price-ceiling`: LINK_INSERTION 150 USD: no ceiling set/],
    ['the draft', /Thanks for the details/],
    ['expiry as a Slack date', /<!date\^1741867200\^/],
  ])('shows %s', (_name, pattern) => {
    expect(allText(msg.blocks)).toMatch(pattern);
  });

  it('lists only tripped gates', () => {
    expect(allText(msg.blocks)).not.toMatch(/`do-not-contact`/);
    expect(msg.text).toMatch(/intent-allowed, price-ceiling/);
  });

  it('escapes email content so it cannot ping or disguise links', () => {
    const text = allText(msg.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<https://evil.example');
  });

  it('keeps within Block Kit limits for huge inputs', () => {
    const huge = buildApprovalRequestMessage({
      ...view,
      partnerDomain: 'x'.repeat(500),
      inboundText: 'y'.repeat(50_000),
      draft: { subject: 's', text: 'z'.repeat(50_000) },
      gates: Array.from({ length: 200 }, (_, i) => ({ gate: `g${i}`, passed: false, reason: 'r'.repeat(100) })),
    });
    for (const b of huge.blocks) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.header);
      if (b.type === 'section') {
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
      }
    }
    // The draft's code fence survives truncation.
    const draft = huge.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Draft reply*'));
    expect(draft?.type === 'section' && draft.text?.text.endsWith('```')).toBe(true);
  });

  it('handles a missing draft, history and DR', () => {
    const m = buildApprovalRequestMessage({ ...view, draft: null, history: null, domainRating: null, inboundText: null, expiresAt: null });
    expect(allText(m.blocks)).toMatch(/No draft yet/);
    expect(allText(m.blocks)).toMatch(/DR unknown/);
  });
});

describe('buildApprovalDecidedMessage', () => {
  const decidedAt = new Date('2025-03-10T13:00:00.000Z');

  it.each([
    ['approved in Slack', { outcome: 'APPROVED', decidedBy: { slackUserId: 'U2CERLKJA', channel: 'slack' }, decidedAt }, /:white_check_mark: Approved by <@U2CERLKJA> <!date/],
    ['approved with edits by email', { outcome: 'APPROVED', edited: true, decidedBy: { label: 'ops@acme.io', channel: 'email' }, decidedAt }, /Approved \(with edits\) by ops@acme.io via email/],
    ['rejected with a reason', { outcome: 'REJECTED', decidedBy: { slackUserId: 'U0123ABCD', channel: 'slack' }, decidedAt, reason: 'too pricey <!here>' }, /:x: Rejected by <@U0123ABCD>.*Reason:\* too pricey &lt;!here&gt;/s],
    ['expired', { outcome: 'EXPIRED', decidedBy: { channel: 'system' }, decidedAt }, /:hourglass: Expired <!date/],
    ['an odd user id is not turned into a mention', { outcome: 'APPROVED', decidedBy: { slackUserId: '!channel' }, decidedAt }, /Approved by someone/],
  ] as const)('%s', (_name, decision, pattern) => {
    const msg = buildApprovalDecidedMessage(view, decision);
    expect(actions(msg.blocks)).toBeUndefined();
    expect(allText(msg.blocks)).toMatch(pattern);
    expect(msg.text).toMatch(/coolblog\.com/);
  });

  it('formats dates for Slack with an ISO fallback', () => {
    expect(slackDate(decidedAt)).toBe('<!date^1741611600^{date_short_pretty} at {time}|2025-03-10T13:00:00.000Z>');
  });
});
