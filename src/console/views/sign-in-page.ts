/** Pure: the sign-in page (API key, or an emailed link for workspace approvers) and the link-confirmation page. */
import { html } from '../html.ts';
import { csrfInput, layout, type Banner } from './layout.ts';

export interface SignInPageInput {
  csrf: string;
  banner?: Banner | null;
  /** What the person typed, kept after a failed attempt (never the key). */
  person?: string;
  email?: string;
  /** Whether sign-in links can be emailed (SMTP_URL set). */
  emailLinks: boolean;
}

export function renderSignInPage(input: SignInPageInput): string {
  return layout({
    title: 'Sign in',
    banner: input.banner ?? null,
    body: html`<div class="signin">
<section><h2>With an API key</h2>
<form method="post" action="/console/sign-in">${csrfInput(input.csrf)}
<label for="apiKey">API key</label>
<input type="password" id="apiKey" name="apiKey" autocomplete="off" required spellcheck="false" placeholder="lbk_…">
<label for="person">Your name or email</label>
<input type="text" id="person" name="person" autocomplete="email" required maxlength="200" value="${input.person ?? ''}">
<p class="muted">Recorded as who decided on every approval you decide here.</p>
<div class="buttons"><button type="submit">Sign in</button></div>
</form></section>
${input.emailLinks ? html`<section><h2>With a link by email</h2>
<form method="post" action="/console/sign-in/email">${csrfInput(input.csrf)}
<label for="email">Approver email address</label>
<input type="email" id="email" name="email" autocomplete="email" required maxlength="254" value="${input.email ?? ''}">
<p class="muted">For addresses that approve replies for a workspace. The link works once, for 15 minutes.</p>
<div class="buttons"><button type="submit" class="secondary">Email me a sign-in link</button></div>
</form></section>` : html``}
</div>`,
  });
}

/** GET of an emailed link only shows this button (mail scanners open links); the POST signs in. */
export function renderLinkPage(input: { csrf: string; email: string } | { invalid: true }): string {
  if ('invalid' in input) {
    return layout({
      title: 'Link not valid',
      banner: { kind: 'error', text: 'This sign-in link is not valid: it was used already, has expired, or never existed.' },
      body: html`<p><a href="/console/sign-in">Sign in again</a></p>`,
    });
  }
  return layout({
    title: 'Sign in',
    body: html`<section class="signin"><p>Sign in to the console as <b>${input.email}</b>?</p>
<form method="post">${csrfInput(input.csrf)}<div class="buttons"><button type="submit">Sign in</button></div></form></section>`,
  });
}
