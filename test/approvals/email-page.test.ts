import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyApprovers } from '../../src/respond/approvals/approval-notifier.ts';
import { getApproval } from '../../src/respond/approvals/db/approvals.ts';
import { hashApprovalToken } from '../../src/respond/approvals/approval-token.ts';
import { ALLOWED_SLACK_USER, DRAFT_TEXT, eventsOf, jobsIn, QUEUES, seedTenant, seedWaitingMessage, startHarness, type Harness, type Tenant } from './harness.ts';
import { linkIn, openPage, submitPage } from './page-client.ts';
import { api, postSlack, slackPayload } from './http-client.ts';

describe('emailed approval links and the approval page', () => {
  let h: Harness;
  let tenant: Tenant;
  beforeAll(async () => {
    h = await startHarness();
    tenant = await seedTenant(h, 'Agency Mail', 'mail-partner.example');
  });
  afterAll(async () => h.close());

  /** A waiting message, notified; returns the two approvers' links. */
  async function notified(opts: { ttlMs?: number; now?: Date } = {}) {
    const seeded = await seedWaitingMessage(h, tenant, opts);
    const before = h.smtp.messages.length;
    await notifyApprovers(h.notifyDeps, seeded.approval.id);
    const mails = (await h.smtp.waitForCount(before + 2)).slice(before);
    const byTo = (to: string) => linkIn(mails.find((m) => m.envelopeTo.includes(to))!);
    return { ...seeded, mails, ana: byTo('ana@agency.example'), bo: byTo('bo@agency.example') };
  }

  it('each approver gets a personal link; only the SHA-256 of each token is stored; a retry emails nobody twice', async () => {
    const { approval, mails, ana, bo } = await notified();
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('Approval needed: reply to mail-partner.example'), expect.anything()]);
    expect(mails[0]!.text).toContain(DRAFT_TEXT.split('\n')[2]);
    expect(ana).not.toBe(bo);
    const token = ana.split('/').at(-1)!;
    const { rows } = await h.t.db.query<Record<string, unknown>>('select * from approval_links where approval_id = $1', [approval.id]);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r['token_hash'])).toContain(hashApprovalToken(token));
    const dump = JSON.stringify((await h.t.db.query('select * from approval_links')).rows) + JSON.stringify((await h.t.db.query('select * from approvals')).rows);
    expect(dump).not.toContain(token);
    const count = h.smtp.messages.length;
    expect((await notifyApprovers(h.notifyDeps, approval.id)).emailed).toEqual([]);
    expect(h.smtp.messages.length).toBe(count);
  });

  it('GET shows partner, DR, classification, gate reasons and the draft, escaped, and changes nothing', async () => {
    const { approval, ana } = await notified();
    for (let i = 0; i < 3; i++) {
      const page = await openPage(ana);
      expect(page.status).toBe(200);
      expect(page.html).toContain('mail-partner.example');
      expect(page.html).toContain('57');
      expect(page.html).toContain('PRICE_QUOTE (93%)');
      expect(page.html).toContain('GUEST_POST offer of 450 USD has no ceiling set');
      expect(page.html).toContain('We would like to go ahead with the guest post.');
      expect(page.html).toContain('Ignore &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot;.');
      expect(page.html).not.toContain('<b>this</b>');
      expect(page.headers.get('set-cookie')).toMatch(/^apr_csrf=[\w-]+; Path=\/approve; HttpOnly; SameSite=Strict/);
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    const stored = (await getApproval(h.t.db, approval.id))!;
    expect(stored.status).toBe('PENDING');
    expect((await h.t.db.query('select 1 from approval_links where approval_id = $1 and used_at is not null', [approval.id])).rowCount).toBe(0);
    expect((await eventsOf(h, approval.id)).map((e) => e.type)).toEqual(['APPROVAL_REQUESTED']);
  });

  it('CSRF: no cookie, a wrong field, another link’s field or a foreign Origin → 403, nothing decided', async () => {
    const { approval, ana, bo } = await notified();
    const page = await openPage(ana);
    const other = await openPage(bo, page.cookie!);
    const base = { action: 'approve', text: DRAFT_TEXT };
    expect((await submitPage(ana, { ...base, csrf: page.csrf! })).status).toBe(403);
    expect((await submitPage(ana, { ...base, csrf: 'x'.repeat(43) }, { cookie: page.cookie })).status).toBe(403);
    expect((await submitPage(ana, { ...base, csrf: other.csrf! }, { cookie: page.cookie })).status).toBe(403);
    expect((await submitPage(ana, base, { cookie: page.cookie })).status).toBe(403);
    expect((await submitPage(ana, { ...base, csrf: page.csrf! }, { cookie: page.cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await getApproval(h.t.db, approval.id))!.status).toBe('PENDING');
  });

  it('approve with an edit through the page; the link is then spent and every link shows who decided', async () => {
    const { approval, inboundId, ana, bo } = await notified();
    const page = await openPage(ana);
    const edited = 'Hi Sam,\n\nThanks! $400 would work for us.\n\nBest,\nAlex';
    const res = await submitPage(ana, { action: 'approve', text: edited.replace(/\n/g, '\r\n'), reason: '', csrf: page.csrf! }, { cookie: page.cookie, origin: h.url });
    expect(res.status).toBe(200);
    expect(res.html).toContain('Approved with your edits');
    const stored = (await getApproval(h.t.db, approval.id))!;
    expect(stored).toMatchObject({ status: 'APPROVED', editedText: edited, decidedBy: { channel: 'email', actor: 'ana@agency.example' } });
    expect((await h.t.db.query('select 1 from approval_links where token_hash = $1 and used_at is not null', [hashApprovalToken(ana.split('/').at(-1)!)])).rowCount).toBe(1);

    const reuse = await submitPage(ana, { action: 'reject', reason: 'oops', csrf: page.csrf! }, { cookie: page.cookie });
    expect(reuse.status).toBe(409);
    const boPage = await openPage(bo);
    expect(boPage.html).toContain('approved by ana@agency.example via the emailed link');
    expect(boPage.csrf).toBeNull();
    const grants = (await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED');
    expect(grants).toHaveLength(1);
    expect(grants[0]!.metadata['diff']).toEqual(expect.arrayContaining(['- Thanks for the quote. We would like to go ahead with the guest post.', '+ Thanks! $400 would work for us.', '  Hi Sam,']));
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toEqual([{ inboundId, approvalId: approval.id }]);
  });

  it('reject with a reason through the page', async () => {
    const { approval, bo } = await notified();
    const page = await openPage(bo);
    const res = await submitPage(bo, { action: 'reject', text: DRAFT_TEXT, reason: 'Please redraft: offer $300', csrf: page.csrf! }, { cookie: page.cookie });
    expect(res.status).toBe(200);
    expect(await getApproval(h.t.db, approval.id)).toMatchObject({ status: 'REJECTED', rejectReason: 'Please redraft: offer $300', decidedBy: { actor: 'bo@agency.example' } });
  });

  it('unknown and malformed tokens are a 404; an expired approval shows as expired and refuses a POST', async () => {
    expect((await openPage(`${h.url}/approve/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await openPage(`${h.url}/approve/short`)).status).toBe(404);
    const { approval, ana } = await notified({ ttlMs: 3600_000 });
    const page = await openPage(ana);
    expect(page.csrf).not.toBeNull();
    const realNow = h.clock.now;
    h.clock.now = new Date(realNow.getTime() + 2 * 3600_000);
    try {
      const later = await openPage(ana);
      expect(later.html).toContain('This approval has expired; nothing will be sent.');
      expect(later.csrf).toBeNull();
      const res = await submitPage(ana, { action: 'approve', text: DRAFT_TEXT, csrf: page.csrf! }, { cookie: page.cookie });
      expect(res.status).toBe(409);
      expect(res.html).toContain('expired');
    } finally {
      h.clock.now = realNow;
    }
    expect((await eventsOf(h, approval.id)).map((e) => e.type)).toEqual(['APPROVAL_REQUESTED']);
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toHaveLength(0);
  });

  it('a reminder emails fresh links that work too', async () => {
    const { approval, ana } = await notified();
    const before = h.smtp.messages.length;
    await notifyApprovers(h.notifyDeps, approval.id, 'reminder');
    const reminders = (await h.smtp.waitForCount(before + 2)).slice(before);
    expect(reminders[0]!.subject).toMatch(/^Reminder: /);
    const fresh = linkIn(reminders[0]!);
    expect(fresh).not.toBe(ana);
    expect((await openPage(fresh)).csrf).not.toBeNull();
  });

  it('first decision wins across the API, Slack and both emailed links racing', async () => {
    for (let round = 0; round < 6; round++) {
      const { approval, ana, bo } = await notified();
      const [pa, pb] = await Promise.all([openPage(ana), openPage(bo)]);
      const results = await Promise.all([
        api(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/approve`, tenant.apiKey, {}).then((r) => r.status),
        postSlack(h.url, slackPayload({ approvalId: approval.id, action: 'reject', userId: ALLOWED_SLACK_USER })).then((r) => (String(r.body['text']).startsWith('Nothing changed') ? 409 : r.status)),
        submitPage(ana, { action: 'approve', text: `${DRAFT_TEXT}\nP.S. edited`, csrf: pa.csrf! }, { cookie: pa.cookie }).then((r) => r.status),
        submitPage(bo, { action: 'reject', reason: 'no', csrf: pb.csrf! }, { cookie: pb.cookie }).then((r) => r.status),
      ]);
      expect(results.filter((s) => s === 200), `round ${round}: ${results.join(',')}`).toHaveLength(1);
      expect(results.filter((s) => s === 409)).toHaveLength(3);
      const decisions = (await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED' || e.type === 'APPROVAL_DENIED');
      expect(decisions).toHaveLength(1);
      const respondJobs = await jobsIn(h, QUEUES.respond, { approvalId: approval.id });
      expect(respondJobs).toHaveLength(decisions[0]!.type === 'APPROVAL_GRANTED' ? 1 : 0);
    }
  });
});
