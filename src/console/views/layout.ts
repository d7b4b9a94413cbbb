/** Pure: the console's page shell (navigation, who is signed in, sign out) and small shared pieces. */
import { html, type SafeHtml } from '../html.ts';

export interface Banner {
  kind: 'success' | 'info' | 'warn' | 'error';
  text: string;
}

export type NavKey = 'approvals' | 'inbound' | 'pipeline' | 'partners' | 'campaigns' | 'none';

export interface LayoutInput {
  title: string;
  /** Absent on the sign-in pages. */
  session?: { person: string; agencyName: string; csrf: string };
  nav?: NavKey;
  banner?: Banner | null;
  body: SafeHtml;
}

const NAV: Array<{ key: NavKey; href: string; label: string }> = [
  { key: 'approvals', href: '/console/approvals', label: 'Approvals' },
  { key: 'inbound', href: '/console/inbound', label: 'Inbound' },
  { key: 'pipeline', href: '/console/pipeline', label: 'Pipeline' },
  { key: 'campaigns', href: '/console/campaigns', label: 'Campaigns' },
];

export const bannerHtml = (b: Banner | null | undefined): SafeHtml =>
  b ? html`<div class="banner ${b.kind}" role="${b.kind === 'error' ? 'alert' : 'status'}">${b.text}</div>` : html``;

export const csrfInput = (csrf: string): SafeHtml => html`<input type="hidden" name="csrf" value="${csrf}">`;

export function layout(input: LayoutInput): string {
  const s = input.session;
  const header = s
    ? html`<header class="top"><nav aria-label="Console">${NAV.map((n) =>
      html`<a href="${n.href}"${n.key === input.nav ? html` aria-current="page"` : html``}>${n.label}</a>`)}</nav>
<div class="who"><span>${s.person} · ${s.agencyName}</span><form method="post" action="/console/sign-out">${csrfInput(s.csrf)}<button type="submit">Sign out</button></form></div></header>`
    : html``;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${input.title} · Console</title>
<link rel="stylesheet" href="/console/assets/console.css"></head>
<body><a class="skip" href="#main">Skip to content</a>${header}
<main id="main" tabindex="-1"><h1>${input.title}</h1>${bannerHtml(input.banner)}${input.body}</main></body></html>`.value;
}

/** "3 h", "2 d 4 h", "12 min": a duration for people. */
export function humanDuration(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 && h < 10 ? ` ${m % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

export const shortTime = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '—');
