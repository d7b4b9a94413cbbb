/**
 * The console over HTTP, as a browser without JavaScript would use it: sign in (API key, emailed link),
 * the session cookie's attributes, CSRF on every POST, decisions through the approval service (first
 * decision wins, decidedBy is the signed-in person), another agency's ids → 404, sign out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApproval } from '../../src/respond/approvals/db/approvals.ts';
import { decideApproval } from '../../src/respond/approvals/approval-service.ts';
import { enqueueWith } from '../../src/jobs/boss.ts';
import { waitFor } from '../support/wait-for.ts';
import { Browserish, DRAFT_TEXT, seedTenant, seedWaitingMessage, startConsoleHarness, type ConsoleHarness, type Tenant } from './harness.ts';

describe('console over HTTP (PostgreSQL, whole service)', () => {
  let h: ConsoleHarness;
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    h = await startConsoleHarness();
    a = await seedTenant(h, 'Agency A', 'alpha-blog.example', 'ana@agency-a.example');
    b = await seedTenant(h, 'Agency B', 'beta-blog.example', 'bo@agency-b.example');
  }, 60_000);
  afterAll(() => h?.close());

  it('sends pages that are not signed in to the sign-in page, which sets no session', async () => {
    const br = new Browserish(h.url);
    const r = await br.get('/console/approvals');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/console/sign-in');
    const page = await br.get('/console/sign-in');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="apiKey">API key</label>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*style-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/script-src|unsafe-inline/);
    expect(br.cookies.has('lb_console')).toBe(false);
  });

  it('refuses a wrong key, a missing name, and a sign-in POST without its CSRF field', async () => {
    const br = new Browserish(h.url);
    await br.get('/console/sign-in');
    expect((await br.post('/console/sign-in', { apiKey: 'lbk_nope', person: 'Ana' })).status).toBe(401);
    expect((await br.post('/console/sign-in', { apiKey: a.apiKey, person: ' ' })).status).toBe(400);
    expect((await br.post('/console/sign-in', { apiKey: a.apiKey, person: 'Ana' }, { csrf: null })).status).toBe(403);
    expect((await br.post('/console/sign-in', { apiKey: a.apiKey, person: 'Ana' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(br.cookies.has('lb_console')).toBe(false);
  });

  it('signs in with an API key: an HttpOnly SameSite=Strict cookie, stored hashed; decidedBy is the person', async () => {
    const br = new Browserish(h.url);
    await br.get('/console/sign-in');
    const res = await fetch(`${h.url}/console/sign-in`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...br.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: new URLSearchParams({ apiKey: a.apiKey, person: 'Ana Approver', csrf: br.lastCsrf! }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lb_console='))!;
    expect(cookie).toMatch(/; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const { rows } = await h.svc.t.db.query<{ token_hash: string; person: string }>('select token_hash, person from console_sessions');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(rows.some((r) => r.person === 'Ana Approver')).toBe(true);

    br.cookies.set('lb_console', token);
    // last use is recorded (at most once a minute): a session idle for an hour shows it on its next page
    await h.svc.t.db.query("update console_sessions set last_seen_at = now() - interval '1 hour' where person = 'Ana Approver'");
    const { approval } = await seedWaitingMessage(h, a);
    const page = await br.get('/console/approvals');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`id="${approval.id}"`);
    const approve = await br.post(`/console/approvals/${approval.id}`, { action: 'approve', text: DRAFT_TEXT, reason: '' });
    expect(approve.status).toBe(303);
    expect(approve.location).toBe(`/console/approvals?decided=${approval.id}`);
    expect(await getApproval(h.svc.t.db, approval.id)).toMatchObject({ status: 'APPROVED', editedText: null, decidedBy: { channel: 'console', actor: 'Ana Approver' } });
    expect((await br.get(approve.location!)).html).toContain('Approved: it will be sent.');
    const seen = await h.svc.t.db.query<{ idle: boolean }>("select last_seen_at > now() - interval '5 minutes' as idle from console_sessions where person = 'Ana Approver'");
    expect(seen.rows.every((r) => r.idle)).toBe(true);
  });

  it('refuses a POST without the CSRF field or from another origin: nothing changes', async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const { approval } = await seedWaitingMessage(h, a);
    expect((await br.post(`/console/approvals/${approval.id}`, { action: 'approve' }, { csrf: null })).status).toBe(403);
    expect((await br.post(`/console/approvals/${approval.id}`, { action: 'approve' }, { csrf: 'forged' })).status).toBe(403);
    expect((await br.post(`/console/approvals/${approval.id}`, { action: 'approve' }, { origin: 'https://evil.example' })).status).toBe(403);
    // another session's field does not fit this session
    const other = new Browserish(h.url);
    await other.signIn(a.apiKey, 'Bo');
    expect((await br.post(`/console/approvals/${approval.id}`, { action: 'approve' }, { csrf: other.lastCsrf })).status).toBe(403);
    expect((await getApproval(h.svc.t.db, approval.id))!.status).toBe('PENDING');
  });

  it("answers another agency's approval with a 404 page and leaves it pending", async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const { approval } = await seedWaitingMessage(h, b);
    expect((await br.get('/console/approvals')).html).not.toContain(approval.id);
    const r = await br.post(`/console/approvals/${approval.id}`, { action: 'reject', reason: 'not ours' });
    expect(r.status).toBe(404);
    expect(r.html).toContain('Not found');
    expect((await getApproval(h.svc.t.db, approval.id))!.status).toBe('PENDING');
  });

  it('rejects with a reason; a stale page says it was already decided, and the first decision stands', async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const { approval } = await seedWaitingMessage(h, a);
    await br.get('/console/approvals');
    // decided elsewhere (the API) while the page is open
    await decideApproval(h.svc.t.db, { approvalId: approval.id, action: 'reject', by: { channel: 'api', actor: `api:${a.agencyId}` }, reason: 'too pricey', now: new Date() }, enqueueWith(h.svc.service.boss));
    const stale = await br.post(`/console/approvals/${approval.id}`, { action: 'approve', text: DRAFT_TEXT });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain(`already rejected by api:${a.agencyId} via the API`);
    expect(await getApproval(h.svc.t.db, approval.id)).toMatchObject({ status: 'REJECTED', rejectReason: 'too pricey' });

    const { approval: next } = await seedWaitingMessage(h, a);
    await br.get('/console/approvals');
    const r = await br.post(`/console/approvals/${next.id}`, { action: 'reject', reason: 'We only do link insertions' });
    expect(r.status).toBe(303);
    expect(await getApproval(h.svc.t.db, next.id)).toMatchObject({ status: 'REJECTED', rejectReason: 'We only do link insertions', decidedBy: { channel: 'console', actor: 'Ana' } });
  });

  it('rejects and asks for a new draft; an expired approval answers that nothing was sent', async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const { approval, inboundId } = await seedWaitingMessage(h, a);
    await br.get('/console/approvals');
    expect((await br.post(`/console/approvals/${approval.id}`, { action: 'redraft', reason: 'Ask for $350 instead' })).status).toBe(303);
    expect(await getApproval(h.svc.t.db, approval.id)).toMatchObject({ status: 'REJECTED', rejectReason: 'Ask for $350 instead' });
    const denied = await h.svc.t.db.query<{ metadata: Record<string, unknown> }>("select metadata from events where type = 'APPROVAL_DENIED' and metadata->>'approvalId' = $1", [approval.id]);
    expect(denied.rows[0]!.metadata).toMatchObject({ redraft: true, reason: 'Ask for $350 instead', decidedBy: { channel: 'console', actor: 'Ana' } });
    // the gates step drafts again and asks for a new approval
    await waitFor(async () => (await h.svc.t.db.query("select 1 from approvals where inbound_id = $1 and status = 'PENDING'", [inboundId])).rows.length === 1,
      { what: 'a new approval for the redraft', timeoutMs: 20_000 });

    const old = await seedWaitingMessage(h, a, { createdAt: new Date(Date.now() - 73 * 3_600_000) });
    await br.get('/console/approvals');
    const late = await br.post(`/console/approvals/${old.approval.id}`, { action: 'approve' });
    expect(late.status).toBe(409);
    expect(late.html).toContain('expired');
    expect((await getApproval(h.svc.t.db, old.approval.id))!.status).toBe('EXPIRED');
  });

  it('runs the draft checks on an edited text: a placeholder is refused until fixed or approved anyway', async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const { approval } = await seedWaitingMessage(h, a);
    await br.get('/console/approvals');
    const edited = 'Hi [NAME],\n\nThanks. See https://unknown-site.example/page for details.\n\nBest,\nAlex';
    const refused = await br.post(`/console/approvals/${approval.id}`, { action: 'approve', text: edited });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('draft-no-placeholders');
    expect(refused.html).toContain('draft-links-known');
    expect(refused.html).toContain('Approve anyway');
    expect((await getApproval(h.svc.t.db, approval.id))!.status).toBe('PENDING');
    const anyway = await br.post(`/console/approvals/${approval.id}`, { action: 'approve-anyway', text: edited });
    expect(anyway.status).toBe(303);
    expect(await getApproval(h.svc.t.db, approval.id)).toMatchObject({ status: 'APPROVED', editedText: edited });
    // the override is on the record: which checks the approver read and overrode
    const granted = await h.svc.t.db.query<{ metadata: { overriddenChecks?: Array<{ gate: string }> } }>(
      "select metadata from events where type = 'APPROVAL_GRANTED' and metadata->>'approvalId' = $1", [approval.id]);
    expect(granted.rows[0]!.metadata.overriddenChecks?.map((c) => c.gate).sort()).toEqual(['draft-links-known', 'draft-no-placeholders']);
  });

  it('emails a one-time sign-in link to an approver; the GET only shows, the POST signs in once', async () => {
    const br = new Browserish(h.url);
    await br.get('/console/sign-in');
    const before = h.smtp.messages.length;
    const asked = await br.post('/console/sign-in/email', { email: 'ANA@agency-a.example' });
    expect(asked.status).toBe(200);
    const nobody = await br.post('/console/sign-in/email', { email: 'stranger@else.example' });
    // the same answer for an address that approves nothing; no email
    expect(nobody.html.replace('stranger@else.example', 'X')).toContain('If X approves for a workspace');
    // (approval request emails to the same approvers arrive in the same sink: pick the sign-in email)
    const signInMails = () => h.smtp.messages.slice(before).filter((m) => m.subject === 'Sign in to the Agency A console');
    await waitFor(async () => signInMails().length > 0, { what: 'the sign-in email' });
    const mail = signInMails()[0]!;
    expect(mail.to.toLowerCase()).toContain('ana@agency-a.example');
    expect(h.smtp.messages.slice(before).some((m) => m.to.includes('stranger'))).toBe(false);
    const link = /https?:\/\/\S+\/console\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const path = new URL(link).pathname;

    const fresh = new Browserish(h.url);
    const shown = await fresh.get(path);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('ANA@agency-a.example');
    expect(fresh.cookies.has('lb_console')).toBe(false);
    const used = await fresh.post(path, {});
    expect(used.status).toBe(303);
    expect(fresh.cookies.has('lb_console')).toBe(true);
    const { approval } = await seedWaitingMessage(h, a);
    expect((await fresh.get('/console/approvals')).html).toContain(approval.id);
    await fresh.post(`/console/approvals/${approval.id}`, { action: 'reject', reason: 'no' });
    expect((await getApproval(h.svc.t.db, approval.id))!.decidedBy).toEqual({ channel: 'console', actor: 'ANA@agency-a.example' });

    // single use
    const again = new Browserish(h.url);
    expect((await again.get(path)).status).toBe(404);
  });

  it('signs out: the session is revoked server-side, the old cookie no longer works', async () => {
    const br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
    const token = br.cookies.get('lb_console')!;
    const out = await br.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(br.cookies.has('lb_console')).toBe(false);
    br.cookies.set('lb_console', token);
    expect((await br.get('/console/approvals')).status).toBe(303);
  });
});
