/** Pure: a page with only a message (not found, refused form, server error), signed in or not. */
import { html } from '../html.ts';
import { layout, type Banner, type NavKey } from './layout.ts';

export function renderMessagePage(input: { title: string; banner: Banner; hint?: string; session?: { person: string; agencyName: string; csrf: string }; nav?: NavKey }): string {
  return layout({
    title: input.title,
    banner: input.banner,
    nav: input.nav ?? 'none',
    ...(input.session ? { session: input.session } : {}),
    body: html`${input.hint ? html`<p class="muted">${input.hint}</p>` : html``}<p><a href="/console/approvals">Back to the approvals</a></p>`,
  });
}
