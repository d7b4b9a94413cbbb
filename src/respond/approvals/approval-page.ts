/**
 * Pure: the emailed approval page, server-rendered. Everything from the email, the CRM or the draft is
 * escaped (html.ts). The form posts to the same URL; what GET shows never changes anything.
 */
import type { HistorySummary } from '../../classify/types.ts';
import { approvalNoun, unknownSenderLine, type SlackApprovalView } from './slack-message.ts';
import type { RecentEvent } from './db/approval-context.ts';
import { esc, pre } from './html.ts';
import { PAGE_CSS } from './page-style.ts';

export interface PageBanner {
  kind: 'success' | 'info' | 'warn' | 'error';
  text: string;
}

export interface ApprovalPageInput {
  view: SlackApprovalView;
  workspaceName: string;
  recentEvents: readonly RecentEvent[];
  banner?: PageBanner;
  /** Present only while the approval can still be decided. */
  form?: { csrf: string };
}

export function pageShell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title><style>${PAGE_CSS}</style></head>
<body><main>${body}</main></body></html>`;
}

export const bannerHtml = (b: PageBanner): string => `<div class="banner ${b.kind}" role="status">${esc(b.text)}</div>`;

/** A page with only a message: an unknown link, a failed CSRF check. */
export const renderMessagePage = (title: string, banner: PageBanner, hint?: string): string =>
  pageShell(title, `<h1>${esc(title)}</h1>${bannerHtml(banner)}${hint ? `<p class="muted">${esc(hint)}</p>` : ''}`);

function historyText(h: HistorySummary | null): string {
  if (!h) return 'No history recorded';
  const parts = [`${h.messagesSent} sent`, `${h.messagesReceived} received`, `${h.autoRepliesSent} auto-replies`];
  if (h.pricesSeen.length) parts.push(`prices seen: ${h.pricesSeen.map((o) => `${o.type} ${o.amount} ${o.currency}`).join(', ')}`);
  if (h.contactedByOtherOrg) parts.push('also contacted by another workspace');
  if (h.lastContactedAt) parts.push(`last contacted ${h.lastContactedAt.slice(0, 10)}`);
  return parts.join(' · ');
}

function detailsHtml(input: ApprovalPageInput): string {
  const v = input.view;
  const c = v.classification;
  const tripped = v.gates.filter((g) => !g.passed);
  const offers = c.offers.length ? c.offers.map((o) => `${o.type} ${o.amount}${o.maxAmount !== undefined ? `–${o.maxAmount}` : ''} ${o.currency}`).join(', ') : 'none';
  return `${v.unknownSender ? `
<section id="unknown-sender"><p><b>${esc(unknownSenderLine(v.unknownSender))}</b></p></section>` : ''}
<section id="gates"><h2>Why this needs you</h2>
<ul class="gates">${tripped.length ? tripped.map((g) => `<li><code>${esc(g.gate)}</code> ${esc(g.reason)}</li>`).join('') : '<li>Manual review requested</li>'}</ul></section>
<section><h2>Partner</h2><dl>
<dt>Domain</dt><dd>${esc(v.partnerDomain)}</dd>
<dt>DR</dt><dd>${esc(v.domainRating ?? 'unknown')}</dd>
<dt>${v.kind === 'outreach' ? 'To' : 'From'}</dt><dd>${esc(v.from)}</dd>
<dt>Subject</dt><dd>${esc(v.subject)}</dd>
<dt>Workspace</dt><dd>${esc(input.workspaceName)}</dd>
<dt>History</dt><dd>${esc(historyText(v.history))}</dd>${v.priceHistory ? `
<dt>Price history</dt><dd id="price-history">${esc(v.priceHistory)}</dd>` : ''}
</dl></section>${v.kind === 'outreach' ? '' : `
<section><h2>Classification</h2><dl>
<dt>Intent</dt><dd>${esc(c.intent)} (${Math.round(c.confidence * 100)}%)</dd>
<dt>Offers</dt><dd>${esc(offers)}</dd>
</dl></section>
<section><h2>Their message</h2><div class="quote">${pre(v.inboundText ?? '', 8000)}</div></section>`}`;
}

function eventsHtml(input: ApprovalPageInput): string {
  const events = input.recentEvents.length
    ? `<ol class="events">${input.recentEvents.map((e) => `<li>${esc(e.occurredAt.slice(0, 16).replace('T', ' '))} · ${esc(e.type)}${e.subject ? ` · ${esc(e.subject)}` : ''}</li>`).join('')}</ol>`
    : '<p class="muted">No events yet.</p>';
  return `<section><h2>Recent events</h2>${events}</section>`;
}

function formHtml(input: ApprovalPageInput, csrf: string): string {
  const v = input.view;
  return `
<form method="post" id="decide">
<input type="hidden" name="csrf" value="${esc(csrf)}">
${v.unknownSender ? '' : `<section><h2>Draft ${v.kind === 'outreach' ? 'email' : 'reply'}</h2>
<p class="muted">Subject: ${esc(v.draft?.subject ?? '')}</p>
<label for="text">Edit the ${v.kind === 'outreach' ? 'email' : 'reply'} if needed, then approve</label>
<textarea id="text" name="text" maxlength="20000">${esc(v.draft?.text ?? '')}</textarea>
<div class="buttons"><button class="approve" type="submit" name="action" value="approve">Approve and send</button></div>
</section>
`}<section><h2>${v.unknownSender ? 'Dismiss' : 'Or reject'}</h2>
<label for="reason">Reason (optional; it guides a new draft if you ask for one)</label>
<textarea id="reason" name="reason" maxlength="2000"></textarea>
<div class="buttons"><button class="reject" type="submit" name="action" value="reject">Reject</button>${
  v.kind === 'outreach' ? '' : '<button class="reject" type="submit" name="action" value="redraft">Reject and draft again</button>'
}</div>
</section>
</form>`;
}

export function renderApprovalPage(input: ApprovalPageInput): string {
  const v = input.view;
  const expiry = v.expiresAt ? `<p class="muted">Expires ${esc(new Date(v.expiresAt).toUTCString())}. If nobody decides, nothing is sent.</p>` : '';
  const draftReadOnly = input.form
    ? formHtml(input, input.form.csrf)
    : `<section><h2>Draft ${v.kind === 'outreach' ? 'email' : 'reply'}</h2><p class="muted">Subject: ${esc(v.draft?.subject ?? '')}</p><div class="quote">${pre(v.draft?.text ?? '(no draft)')}</div></section>`;
  return pageShell(
    `Approve ${approvalNoun(v)} to ${v.partnerDomain}`,
    `<h1>${v.kind === 'outreach' ? 'First email' : 'Reply'} to ${esc(v.partnerDomain)}</h1>${input.banner ? bannerHtml(input.banner) : ''}${expiry}${detailsHtml(input)}${draftReadOnly}${eventsHtml(input)}`,
  );
}
