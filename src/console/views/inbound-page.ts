/** Pure: /console/inbound — every message with its intent and decision; filters and a search, as in the JSON API. */
import { INTENTS } from '../../classify/types.ts';
import { DECISION_ACTIONS } from '../../gates/types.ts';
import { readClassification } from '../../respond/approvals/approval-view.ts';
import { html, href, seg, type SafeHtml } from '../html.ts';
import { layout, shortTime, type Banner } from './layout.ts';

export interface InboundFilters {
  workspaceId?: string | undefined;
  intent?: string | undefined;
  decision?: string | undefined;
  q?: string | undefined;
}

export interface InboundListItem {
  id: string;
  workspaceId: string;
  from: { address: string; name: string } | null;
  subject: string | null;
  receivedAt: string;
  accountId: string | null;
  status: string;
  classification: unknown;
  decision: unknown;
}

export interface InboundPageInput {
  session: { person: string; agencyName: string; csrf: string };
  workspaces: Array<{ id: string; name: string }>;
  filters: InboundFilters;
  items: InboundListItem[];
  domains: Map<string, string>;
  nextCursor: string | null;
  banner?: Banner | null;
}

const option = (value: string, label: string, selected: string | undefined): SafeHtml =>
  html`<option value="${value}"${value === (selected ?? '') ? html` selected` : html``}>${label}</option>`;

function filterForm(input: InboundPageInput): SafeHtml {
  const f = input.filters;
  return html`<form method="get" action="/console/inbound" class="filters" role="search">
<div><label for="f-ws">Workspace</label><select id="f-ws" name="workspaceId">${option('', 'All', f.workspaceId)}${input.workspaces.map((w) => option(w.id, w.name, f.workspaceId))}</select></div>
<div><label for="f-intent">Intent</label><select id="f-intent" name="intent">${option('', 'Any', f.intent)}${INTENTS.map((i) => option(i, i, f.intent))}</select></div>
<div><label for="f-decision">Decision</label><select id="f-decision" name="decision">${option('', 'Any', f.decision)}${DECISION_ACTIONS.map((d) => option(d, d, f.decision))}</select></div>
<div><label for="f-q">Domain or address</label><input type="search" id="f-q" name="q" maxlength="200" value="${f.q ?? ''}"></div>
<div><button type="submit">Filter</button></div></form>`;
}

export function renderInboundPage(input: InboundPageInput): string {
  const names = Object.fromEntries(input.workspaces.map((w) => [w.id, w.name]));
  const rows = input.items.map((m) => {
    const c = readClassification(m.classification);
    const action = typeof (m.decision as { action?: unknown } | null)?.action === 'string' ? (m.decision as { action: string }).action : '—';
    const domain = m.accountId ? input.domains.get(m.accountId) : undefined;
    const approvalId = typeof (m.decision as { approvalId?: unknown } | null)?.approvalId === 'string' ? (m.decision as { approvalId: string }).approvalId : '';
    return html`<tr id="${m.id}"><td>${shortTime(m.receivedAt)}</td>
<td>${m.from ? (m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address) : 'unknown'}<br>${m.accountId && domain ? html`<a href="/console/partners/${seg(m.accountId)}#${m.id}">${domain}</a>` : html`<span class="muted">no partner</span>`}</td>
<td>${m.subject ?? '(no subject)'}<br><span class="muted">${names[m.workspaceId] ?? m.workspaceId}</span></td>
<td><span class="badge">${m.classification ? `${c.intent} ${Math.round(c.confidence * 100)}%` : 'not classified'}</span> ${action === 'WAITING_APPROVAL' && m.status === 'WAITING_APPROVAL' ? html`<a class="badge warn" href="/console/approvals#${approvalId}">${action}</a>` : html`<span class="badge">${action}</span>`} <span class="muted">${m.status}</span></td></tr>`;
  });
  return layout({
    title: 'Inbound',
    session: input.session,
    nav: 'inbound',
    banner: input.banner ?? null,
    body: html`<section>${filterForm(input)}</section>
${input.items.length ? html`<div class="table-wrap"><table><thead><tr><th scope="col">Received</th><th scope="col">From / partner</th><th scope="col">Subject / workspace</th><th scope="col">Intent · decision · status</th></tr></thead>
<tbody>${rows}</tbody></table></div>` : html`<section><p>No messages match.</p></section>`}
${input.nextCursor ? html`<p><a href="${href('/console/inbound', { ...input.filters, cursor: input.nextCursor })}">Older messages</a></p>` : html``}`,
  });
}
