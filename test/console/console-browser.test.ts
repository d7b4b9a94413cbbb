/**
 * The console end to end in a real headless Chromium (Debian's /usr/bin/chromium via playwright-core,
 * as test/approvals/approval-page-browser.test.ts): real mail arrives in a Dovecot mailbox, is ingested,
 * classified and gated to WAITING_APPROVAL by the whole service; a person signs in with the API key
 * (keyboard only), approves one reply from the queue → exactly one email leaves through the mailbox's
 * SMTP server; rejects another with a reason; an email whose subject and body carry <script> and
 * onerror= never runs; another agency's ids are a 404 page; a POST without the CSRF field is refused.
 *
 * CONSOLE_SCREENSHOTS=1 also saves each page into docs/console/*.png (docs/console.md shows them).
 * Skipped, saying so, without Chromium (.ci/install-chromium) or Dovecot (.ci/install-dovecot).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { startConsoleHarness, type ConsoleHarness } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const skip = !hasChromium ? `${CHROMIUM} is missing (run .ci/install-chromium)` : !dovecotAvailable ? dovecotSkipReason : null;
if (skip) console.warn(`console browser test skipped: ${skip}`);
const SCREENSHOTS = process.env['CONSOLE_SCREENSHOTS'] === '1';
const SHOTS_DIR = join(import.meta.dirname, '../../docs/console');

type Row = Record<string, unknown>;

describe.skipIf(skip !== null)('console in headless Chromium', () => {
  let h: ConsoleHarness;
  let dovecot: Dovecot;
  let smtp: SMTPServer;
  const replies: Array<{ to: string[]; raw: Buffer }> = [];
  let browser: BrowserContext;
  let profile: string;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let other: Awaited<ReturnType<typeof seedAgency>>;
  let otherAccountId: string;
  const call = <T = Row>(method: string, path: string, body?: unknown, token: string = s.key) => h.svc.call<T>(method, path, { body, token });
  const inboundBySubject = async (subject: string) =>
    (await h.svc.t.db.query<{ id: string; status: string; decision: { approvalId?: string } | null }>('select id, status, decision from inbound_messages where subject = $1', [subject])).rows[0];

  const deliver = (n: number, subject: string, text: string, html?: string) => dovecot.deliver('sam', [
    'From: Gina Editor <gina@quoteblog.example>', 'To: Sam <sam@agency.example>', `Subject: ${subject}`,
    `Message-ID: <gina-${n}@quoteblog.example>`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0',
    ...(html
      ? ['Content-Type: multipart/alternative; boundary="b1"', '', '--b1', 'Content-Type: text/plain; charset=utf-8', '', text, '--b1', 'Content-Type: text/html; charset=utf-8', '', html, '--b1--']
      : ['Content-Type: text/plain; charset=utf-8', '', text]),
    '',
  ].join('\r\n'));

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'sam', password: 'pw-sam' }] });
    smtp = new SMTPServer({
      authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: (a, _s, cb) => (a.password === 'pw-sam' ? cb(null, { user: a.username }) : cb(new Error('bad'))),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          replies.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    h = await startConsoleHarness();
    const caller = { call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => h.svc.call(m, p, o) } as never;
    s = await seedAgency(caller, 'Browser Agency');
    other = await seedAgency(caller, 'Other Agency');
    const acct = await call<{ id: string }>('POST', '/v1/link-building/crm/account', { domain: 'quoteblog.example', domainRating: 61 });
    await call('POST', '/v1/link-building/crm/contact', { accountId: acct.body.id, email: 'gina@quoteblog.example', firstName: 'Gina' });
    await call('POST', '/v1/link-building/crm/relationship', { workspaceId: s.ws1, accountId: acct.body.id, ourContent: 'https://client.example/remote-work-guide' });
    otherAccountId = (await call<{ id: string }>('POST', '/v1/link-building/crm/account', { domain: 'other-agency-partner.example' }, other.key)).body.id;
    await call('POST', '/v1/link-building/crm/relationship', { workspaceId: other.ws1, accountId: otherAccountId }, other.key);
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const mb = await call<{ id: string }>('POST', '/v1/mailboxes', {
      workspaceId: s.ws1, address: 'sam@agency.example',
      imap: { host: dovecot.host, port: dovecot.port, secure: false, user: 'sam', password: 'pw-sam' },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: 'sam', password: 'pw-sam' },
      folders: { inbox: 'INBOX', sent: 'Sent' },
    });
    expect(mb.status, JSON.stringify(mb.body)).toBe(201);
    await waitFor(async () => (await h.svc.t.db.query('select 1 from mailbox_sync_state where mailbox_id = $1 and last_uid is not null', [mb.body.id])).rows.length > 0, { what: 'first sync' });
    await call('PUT', `/v1/admin/workspaces/${s.ws1}/approvers`, { emails: ['ops@agency.example'], slackChannelId: null, slackUserIds: [] }, ADMIN_TOKEN);

    profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.close();
    await dovecot?.stop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  const shot = async (page: Page, name: string) => {
    if (!SCREENSHOTS) return;
    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
  };

  it('signs in, shows a hostile email inert, approves one reply (one send), rejects another with a reason, refuses CSRF-less POSTs and foreign ids', async () => {
    const evilSubject = 'Re: Guest post <script>window.__xss=1</script>';
    await deliver(1, evilSubject, 'Hi Sam, our rate for a guest post is $450. <img src=x onerror="window.__xss=2"> Let me know!',
      '<p>Hi Sam, our rate for a guest post is $450.</p><img src=x onerror="window.__xss=3"><script>window.__xss=4</script>');
    await deliver(2, 'Re: Sponsored post', 'Hello, a sponsored post on our blog costs $300. Thanks, Gina');
    await waitFor(async () => (await inboundBySubject(evilSubject))?.status === 'WAITING_APPROVAL' && (await inboundBySubject('Re: Sponsored post'))?.status === 'WAITING_APPROVAL',
      { what: 'both replies to wait for approval', timeoutMs: 40_000 });
    const evil = (await inboundBySubject(evilSubject))!;
    const sponsored = (await inboundBySubject('Re: Sponsored post'))!;

    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });

    // sign in, keyboard only
    await page.goto(`${h.url}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await shot(page, 'sign-in');
    await page.getByLabel('API key').focus();
    await page.keyboard.type(s.key);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Alex Account-Manager');
    await Promise.all([page.waitForURL('**/console/approvals'), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Approvals (2 pending)');

    // the hostile email is shown as text and never runs
    const body = await page.locator('body').innerText();
    expect(body).toContain('Reply to quoteblog.example');
    expect(body).toContain('<img src=x onerror="window.__xss=2">');
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // oldest first, with the gates that stopped it
    const cards = page.locator('article.card');
    const oldestFirst = (await h.svc.t.db.query<{ id: string }>("select id from approvals where status = 'PENDING' order by created_at, id")).rows.map((r) => r.id);
    expect(await cards.evaluateAll((els) => els.map((e) => e.id))).toEqual(oldestFirst);
    expect(body).toMatch(/PRICE_QUOTE is not in autoReplyIntents|intent-allowed/);
    await shot(page, 'approvals');
    if (SCREENSHOTS) {
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, 'approvals-phone');
      await page.setViewportSize({ width: 1280, height: 900 });
    }

    // approve the first from the queue: exactly one send through the mailbox's SMTP server
    const evilCard = page.locator(`article#${evil.decision!.approvalId}`);
    await Promise.all([page.waitForURL('**/console/approvals?decided=*'), evilCard.getByRole('button', { name: 'Approve', exact: true }).click()]);
    await page.getByText('Approved: it will be sent.').waitFor();
    await waitFor(async () => (await inboundBySubject(evilSubject))?.status === 'SENT', { what: 'the approved reply to be sent', timeoutMs: 30_000 });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.to).toEqual(['gina@quoteblog.example']);
    const sent = await simpleParser(replies[0]!.raw);
    expect(sent.inReplyTo).toBe('<gina-1@quoteblog.example>');
    const approval = (await call<Row>('GET', `/v1/link-building/approvals/${evil.decision!.approvalId}`)).body;
    expect(approval).toMatchObject({ status: 'APPROVED', decidedBy: { channel: 'console', actor: 'Alex Account-Manager' } });

    // reject the other with a reason
    const card = page.locator(`article#${sponsored.decision!.approvalId}`);
    await card.getByLabel(/Reason for rejecting/).fill('We do not buy sponsored posts on this blog');
    await Promise.all([page.waitForURL('**/console/approvals?decided=*'), card.getByRole('button', { name: 'Reject', exact: true }).click()]);
    await page.getByText('Rejected: nothing will be sent.').waitFor();
    expect((await call<Row>('GET', `/v1/link-building/approvals/${sponsored.decision!.approvalId}`)).body).toMatchObject({
      status: 'REJECTED', rejectReason: 'We do not buy sponsored posts on this blog', decidedBy: { channel: 'console', actor: 'Alex Account-Manager' },
    });
    expect((await inboundBySubject('Re: Sponsored post'))!.status).toBe('DENIED');

    // a POST without the CSRF field (the browser's own cookies) is refused, and so is a cross-site form
    const noCsrf = await page.request.post(`${h.url}/console/pipeline/status`, { form: { relationshipId: 'rel_x', status: 'INACTIVE' }, maxRedirects: 0 });
    expect(noCsrf.status()).toBe(403);
    const attacker = await browser.newPage();
    await attacker.setContent(`<form id="f" method="post" action="${h.url}/console/sign-out"><button>go</button></form>`);
    const [crossSite] = await Promise.all([attacker.waitForResponse((r) => r.url().endsWith('/console/sign-out')), attacker.locator('button').click()]);
    expect(crossSite.status()).toBe(401); // the SameSite=Strict session cookie was not sent: nothing happened
    await attacker.close();
    expect(new URL((await page.goto(`${h.url}/console/approvals`))!.url()).pathname).toBe('/console/approvals');

    // the other pages, and another agency's ids → a 404 page
    await page.goto(`${h.url}/console/inbound`);
    expect(await page.locator('body').innerText()).toContain(evilSubject);
    await shot(page, 'inbound');
    const partnerLink = page.getByRole('link', { name: 'quoteblog.example' }).first();
    await Promise.all([page.waitForURL('**/console/partners/**'), partnerLink.click()]);
    const partnerText = await page.locator('body').innerText();
    expect(partnerText).toContain('EMAIL_SENT');
    expect(partnerText).toContain('We do not buy sponsored posts on this blog');
    await shot(page, 'partner');
    await page.goto(`${h.url}/console/pipeline?workspaceId=${s.ws1}`);
    await shot(page, 'pipeline');
    const foreign = await page.goto(`${h.url}/console/partners/${otherAccountId}`);
    expect(foreign!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
    expect((await page.goto(`${h.url}/console/pipeline?workspaceId=${other.ws1}`))!.status()).toBe(404);

    // sign out ends the session
    await Promise.all([page.waitForURL('**/console/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(new URL((await page.goto(`${h.url}/console/approvals`))!.url()).pathname).toBe('/console/sign-in');

    // still exactly one send, and no script ever ran
    await new Promise((r) => setTimeout(r, 1500));
    expect(replies).toHaveLength(1);
    expect(dialogs).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
  }, 120_000);
});
