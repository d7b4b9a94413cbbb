/** Pure: /console/pipeline?workspaceId= — counts per status and the relationships in each, with a status change form. */
import { RELATIONSHIP_STATUSES } from '../../crm/types.ts';
import type { PipelineRow } from '../db/pipeline.ts';
import { html, href, seg, type SafeHtml } from '../html.ts';
import { csrfInput, layout, shortTime, type Banner } from './layout.ts';

export interface PipelinePageInput {
  session: { person: string; agencyName: string; csrf: string };
  workspaces: Array<{ id: string; name: string }>;
  workspaceId: string | null;
  counts: Record<string, number>;
  rows: PipelineRow[];
  banner?: Banner | null;
}

function workspacePicker(input: PipelinePageInput): SafeHtml {
  return html`<form method="get" action="/console/pipeline" class="inline"><label for="ws">Workspace</label>
<select id="ws" name="workspaceId">${input.workspaces.map((w) => html`<option value="${w.id}"${w.id === input.workspaceId ? html` selected` : html``}>${w.name}</option>`)}</select>
<button type="submit" class="secondary">Show</button></form>`;
}

function moveForm(r: PipelineRow, input: PipelinePageInput): SafeHtml {
  return html`<form method="post" action="/console/pipeline/status" class="inline">${csrfInput(input.session.csrf)}
<input type="hidden" name="relationshipId" value="${r.id}"><input type="hidden" name="workspaceId" value="${input.workspaceId ?? ''}">
<label class="muted" for="st-${r.id}">Move ${r.domain} to</label>
<select id="st-${r.id}" name="status">${RELATIONSHIP_STATUSES.map((s) => html`<option value="${s}"${s === r.status ? html` selected` : html``}>${s}</option>`)}</select>
<button type="submit" class="secondary">Change status</button></form>`;
}

export function renderPipelinePage(input: PipelinePageInput): string {
  const total = Object.values(input.counts).reduce((a, b) => a + b, 0);
  const byStatus = RELATIONSHIP_STATUSES.map((s) => ({ status: s, rows: input.rows.filter((r) => r.status === s) }));
  const body = input.workspaceId === null
    ? html`<p>This sign-in sees no workspace.</p>`
    : html`${workspacePicker(input)}
<h2>${total} relationships</h2>
<ul class="counts">${RELATIONSHIP_STATUSES.map((s) => html`<li>${input.counts[s] ? html`<a href="#${s}"><b>${input.counts[s]}</b>${s}</a>` : html`<span class="muted"><b>0</b>${s}</span>`}</li>`)}</ul>
${byStatus.filter((g) => g.rows.length).map((g) => html`<section aria-labelledby="${g.status}"><h2 id="${g.status}">${g.status} (${input.counts[g.status] ?? g.rows.length})</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Partner</th><th scope="col">DR</th><th scope="col">Updated</th><th scope="col">Status</th></tr></thead><tbody>
${g.rows.map((r) => html`<tr><td><a href="/console/partners/${seg(r.accountId)}">${r.domain}</a>${r.contactedByUs ? html` <span class="badge">contacted</span>` : html``}</td><td>${r.domainRating ?? '—'}</td><td>${shortTime(r.updatedAt)}</td><td>${moveForm(r, input)}</td></tr>`)}
</tbody></table></div></section>`)}
<p class="muted">A status change appends a <code>STATUS_CHANGED</code> event (history is never edited); <a href="${href('/console/inbound', { workspaceId: input.workspaceId })}">this workspace's inbound messages</a>.</p>`;
  return layout({ title: 'Pipeline', session: input.session, nav: 'pipeline', banner: input.banner ?? null, body });
}
