/** Pure: /console/partners/:accountId — the shared account and the whole thread across the agency's workspaces. */
import type { PartnerThread, ThreadInbound } from '../db/partner-thread.ts';
import { readClassification } from '../../respond/approvals/approval-view.ts';
import { readDraft, readTrippedGates } from '../../respond/approvals/approval-facts.ts';
import { html, href, seg, text, type SafeHtml } from '../html.ts';
import { eventReason } from '../event-reason.ts';
import { layout, shortTime } from './layout.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function accountFacts(t: PartnerThread, now: Date): SafeHtml {
  const a = t.account;
  const dnc = a.systemContactStatus === 'DO_NOT_CONTACT';
  const cooling = a.coolingOffUntil && Date.parse(a.coolingOffUntil) > now.getTime();
  const money = (v: number | null) => (v === null ? '—' : `${v} ${a.priceCurrency ?? ''}`.trim());
  return html`<section aria-labelledby="facts-h"><h2 id="facts-h">Shared account</h2><dl>
<dt>Domain</dt><dd>${a.domain}</dd>
<dt>DR</dt><dd>${a.domainRating ?? 'unknown'}</dd>
<dt>Traffic</dt><dd>${a.organicTraffic ?? 'unknown'}${a.referringDomains !== null ? ` · ${a.referringDomains} referring domains` : ''}</dd>
<dt>Contact status</dt><dd>${dnc ? html`<span class="badge bad">DO NOT CONTACT</span>` : html`<span class="badge">${a.systemContactStatus}</span>`}</dd>
<dt>Cooling-off</dt><dd>${cooling ? html`<span class="badge warn">until ${shortTime(a.coolingOffUntil)}</span>` : 'none'}</dd>
<dt>Prices</dt><dd>link insertion ${money(a.priceLinkInsertion)} · guest post ${money(a.priceGuestPost)}${a.pricesUpdatedAt ? ` (as of ${a.pricesUpdatedAt.slice(0, 10)})` : ''}</dd>
<dt>Last contacted</dt><dd>${shortTime(a.lastContactedAt)}</dd>
</dl></section>`;
}

function pricesOverTime(t: PartnerThread): SafeHtml {
  const rows = t.events.filter((e) => e.type === 'RATE_NEGOTIATED');
  if (!rows.length) return html``;
  return html`<section aria-labelledby="prices-h"><h2 id="prices-h">Prices over time</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">When</th><th scope="col">Workspace</th><th scope="col">Offer</th></tr></thead>
<tbody>${rows.map((e) => html`<tr><td>${shortTime(e.occurredAt)}</td><td>${t.workspaceNames[e.workspaceId] ?? e.workspaceId}</td><td>${eventReason(e)}</td></tr>`)}</tbody></table></div></section>`;
}

function relationships(t: PartnerThread): SafeHtml {
  return html`<section aria-labelledby="rels-h"><h2 id="rels-h">Your relationships</h2>${t.relationships.length
    ? html`<ul>${t.relationships.map((r) => html`<li>${r.workspaceName}: <span class="badge">${r.status}</span> <a href="${href('/console/pipeline', { workspaceId: r.workspaceId })}">pipeline</a>${r.ourContent ? html` · our content <code>${r.ourContent}</code>` : html``}</li>`)}</ul>`
    : html`<p class="muted">None yet (messages from this partner are not matched to a relationship).</p>`}</section>`;
}

function inboundItem(m: ThreadInbound, t: PartnerThread): SafeHtml {
  const c = readClassification(m.classification);
  const decision = isRecord(m.decision) ? m.decision : null;
  const tripped = readTrippedGates(m.decision);
  const draft = readDraft(m.draft);
  return html`<li class="in" id="${m.id}"><p><b>${shortTime(m.receivedAt)}</b> · ${t.workspaceNames[m.workspaceId] ?? m.workspaceId} · from ${m.fromName ? `${m.fromName} <${m.fromAddress ?? ''}>` : (m.fromAddress ?? 'unknown')}</p>
<p><b>${m.subject ?? '(no subject)'}</b> <span class="badge">intent ${c.intent} ${Math.round(c.confidence * 100)}%</span> <span class="badge">decision ${typeof decision?.['action'] === 'string' ? decision['action'] : 'none yet'}</span> <span class="badge">now ${m.status}</span></p>
${tripped.length ? html`<ul class="gates">${tripped.map((g) => html`<li><code>${g.gate}</code> ${g.reason}</li>`)}</ul>` : html``}
<details><summary>Their message</summary><div class="pre">${text(m.text, 8000)}</div></details>
${draft ? html`<details><summary>Our draft${m.send ? html` (send ${m.send.status}${m.send.sentAt ? `, ${shortTime(m.send.sentAt)}` : ''} via ${m.send.channel})` : html``}</summary><div class="pre">${text(draft.text, 8000)}</div></details>` : html``}
${m.send?.lastError ? html`<p class="muted">Send error: ${m.send.lastError}</p>` : html``}</li>`;
}

function thread(t: PartnerThread): SafeHtml {
  const items: Array<{ at: string; html: SafeHtml }> = [
    ...t.inbound.map((m) => ({ at: m.receivedAt, html: inboundItem(m, t) })),
    ...t.outreach.map((o) => ({
      at: o.createdAt,
      html: html`<li class="out" id="${o.id}"><p><b>${shortTime(o.createdAt)}</b> · ${t.workspaceNames[o.workspaceId] ?? o.workspaceId} · first email to ${o.toAddress} <span class="badge">${o.status}</span>${o.sentAt ? ` sent ${shortTime(o.sentAt)}` : ''}</p>
<p><b>${o.subject}</b></p><details><summary>The email</summary><div class="pre">${text(o.text, 8000)}</div></details>${o.sendError ? html`<p class="muted">Send error: ${o.sendError}</p>` : html``}</li>`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return html`<section aria-labelledby="thread-h"><h2 id="thread-h">Thread (${t.inbound.length} received, ${t.outreach.length} first emails)</h2>${items.length
    ? html`<ol class="timeline">${items.map((i) => i.html)}</ol>` : html`<p class="muted">No messages yet.</p>`}</section>`;
}

function events(t: PartnerThread): SafeHtml {
  return html`<section aria-labelledby="events-h"><h2 id="events-h">Events (${t.events.length})</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">When</th><th scope="col">Workspace</th><th scope="col">Event</th><th scope="col">Why / what</th></tr></thead>
<tbody>${t.events.map((e) => html`<tr><td>${shortTime(e.occurredAt)}</td><td>${t.workspaceNames[e.workspaceId] ?? e.workspaceId}</td><td><code>${e.type}</code>${e.subject ? html`<br>${text(e.subject, 200)}` : html``}</td><td>${eventReason(e)}${e.type === 'NOTE_ADDED' && e.content ? html`<br>${text(e.content, 500)}` : html``}</td></tr>`)}</tbody></table></div></section>`;
}

export function renderPartnerPage(input: { session: { person: string; agencyName: string; csrf: string }; thread: PartnerThread; now: Date }): string {
  const t = input.thread;
  return layout({
    title: t.account.domain,
    session: input.session,
    nav: 'partners',
    body: html`<p class="muted">Partner <code>${t.account.id}</code> · <a href="${href('/console/inbound', { q: t.account.domain })}">its inbound messages</a> · <a href="/console/partners/${seg(t.account.id)}#events-h">events</a></p>
<div class="grid two"><div>${accountFacts(t, input.now)}${relationships(t)}</div><div>${pricesOverTime(t)}</div></div>${thread(t)}${events(t)}`,
  });
}
