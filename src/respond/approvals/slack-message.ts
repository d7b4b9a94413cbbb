/**
 * Pure Block Kit builders for the Slack approval request and for its decided state (chat.update).
 * The message shows what an approver needs to decide without leaving Slack: partner and DR, history,
 * classification, the gates that tripped and why, the partner's message, and the draft.
 *
 * Everything that came from an email is escaped (escapeMrkdwn), so an inbound message cannot ping a
 * channel or disguise a link in our approval message.
 */
import type { HistorySummary, Intent, Offer } from '../../classify/types.ts';
import type { GateResult } from '../../gates/types.ts';
import { escapeMrkdwn, LIMITS, mrkdwn, plain, truncate, type ButtonElement, type SlackBlock, type SlackMessage } from './slack-blocks.ts';

export const APPROVE_ACTION_ID = 'approve';
export const REJECT_ACTION_ID = 'reject';

export interface SlackApprovalView {
  /** A reply to their message (the default), or a first outreach email we start. */
  kind?: 'reply' | 'outreach';
  approvalId: string;
  partnerDomain: string;
  domainRating: number | null;
  /** The partner's address. */
  from: string;
  subject: string;
  /** The partner's message (plain text); shown quoted and shortened. */
  inboundText?: string | null;
  history: HistorySummary | null;
  classification: { intent: Intent; confidence: number; offers: readonly Offer[] };
  /** The partner's price history, "last asked: $350 (May 2026) …" (src/intel/prices); null when none. */
  priceHistory?: string | null;
  /** Every gate result; only the tripped ones are shown. */
  gates: readonly GateResult[];
  draft: { subject: string; text: string } | null;
  /** ISO 8601. */
  expiresAt?: string | null;
  /**
   * Set when the sender matches no partner in the CRM: what to do about it ("who is this?"). The
   * message then has nothing to approve until it is attached to a partner.
   */
  unknownSender?: { address: string; attach: string } | null;
}

/** The line every channel shows for a sender who matches no partner. */
export const unknownSenderLine = (u: { address: string; attach: string }): string =>
  `Sender unknown: ${u.address} matches no partner in the CRM. Who is this? Attach the message to a partner (${u.attach}) and it is decided again; reject it to dismiss.`;

export type ApprovalOutcome = 'APPROVED' | 'REJECTED' | 'EXPIRED';

export interface ApprovalDecidedBy {
  slackUserId?: string | null;
  /** A name or email for decisions made outside Slack. */
  label?: string | null;
  channel?: 'slack' | 'email' | 'api' | 'console' | 'system';
}

export interface ApprovalDecision {
  outcome: ApprovalOutcome;
  decidedBy: ApprovalDecidedBy;
  decidedAt: Date;
  reason?: string | null;
  /** Approved with an edited draft. */
  edited?: boolean;
}

const INBOUND_EXCERPT_MAX = 1200;

/** "reply" or "first email": what the approver is asked to let go out. */
export const approvalNoun = (view: Pick<SlackApprovalView, 'kind'>): string => (view.kind === 'outreach' ? 'first email' : 'reply');
const DRAFT_MAX = 2700;

const money = (o: Offer): string =>
  `${o.type === 'LINK_INSERTION' ? 'Link insertion' : 'Guest post'}: ${o.amount}${o.maxAmount !== undefined ? `–${o.maxAmount}` : ''} ${o.currency}`;

function historyLine(h: HistorySummary | null): string {
  if (h === null) return 'No history';
  const parts = [`${h.messagesSent} sent`, `${h.messagesReceived} received`, `${h.autoRepliesSent} auto-replies`];
  if (h.pricesSeen.length > 0) parts.push(`prices seen: ${h.pricesSeen.map(money).join(', ')}`);
  if (h.contactedByOtherOrg) parts.push('also contacted by another workspace');
  return parts.join(' · ');
}

/** Quote a block of untrusted text: escaped, shortened, each line prefixed with ">". */
const quote = (text: string, max: number): string =>
  escapeMrkdwn(truncate(text.trim(), max))
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');

/** A code block cannot contain its own fence; swap backticks for a look-alike. */
const codeBlock = (text: string, max: number): string => `\`\`\`${escapeMrkdwn(truncate(text.trim(), max)).replace(/`/g, 'ˋ')}\`\`\``;

/** The partner's earlier prices, next to the offer. */
const priceField = (view: SlackApprovalView): string[] => (view.priceHistory ? [`*Price history*\n${escapeMrkdwn(view.priceHistory)}`] : []);

function outreachFields(view: SlackApprovalView): string[] {
  return [
    `*Partner*\n${escapeMrkdwn(view.partnerDomain)} (DR ${view.domainRating ?? 'unknown'})`,
    `*To*\n${escapeMrkdwn(view.from)}`,
    `*Type*\nFirst outreach email`,
    `*Subject*\n${escapeMrkdwn(truncate(view.subject, 200))}`,
    ...priceField(view),
  ];
}

function contextBlocks(view: SlackApprovalView): SlackBlock[] {
  const c = view.classification;
  const outreach = view.kind === 'outreach';
  const fields = (outreach ? outreachFields(view) : [
    `*Partner*\n${escapeMrkdwn(view.partnerDomain)} (DR ${view.domainRating ?? 'unknown'})`,
    `*From*\n${escapeMrkdwn(view.from)}`,
    `*Intent*\n${c.intent} (${Math.round(c.confidence * 100)}%)`,
    `*Offers*\n${c.offers.length > 0 ? escapeMrkdwn(c.offers.map(money).join('\n')) : 'none'}`,
    ...priceField(view),
    `*Subject*\n${escapeMrkdwn(truncate(view.subject, 200))}`,
    `*History*\n${escapeMrkdwn(historyLine(view.history))}`,
  ]).map((f) => mrkdwn(f, LIMITS.field));

  const tripped = view.gates.filter((g) => !g.passed);
  const reasons = tripped.length > 0
    ? tripped.map((g) => `• \`${escapeMrkdwn(g.gate)}\`: ${escapeMrkdwn(g.reason)}`).join('\n')
    : outreach ? '• none: a first email waits for approval unless the workspace allows otherwise' : '• none (sent for approval by request)';

  const blocks: SlackBlock[] = [
    ...(view.unknownSender ? [{ type: 'section' as const, text: mrkdwn(`:grey_question: *${escapeMrkdwn(unknownSenderLine(view.unknownSender))}*`) }] : []),
    { type: 'section', fields: fields.slice(0, LIMITS.fields) },
    { type: 'section', text: mrkdwn(`*Why this needs you*\n${reasons}`) },
  ];
  if (view.inboundText && !outreach) {
    blocks.push({ type: 'section', text: mrkdwn(`*Their message*\n${quote(view.inboundText, INBOUND_EXCERPT_MAX)}`) });
  }
  blocks.push({
    type: 'section',
    text: mrkdwn(
      view.draft
        ? `*Draft ${outreach ? 'email' : 'reply'}* (${escapeMrkdwn(truncate(view.draft.subject, 200))})\n${codeBlock(view.draft.text, DRAFT_MAX)}`
        : `*Draft ${outreach ? 'email' : 'reply'}*\n_No draft yet._`,
    ),
  });
  return blocks;
}

function buttons(approvalId: string): ButtonElement[] {
  return [
    { type: 'button', action_id: APPROVE_ACTION_ID, text: plain('Approve and send'), style: 'primary', value: approvalId },
    {
      type: 'button',
      action_id: REJECT_ACTION_ID,
      text: plain('Reject'),
      style: 'danger',
      value: approvalId,
      confirm: {
        title: plain('Reject this reply?'),
        text: mrkdwn('Nothing will be sent to the partner.'),
        confirm: plain('Reject'),
        deny: plain('Cancel'),
      },
    },
  ];
}

export function buildApprovalRequestMessage(view: SlackApprovalView): SlackMessage {
  const trippedNames = view.gates.filter((g) => !g.passed).map((g) => g.gate);
  const meta = [`Approval \`${escapeMrkdwn(view.approvalId)}\``];
  if (view.expiresAt) meta.push(`expires ${slackDate(new Date(view.expiresAt))}`);
  return {
    text: truncate(`Approval needed: ${approvalNoun(view)} to ${view.partnerDomain} (${trippedNames.join(', ') || 'manual review'})`, 300),
    blocks: [
      { type: 'header', text: plain(`Approval needed: ${approvalNoun(view)} to ${view.partnerDomain}`) },
      ...contextBlocks(view),
      { type: 'context', elements: [mrkdwn(meta.join(' · '))] },
      // nothing to approve for an unknown sender until it is attached: only Reject (dismiss)
      { type: 'actions', block_id: `approval:${view.approvalId}`, elements: buttons(view.approvalId).filter((b) => !view.unknownSender || b.action_id !== APPROVE_ACTION_ID) },
    ],
  };
}

/** `<!date^…>` renders in each viewer's time zone; the ISO text is the fallback. */
export function slackDate(d: Date): string {
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} at {time}|${d.toISOString()}>`;
}

function decider(by: ApprovalDecidedBy): string {
  if (by.slackUserId && /^[UW][A-Z0-9]{2,30}$/.test(by.slackUserId)) return `<@${by.slackUserId}>`;
  if (by.label) return escapeMrkdwn(truncate(by.label, 100));
  return by.channel === 'system' ? 'the system' : 'someone';
}

const OUTCOME_TEXT: Record<ApprovalOutcome, string> = {
  APPROVED: ':white_check_mark: Approved',
  REJECTED: ':x: Rejected',
  EXPIRED: ':hourglass: Expired',
};

/** The message after a decision: same context, buttons replaced by who decided and when. */
export function buildApprovalDecidedMessage(view: SlackApprovalView, decision: ApprovalDecision): SlackMessage {
  const who = decision.outcome === 'EXPIRED' ? '' : ` by ${decider(decision.decidedBy)}`;
  const via = decision.decidedBy.channel && decision.decidedBy.channel !== 'slack' && decision.outcome !== 'EXPIRED'
    ? ` via ${decision.decidedBy.channel}`
    : '';
  let line = `${OUTCOME_TEXT[decision.outcome]}${decision.edited ? ' (with edits)' : ''}${who}${via} ${slackDate(decision.decidedAt)}`;
  if (decision.reason) line += `\n*Reason:* ${escapeMrkdwn(truncate(decision.reason, 500))}`;
  const plainWho = decision.outcome === 'EXPIRED' ? '' : ` by ${decision.decidedBy.label ?? decision.decidedBy.slackUserId ?? 'someone'}`;
  return {
    text: truncate(`${decision.outcome.toLowerCase()}${plainWho}: ${approvalNoun(view)} to ${view.partnerDomain}`, 300),
    blocks: [
      { type: 'header', text: plain(`${view.kind === 'outreach' ? 'First email' : 'Reply'} to ${view.partnerDomain}: ${decision.outcome.toLowerCase()}`) },
      ...contextBlocks(view),
      { type: 'context', elements: [mrkdwn(`Approval \`${escapeMrkdwn(view.approvalId)}\``)] },
      { type: 'section', block_id: `decided:${view.approvalId}`, text: mrkdwn(line) },
    ],
  };
}
