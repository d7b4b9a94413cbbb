/** Pure: /console/approvals, the queue: pending first (oldest first), each with what an approver needs to decide. */
import type { HistorySummary } from '../../classify/types.ts';
import type { ApprovalContext } from '../../respond/approvals/db/approval-context.ts';
import type { SlackApprovalView } from '../../respond/approvals/slack-message.ts';
import { unknownSenderLine } from '../../respond/approvals/slack-message.ts';
import { alreadyDecidedMessage, describeDecider, CHANNEL_LABEL } from '../../respond/approvals/approval-facts.ts';
import { publicApproval } from '../../respond/approvals/db/approvals.ts';
import { html, href, seg, text, type SafeHtml } from '../html.ts';
import { approvalAge } from '../approval-age.ts';
import { csrfInput, humanDuration, layout, shortTime, type Banner } from './layout.ts';

export interface QueueItem {
  ctx: ApprovalContext;
  view: SlackApprovalView;
  /** The account, for a link to the partner page (null for an unknown sender). */
  accountId: string | null;
}

/** A card re-shown after a refused edit: the text the approver typed and why the checks refused it. */
export interface EditRefusal {
  approvalId: string;
  text: string;
  reason: string;
  failed: Array<{ gate: string; reason: string }>;
}

export interface ApprovalsPageInput {
  session: { person: string; agencyName: string; csrf: string };
  pending: QueueItem[];
  decided: QueueItem[];
  now: Date;
  banner?: Banner | null;
  refusal?: EditRefusal | null;
  workspaceCount: number;
}

function historyText(h: HistorySummary | null): string {
  if (!h) return 'no history recorded';
  const parts = [`${h.messagesSent} sent`, `${h.messagesReceived} received`, `${h.autoRepliesSent} auto-replies`];
  if (h.pricesSeen.length) parts.push(`prices seen: ${h.pricesSeen.map((o) => `${o.type} ${o.amount} ${o.currency}`).join(', ')}`);
  if (h.contactedByOtherOrg) parts.push('also contacted by another workspace');
  if (h.lastContactedAt) parts.push(`last contacted ${h.lastContactedAt.slice(0, 10)}`);
  return parts.join(' · ');
}

const offersText = (v: SlackApprovalView): string =>
  v.classification.offers.length
    ? v.classification.offers.map((o) => `${o.type} ${o.amount}${o.maxAmount !== undefined ? `–${o.maxAmount}` : ''} ${o.currency}`).join(', ')
    : 'none';

function facts(item: QueueItem): SafeHtml {
  const v = item.view;
  const partner = item.accountId ? html`<a href="${href(`/console/partners/${seg(item.accountId)}`)}">${v.partnerDomain}</a>` : html`${v.partnerDomain}`;
  return html`<dl>
<dt>Partner</dt><dd>${partner} · DR ${v.domainRating ?? 'unknown'}</dd>
<dt>${v.kind === 'outreach' ? 'To' : 'From'}</dt><dd>${v.from}</dd>
<dt>Subject</dt><dd>${v.subject}</dd>
<dt>Workspace</dt><dd>${item.ctx.workspace.name}</dd>
${v.priceHistory ? html`<dt>Price history</dt><dd class="price-history">${v.priceHistory}</dd>` : html``}
${v.kind === 'outreach' ? html`` : html`<dt>Intent</dt><dd>${v.classification.intent} (${Math.round(v.classification.confidence * 100)}%)</dd>
<dt>Offers</dt><dd>${offersText(v)}</dd>
<dt>History</dt><dd>${historyText(v.history)}</dd>`}
</dl>`;
}

function gatesHtml(v: SlackApprovalView): SafeHtml {
  const tripped = v.gates.filter((g) => !g.passed);
  return html`<h3>Why this needs you</h3><ul class="gates">${tripped.length
    ? tripped.map((g) => html`<li><code>${g.gate}</code> ${g.reason}</li>`)
    : html`<li>Manual review requested</li>`}</ul>`;
}

function pendingCard(item: QueueItem, input: ApprovalsPageInput): SafeHtml {
  const v = item.view;
  const a = item.ctx.approval;
  const id = a.id;
  const age = approvalAge(a.createdAt, a.expiresAt, input.now);
  const refusal = input.refusal?.approvalId === id ? input.refusal : null;
  const noun = v.kind === 'outreach' ? 'email' : 'reply';
  const draftText = refusal ? refusal.text : (v.draft?.text ?? '');
  const headingId = `h-${id}`;
  return html`<article class="card" id="${id}" aria-labelledby="${headingId}">
<div class="card-head"><h2 id="${headingId}">${v.kind === 'outreach' ? 'First email to' : 'Reply to'} ${v.partnerDomain}</h2>
<span class="badge${age.urgent ? ' warn' : ''}" title="created ${shortTime(a.createdAt)}, expires ${shortTime(a.expiresAt)}">waiting ${humanDuration(age.waitedMs)} · expires in ${humanDuration(age.leftMs)}</span></div>
<div class="grid two"><div>${facts(item)}${gatesHtml(v)}</div>
<div>${v.kind === 'outreach' ? html`` : html`<h3>Their message</h3><div class="quote">${text(v.inboundText ?? '', 8000)}</div>`}</div></div>
<form method="post" action="/console/approvals/${seg(id)}">${csrfInput(input.session.csrf)}
${v.unknownSender
    ? html`<p><b>${unknownSenderLine(v.unknownSender)}</b></p>`
    : html`<h3>Draft ${noun}</h3><p class="muted">Subject: ${v.draft?.subject ?? ''}</p>
${refusal ? html`<div class="banner error" role="alert">${refusal.reason}<ul class="gates">${refusal.failed.map((f) => html`<li><code>${f.gate}</code> ${f.reason}</li>`)}</ul></div>` : html``}
<label for="text-${id}">Edit the ${noun} if needed, then approve</label>
<textarea class="draft" id="text-${id}" name="text" maxlength="20000">${draftText}</textarea>
<div class="buttons"><button class="approve" type="submit" name="action" value="approve">Approve</button>${
  refusal ? html`<button class="secondary" type="submit" name="action" value="approve-anyway">Approve anyway</button>` : html``}</div>`}
<label for="reason-${id}">Reason for rejecting (optional; it guides a new draft if you ask for one)</label>
<textarea class="reason" id="reason-${id}" name="reason" maxlength="2000"></textarea>
<div class="buttons"><button class="reject" type="submit" name="action" value="reject">Reject</button>${
  v.kind === 'outreach' || v.unknownSender ? html`` : html`<button class="reject" type="submit" name="action" value="redraft">Reject and draft again</button>`}</div>
</form></article>`;
}

function decidedCard(item: QueueItem): SafeHtml {
  const v = item.view;
  const a = item.ctx.approval;
  const badge = a.status === 'APPROVED' ? 'good' : a.status === 'REJECTED' ? 'bad' : 'warn';
  const by = a.decidedBy;
  return html`<article class="card decided" id="${a.id}" aria-label="${v.partnerDomain}: ${a.status.toLowerCase()}">
<div class="card-head"><h2>${v.kind === 'outreach' ? 'First email to' : 'Reply to'} ${v.partnerDomain}</h2><span class="badge ${badge}">${a.status}</span></div>
<p class="muted">${a.status === 'EXPIRED' ? `Expired ${shortTime(a.decidedAt)}: nothing was sent.` : `${a.status === 'APPROVED' ? 'Approved' : 'Rejected'} by ${describeDecider(by)}${by ? ` via ${CHANNEL_LABEL[by.channel]}` : ''}, ${shortTime(a.decidedAt)}.`}${a.rejectReason && a.status === 'REJECTED' ? ` Reason: ${a.rejectReason}` : ''}</p>
<details><summary>What was ${a.status === 'APPROVED' ? 'approved' : 'proposed'}</summary><div class="pre">${text(a.editedText ?? a.draft?.text ?? '(no draft)')}</div></details>
</article>`;
}

export function renderApprovalsPage(input: ApprovalsPageInput): string {
  const pending = input.pending.length
    ? input.pending.map((i) => pendingCard(i, input))
    : html`<section><p>Nothing waits for a decision${input.workspaceCount ? '' : ': this sign-in sees no workspace'}.</p></section>`;
  return layout({
    title: `Approvals (${input.pending.length} pending)`,
    session: input.session,
    nav: 'approvals',
    banner: input.banner ?? null,
    body: html`${pending}${input.decided.length ? html`<h2>Recently decided</h2>${input.decided.map(decidedCard)}` : html``}`,
  });
}

/** The banner for an approval decided elsewhere first, or expired (a stale page). */
export function alreadyDecidedBanner(ctx: ApprovalContext): Banner {
  const what = `this ${ctx.outreach ? 'email' : 'reply'} to ${ctx.account.domain}`;
  const a = ctx.approval;
  if (a.status === 'EXPIRED') return { kind: 'warn', text: `Nothing changed: ${what} expired at ${shortTime(a.decidedAt)}; nothing was sent.` };
  return { kind: 'warn', text: `Nothing changed: ${what} was ${alreadyDecidedMessage(publicApproval(a))}.` };
}
