/** The "who is this?" approval as each channel shows it: a line saying the sender is unknown, and no way to approve a send to nobody. */
import { describe, expect, it } from 'vitest';
import { toSlackView } from '../../src/respond/approvals/approval-view.ts';
import { renderApprovalPage } from '../../src/respond/approvals/approval-page.ts';
import { buildApprovalEmail } from '../../src/respond/approvals/approval-email.ts';
import { APPROVE_ACTION_ID, buildApprovalRequestMessage, REJECT_ACTION_ID } from '../../src/respond/approvals/slack-message.ts';
import type { ApprovalContext } from '../../src/respond/approvals/db/approval-context.ts';
import type { ApprovalRow } from '../../src/respond/approvals/types.ts';

const approval = {
  id: 'apr_1', workspaceId: 'ws_1', inboundId: 'in_1', outreachId: null, relationshipId: null, status: 'PENDING', draft: null,
  gates: [{ gate: 'matched-partner', reason: 'the sender jane@gmail.com matches no partner in the CRM: who is this?' }],
  expiresAt: '2030-01-01T00:00:00.000Z', reminderAt: '2029-12-31T00:00:00.000Z', remindedAt: null, decidedAt: null, decidedBy: null,
  editedText: null, rejectReason: null, createdAt: '2029-12-29T00:00:00.000Z',
} as unknown as ApprovalRow;

const ctx = (unknownSender: string | null): ApprovalContext => ({
  approval,
  workspace: { id: 'ws_1', name: 'Client', approverEmails: ['a@agency.example'], slackChannelId: 'C1', slackUserIds: ['U1'] },
  inbound: { fromAddress: 'jane@gmail.com', fromName: 'Jane', subject: 'Re: your article', text: 'Sounds great, send it over', receivedAt: '2029-12-29T00:00:00.000Z', classification: { intent: 'INTERESTED', confidence: 0.9 } },
  outreach: null,
  account: { domain: unknownSender ? 'an unknown sender' : 'janesblog.example', domainRating: null },
  unknownSender,
  recentEvents: [],
});

const LINE = /Sender unknown: jane@gmail\.com matches no partner in the CRM\. Who is this\? Attach the message to a partner \(POST \/v1\/link-building\/inbound\/in_1\/attach\)/;

describe('an approval for an unknown sender', () => {
  it('Slack: the line first, and only Reject (nothing to approve until it is attached)', () => {
    const msg = buildApprovalRequestMessage(toSlackView(ctx('jane@gmail.com')));
    expect(JSON.stringify(msg.blocks)).toMatch(LINE);
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string }> };
    expect(actions.elements.map((e) => e.action_id)).toEqual([REJECT_ACTION_ID]);
  });

  it('email and page: the line is there', () => {
    const view = toSlackView(ctx('jane@gmail.com'));
    const email = buildApprovalEmail({ to: 'a@agency.example', view, link: 'https://x/approve/t', workspaceName: 'Client', reminder: false });
    expect(email.text).toMatch(LINE);
    expect(email.html).toMatch(LINE);
    const page = renderApprovalPage({ view, workspaceName: 'Client', recentEvents: [], form: { csrf: 'c' } });
    expect(page).toMatch(LINE);
    // the page offers no approve button either: nobody to send to yet
    expect(page).not.toContain('value="approve"');
    expect(page).toContain('value="reject"');
    expect(renderApprovalPage({ view: toSlackView(ctx(null)), workspaceName: 'Client', recentEvents: [], form: { csrf: 'c' } })).toContain('value="approve"');
  });

  it('a known partner shows no such line and keeps both buttons', () => {
    const msg = buildApprovalRequestMessage(toSlackView(ctx(null)));
    expect(JSON.stringify(msg.blocks)).not.toMatch(/Sender unknown/);
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string }> };
    expect(actions.elements.map((e) => e.action_id)).toEqual([APPROVE_ACTION_ID, REJECT_ACTION_ID]);
  });
});
