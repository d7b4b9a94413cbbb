/**
 * Pure: the email that asks an approver to decide (or reminds them), with their personal link to the
 * approval page. The link is the only way in; the email itself has no action buttons that a mail scanner
 * could "click" (the page's GET changes nothing anyway).
 */
import { approvalNoun, unknownSenderLine, type SlackApprovalView } from './slack-message.ts';
import { esc, pre } from './html.ts';
import type { OutgoingEmail } from './ports.ts';

export interface ApprovalEmailInput {
  to: string;
  view: SlackApprovalView;
  link: string;
  workspaceName: string;
  reminder: boolean;
}

export function buildApprovalEmail(input: ApprovalEmailInput): OutgoingEmail {
  const { view, link } = input;
  const tripped = view.gates.filter((g) => !g.passed);
  const when = view.expiresAt ? new Date(view.expiresAt).toUTCString() : 'soon';
  const noun = approvalNoun(view);
  const outreach = view.kind === 'outreach';
  const subject = `${input.reminder ? 'Reminder: ' : ''}Approval needed: ${noun} to ${view.partnerDomain} (${input.workspaceName})`;
  const reasons = tripped.length ? tripped.map((g) => `- ${g.gate}: ${g.reason}`) : ['- manual review requested'];
  const text = [
    input.reminder ? `This approval is still waiting and expires ${when}.` : `A ${noun} to ${view.partnerDomain} needs your approval.`,
    ...(view.unknownSender ? ['', unknownSenderLine(view.unknownSender)] : []),
    '',
    `Partner: ${view.partnerDomain} (DR ${view.domainRating ?? 'unknown'})`,
    `${outreach ? 'To' : 'From'}: ${view.from}`,
    `Subject: ${view.subject}`,
    outreach ? 'Type: first outreach email' : `Intent: ${view.classification.intent} (${Math.round(view.classification.confidence * 100)}%)`,
    ...(view.priceHistory ? [`Price history: ${view.priceHistory}`] : []),
    '',
    'Why it needs you:',
    ...reasons,
    '',
    `Draft ${outreach ? 'email' : 'reply'}:`,
    view.draft?.text ?? '(no draft)',
    '',
    `Review, edit and approve or reject: ${link}`,
    `The link is personal, works once, and expires ${when}. If nobody decides, nothing is sent.`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;max-width:640px">
<p>${input.reminder ? `This approval is still waiting and expires ${esc(when)}.` : `A ${noun} to <b>${esc(view.partnerDomain)}</b> needs your approval.`}</p>
${view.unknownSender ? `<p><b>${esc(unknownSenderLine(view.unknownSender))}</b></p>
` : ''}<p>Partner: <b>${esc(view.partnerDomain)}</b> (DR ${esc(view.domainRating ?? 'unknown')})<br>${outreach ? 'To' : 'From'}: ${esc(view.from)}<br>Subject: ${esc(view.subject)}<br>
${outreach ? 'Type: first outreach email' : `Intent: ${esc(view.classification.intent)} (${Math.round(view.classification.confidence * 100)}%)`}${view.priceHistory ? `<br>
Price history: ${esc(view.priceHistory)}` : ''}</p>
<p><b>Why it needs you</b></p><ul>${(tripped.length ? tripped.map((g) => `<li><code>${esc(g.gate)}</code>: ${esc(g.reason)}</li>`) : ['<li>manual review requested</li>']).join('')}</ul>
<p><b>Draft ${outreach ? 'email' : 'reply'}</b></p><pre style="white-space:pre-wrap;background:#f6f8fa;padding:12px;border-radius:6px">${pre(view.draft?.text ?? '(no draft)')}</pre>
<p><a href="${esc(link)}" style="display:inline-block;background:#1f6feb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Review and decide</a></p>
<p style="color:#57606a;font-size:13px">The link is personal, works once, and expires ${esc(when)}. If nobody decides, nothing is sent.</p>
</body></html>`;
  return { to: input.to, subject, text, html };
}
