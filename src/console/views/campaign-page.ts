/** Pure: /console/campaigns (the list) and /console/campaigns/:id — prospects kept and dropped with reasons, drafts side by side, approve all or some. */
import type { Campaign } from '../../outbound/types.ts';
import type { CampaignView } from '../db/campaign-view.ts';
import { html, seg, text, type SafeHtml } from '../html.ts';
import { csrfInput, layout, shortTime, type Banner } from './layout.ts';

type Shell = { person: string; agencyName: string; csrf: string };

function what(c: Campaign): string {
  const input = c.input as Record<string, unknown>;
  if (c.kind === 'SERP') return `SERP: “${String(input['keyword'] ?? '')}”`;
  if (c.kind === 'COMPETITOR') return `Competitor: ${String(input['competitorDomain'] ?? '')}`;
  return `Import: ${Array.isArray(input['prospects']) ? input['prospects'].length : 0} domains`;
}

const countsLine = (c: Campaign): string =>
  `${c.counts.found} found · ${c.counts.kept} kept · ${c.counts.dropped} dropped · ${c.counts.noContact} without contact · ${c.counts.drafted} drafted · ${c.counts.approved} approved · ${c.counts.sent} sent`;

export function renderCampaignListPage(input: { session: Shell; campaigns: Campaign[]; workspaceNames: Record<string, string> }): string {
  return layout({
    title: 'Campaigns',
    session: input.session,
    nav: 'campaigns',
    body: input.campaigns.length
      ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Campaign</th><th scope="col">Workspace</th><th scope="col">Status</th><th scope="col">Counts</th><th scope="col">Started</th></tr></thead><tbody>
${input.campaigns.map((c) => html`<tr><td><a href="/console/campaigns/${seg(c.id)}">${what(c)}</a></td><td>${input.workspaceNames[c.workspaceId] ?? c.workspaceId}</td><td><span class="badge">${c.status}</span></td><td>${countsLine(c)}</td><td>${shortTime(c.createdAt)}</td></tr>`)}
</tbody></table></div>`
      : html`<section><p>No campaigns yet. Start one through the API (<code>POST /v1/link-building/serp_outreach</code>, <code>/competitor_outreach</code>, <code>/campaigns/import</code>).</p></section>`,
  });
}

function prospectsTable(v: CampaignView): SafeHtml {
  return html`<section aria-labelledby="prospects-h"><h2 id="prospects-h">Prospects (${v.prospects.length}${v.moreProspects ? '+' : ''})</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">Domain</th><th scope="col">DR</th><th scope="col">Verdict</th><th scope="col">Why</th><th scope="col">Contact</th><th scope="col">Now</th></tr></thead><tbody>
${v.prospects.map((p) => html`<tr><td>${p.accountId ? html`<a href="/console/partners/${seg(p.accountId)}">${p.domain}</a>` : p.domain}${p.rank !== null ? html` <span class="muted">#${p.rank}</span>` : html``}</td>
<td>${p.domainRating ?? '—'}</td>
<td>${p.kept === null ? html`<span class="badge">not filtered yet</span>` : p.kept ? html`<span class="badge good">kept</span>` : html`<span class="badge bad">dropped</span>`}</td>
<td>${p.reason ? html`<code>${p.reason}</code> ` : html``}${p.reasonDetail ?? ''}${p.statusReason ? html`<br><span class="muted">${p.statusReason}</span>` : html``}</td>
<td>${p.contact ? `${p.contact.name ? `${p.contact.name} <${p.contact.email}>` : p.contact.email}${p.contact.position ? `, ${p.contact.position}` : ''}` : '—'}</td>
<td>${p.status}</td></tr>`)}
</tbody></table></div></section>`;
}

function draftsForm(v: CampaignView, session: Shell): SafeHtml {
  const waiting = v.emails.filter((e) => e.status === 'WAITING_APPROVAL');
  return html`<section aria-labelledby="drafts-h"><h2 id="drafts-h">First emails (${waiting.length} waiting of ${v.emails.length})</h2>
${v.emails.length ? html`<form method="post" action="/console/campaigns/${seg(v.campaign.id)}/approve">${csrfInput(session.csrf)}
<div class="grid two">${v.emails.map((e) => html`<article class="card" id="${e.id}" aria-labelledby="h-${e.id}">
<div class="card-head"><h3 id="h-${e.id}">To ${e.toAddress}</h3><span class="badge">${e.status}</span></div>
<p><b>${e.subject}</b></p><div class="pre">${text(e.text, 6000)}</div>
${e.checks.some((c) => !c.passed) ? html`<ul class="gates">${e.checks.filter((c) => !c.passed).map((c) => html`<li><code>${c.gate}</code> ${c.reason}</li>`)}</ul>` : html``}
${e.status === 'WAITING_APPROVAL' ? html`<label><input type="checkbox" name="outreachIds" value="${e.id}"> Select the email to ${e.toAddress}</label>` : html``}
</article>`)}</div>
${waiting.length ? html`<div class="buttons"><button class="approve" type="submit" name="action" value="selected">Approve selected</button><button class="approve" type="submit" name="action" value="all">Approve all ${waiting.length} waiting</button></div>
<p class="muted">Each approved email is still checked again (do-not-contact, cooling-off) when it is sent. To edit or reject one, use the approvals queue.</p>` : html``}
</form>` : html`<p class="muted">No emails drafted yet.</p>`}</section>`;
}

export function renderCampaignPage(input: { session: Shell; view: CampaignView; workspaceName: string; banner?: Banner | null }): string {
  const c = input.view.campaign;
  return layout({
    title: what(c),
    session: input.session,
    nav: 'campaigns',
    banner: input.banner ?? null,
    body: html`<section><dl>
<dt>Workspace</dt><dd>${input.workspaceName}</dd>
<dt>Status</dt><dd><span class="badge">${c.status}</span> (step ${c.step})${c.error ? html` <span class="badge bad">${c.error}</span>` : html``}</dd>
<dt>Counts</dt><dd>${countsLine(c)}</dd>
<dt>Provider cost</dt><dd>${Object.entries(c.cost).map(([p, v]) => `${p}: ${v.calls} calls, ${v.units} units`).join(' · ') || 'none'}</dd>
<dt>Started</dt><dd>${shortTime(c.createdAt)}</dd>
</dl></section>${draftsForm(input.view, input.session)}${prospectsTable(input.view)}`,
  });
}
