/**
 * The emailed approval page in a real headless Chromium (Debian's /usr/bin/chromium via playwright-core):
 * open the link from the email, read the draft and the gate reasons, edit the draft, approve.
 * `.ci/install-chromium` installs the browser; without it this file is skipped, saying so.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { notifyApprovers } from '../../src/respond/approvals/approval-notifier.ts';
import { getApproval } from '../../src/respond/approvals/db/approvals.ts';
import { eventsOf, inboundState, jobsIn, QUEUES, seedTenant, seedWaitingMessage, startHarness, type Harness } from './harness.ts';
import { linkIn } from './page-client.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`approval page browser test skipped: ${CHROMIUM} is missing (run .ci/install-chromium)`);

describe.skipIf(!hasChromium)('approval page in headless Chromium', () => {
  let h: Harness;
  let browser: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    h = await startHarness();
    profile = mkdtempSync(join(tmpdir(), 'approval-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 390, height: 844 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.close();
  });

  it('opens the emailed link, edits the draft, approves: one APPROVAL_GRANTED and one respond job', async () => {
    const tenant = await seedTenant(h, 'Agency Browser', 'browser-partner.example');
    const { approval, inboundId } = await seedWaitingMessage(h, tenant);
    await notifyApprovers(h.notifyDeps, approval.id);
    const mail = (await h.smtp.waitForCount(2)).find((m) => m.envelopeTo.includes('ana@agency.example'))!;
    const link = linkIn(mail);

    const page = await browser.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Reply to browser-partner.example');
    const body = await page.locator('body').innerText();
    expect(body).toContain('GUEST_POST offer of 450 USD has no ceiling set');
    expect(body).toContain('PRICE_QUOTE is not in autoReplyIntents');
    expect(await page.locator('textarea#text').inputValue()).toContain('We would like to go ahead with the guest post.');
    expect((await getApproval(h.t.db, approval.id))!.status).toBe('PENDING');

    mkdirSync('/work/main/.tmp', { recursive: true });
    await page.screenshot({ path: '/work/main/.tmp/approval-page.png', fullPage: true });

    const edited = 'Hi Sam,\n\nThanks for the quote. Could you do $400 for the guest post?\n\nBest,\nAlex';
    await page.locator('textarea#text').fill(edited);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Approve and send' }).click()]);
    await page.getByText('Approved with your edits').waitFor();

    expect(await getApproval(h.t.db, approval.id)).toMatchObject({ status: 'APPROVED', editedText: edited, decidedBy: { channel: 'email', actor: 'ana@agency.example' } });
    expect((await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED')).toHaveLength(1);
    expect(await jobsIn(h, QUEUES.respond)).toEqual([{ inboundId, approvalId: approval.id }]);
    expect((await inboundState(h, inboundId)).draft).toMatchObject({ text: edited });

    // going back and submitting again changes nothing
    await page.goto(link);
    expect(await page.locator('body').innerText()).toContain('approved by ana@agency.example');
    expect(await page.locator('textarea#text').count()).toBe(0);
    expect((await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED')).toHaveLength(1);
  });
});
