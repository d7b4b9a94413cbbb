/**
 * The console's campaign page over HTTP against the whole service: an IMPORT campaign's prospects kept
 * and dropped with reasons, its drafts side by side, "Approve selected" then "Approve all" through the
 * approval service (decidedBy console) → one send per approved email, CSRF, another agency's campaign → 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { seedAgency, sinkMailbox, startCampaignService, startMailboxSmtp, waitForCampaign, type Agency } from '../outbound/harness.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Browserish } from './harness.ts';

const SHOTS_DIR = join(import.meta.dirname, '../../docs/console');

/** CONSOLE_SCREENSHOTS=1 (and Chromium): the campaign page into docs/console/campaign.png, as the signed-in browser sees it. */
async function screenshot(url: string, sessionToken: string): Promise<void> {
  if (process.env['CONSOLE_SCREENSHOTS'] !== '1' || !existsSync('/usr/bin/chromium')) return;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'lb_console', value: sessionToken, url: new URL(url).origin + '/console' }]);
    const page = await context.newPage();
    await page.goto(url);
    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOTS_DIR, 'campaign.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

describe('console campaign page (PostgreSQL)', () => {
  let svc: TestService;
  let smtp: Awaited<ReturnType<typeof startMailboxSmtp>>;
  let a: Agency;
  let b: Agency;
  let campaignId: string;
  beforeAll(async () => {
    smtp = await startMailboxSmtp();
    svc = await startCampaignService('postgres');
    a = await seedAgency(svc, 'Campaign Agency');
    b = await seedAgency(svc, 'Nosy Agency');
    const mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', smtp.port);
    const started = await svc.call<{ id: string }>('POST', '/v1/link-building/campaigns/import', {
      token: a.key,
      body: {
        workspaceId: a.ws1,
        prospects: [
          { domain: 'alpha-blog.example', email: 'anna@alpha-blog.example', firstName: 'Anna' },
          { domain: 'beta.example', email: 'ben@beta.example', firstName: 'Ben' },
          { domain: 'en.wikipedia.org' },
        ],
        pitch: { ourContent: 'https://client.example/remote-work-guide', angle: 'a <b>data-backed</b> guide', mailboxId, fromName: 'Sam Writer' },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    campaignId = started.body.id;
    expect((await waitForCampaign(svc, a.key, campaignId)).status).toBe('WAITING_APPROVAL');
  }, 90_000);
  afterAll(async () => {
    await svc?.close();
    await smtp?.close();
  });

  it('shows prospects with reasons and drafts; approves some, then all; one send each', async () => {
    const br = new Browserish(svc.url);
    await br.signIn(a.key, 'Cara Campaigns');
    const list = await br.get('/console/campaigns');
    expect(list.html).toContain(`/console/campaigns/${campaignId}`);
    const page = await br.get(`/console/campaigns/${campaignId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('PLATFORM');
    expect(page.html).toContain('dropped');
    expect(page.html).toContain('To anna@alpha-blog.example');
    expect(page.html).toContain('To ben@beta.example');
    expect(page.html).not.toContain('<b>data-backed</b>');
    await screenshot(`${svc.url}/console/campaigns/${campaignId}`, br.cookies.get('lb_console')!);
    const ids = [...page.html.matchAll(/name="outreachIds" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);

    // CSRF-less → 403, nothing approved
    expect((await br.post(`/console/campaigns/${campaignId}/approve`, { action: 'all' }, { csrf: null })).status).toBe(403);
    // nothing selected → 400
    expect((await br.post(`/console/campaigns/${campaignId}/approve`, { action: 'selected' })).status).toBe(400);

    const body = new URLSearchParams({ action: 'selected', outreachIds: ids[0]! });
    const one = await br.post(`/console/campaigns/${campaignId}/approve`, Object.fromEntries(body));
    expect(one.status).toBe(303);
    expect((await br.get(one.location!)).html).toContain('Approved 1 email.');
    const { rows } = await svc.t.db.query<{ decided_by: unknown }>('select a.decided_by from approvals a join outreach_messages o on o.approval_id = a.id where o.id = $1', [ids[0]]);
    expect(rows[0]!.decided_by).toEqual({ channel: 'console', actor: 'Cara Campaigns' });
    await waitFor(() => smtp.received.length === 1, { what: 'the first approved email to be sent', timeoutMs: 20_000 });

    const all = await br.post(`/console/campaigns/${campaignId}/approve`, { action: 'all' });
    expect((await br.get(all.location!)).html).toContain('Approved 1 email.');
    await waitFor(() => smtp.received.length === 2, { what: 'the second approved email to be sent', timeoutMs: 20_000 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['anna@alpha-blog.example', 'ben@beta.example']);
    // approving again approves nothing and sends nothing
    await br.get(`/console/campaigns/${campaignId}`);
    const again = await br.post(`/console/campaigns/${campaignId}/approve`, { action: 'all' });
    expect((await br.get(again.location!)).html).toContain('Approved 0 emails.');
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received).toHaveLength(2);
  }, 60_000);

  it("answers another agency's campaign with a 404 page", async () => {
    const br = new Browserish(svc.url);
    await br.signIn(b.key, 'Nosy');
    expect((await br.get(`/console/campaigns/${campaignId}`)).status).toBe(404);
    expect((await br.post(`/console/campaigns/${campaignId}/approve`, { action: 'all' })).status).toBe(404);
    expect((await br.get('/console/campaigns')).html).not.toContain(campaignId);
  });
});
