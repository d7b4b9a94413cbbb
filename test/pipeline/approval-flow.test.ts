import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startService, type RunningService } from '../../src/service.ts';
import { fakeEmail, fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { startFakeSlack, type FakeSlackServer } from '../fakes/slack-server.ts';
import { postSlack, slackPayload } from '../approvals/http-client.ts';
import { SIGNING_SECRET } from '../approvals/harness.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN, seedAgency } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { httpCaller } from '../support/http-call.ts';

type Row = Record<string, unknown>;

/**
 * Issue 5's "done when", through the whole service: a price quote arrives by Instantly webhook, waits
 * for approval, an approver approves it in Slack, and exactly one reply goes out through Instantly's
 * reply API in the same thread; an unsubscribe blocks every agency's sends, including approved ones.
 */
describe('approve in Slack → one reply through Instantly', () => {
  let t: TestDb;
  let svc: RunningService;
  let instantly: FakeInstantlyServer;
  let slack: FakeSlackServer;
  let s: Awaited<ReturnType<typeof seedAgency>>;
  let n = 0;

  const http = httpCaller(() => `http://127.0.0.1:${svc.port}`);
  const call = <T = Row>(method: string, path: string, body?: unknown, token: string = s?.key) => http<T>(method, path, { body, token });
  const webhook = async (lead: string, text: string, ws = s.ws1, secret = s.ws1Secret) => {
    const id = `flow-email-${n++}`;
    // Instantly knows the email: enrichment reads its Message-ID and thread, the reply API answers it
    instantly.emails.push(fakeEmail({ id, subject: 'Re: Guest post on your blog', body: { text, html: null }, from_address_email: lead, lead, eaccount: 'alex@agency.example' }));
    const r = await fetch(`http://127.0.0.1:${svc.port}/v1/webhooks/instantly/${ws}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
      body: JSON.stringify({ event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: lead, email_id: id, email_account: 'alex@agency.example', reply_subject: 'Re: Guest post on your blog', reply_text: text }),
    });
    expect(r.status).toBe(202);
    return { inboundId: await inboundOfEmail(t.db, ws, id), emailId: id };
  };
  const inbound = async (id: string) => (await call<Row & { decision: { approvalId: string | null; action: string } }>('GET', `/v1/link-building/inbound/${id}`)).body;

  beforeAll(async () => {
    instantly = await startFakeInstantly({ apiKey: 'inst-key' });
    slack = await startFakeSlack('xoxb-flow');
    t = await createTestDb('postgres');
    svc = await startService(loadConfig({
      DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN, SECRET_KEY: 'f'.repeat(40), LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      INSTANTLY_API_KEY: 'inst-key', INSTANTLY_BASE_URL: instantly.baseURL,
      SLACK_BOT_TOKEN: 'xoxb-flow', SLACK_API_URL: slack.apiUrl, SLACK_SIGNING_SECRET: SIGNING_SECRET, PUBLIC_URL: 'http://127.0.0.1:1',
    }));
    s = await seedAgency({ call: (m: string, p: string, o: { token?: string; body?: unknown } = {}) => call(m, p, o.body, o.token ?? s?.key) } as never, 'Flow Agency');
    await call('PUT', `/v1/admin/workspaces/${s.ws1}/approvers`, { emails: [], slackChannelId: 'C0APPROVALS', slackUserIds: ['U0ALLOWED1'] }, ADMIN_TOKEN);
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
    await instantly?.close();
    await slack?.close();
  });

  it('a price quote waits; the Slack approval sends exactly one reply in the thread', async () => {
    const { inboundId, emailId } = await webhook('ed@quoteblog.example', 'Hello! We charge $300 for a sponsored guest post. Let me know.');
    await waitFor(async () => (await inbound(inboundId)).status === 'WAITING_APPROVAL', { what: 'waiting for approval', timeoutMs: 20_000 });
    const m = await inbound(inboundId);
    const approvalId = m.decision.approvalId!;
    await slack.waitFor((calls) => calls.some((c) => c.path.endsWith('/chat.postMessage')), 15_000);
    const posted = slack.calls.find((c) => c.path.endsWith('/chat.postMessage'))!;
    expect(JSON.stringify(posted.body)).toContain(approvalId);

    // two approvers click at once: one decision wins
    const [a, b] = await Promise.all([
      postSlack(`http://127.0.0.1:${svc.port}`, slackPayload({ approvalId, action: 'approve', userId: 'U0ALLOWED1', responseUrl: slack.responseUrl })),
      postSlack(`http://127.0.0.1:${svc.port}`, slackPayload({ approvalId, action: 'approve', userId: 'U0ALLOWED1', responseUrl: slack.responseUrl })),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await waitFor(async () => (await inbound(inboundId)).status === 'SENT', { what: 'the approved reply to be sent', timeoutMs: 20_000 });
    expect(instantly.replies).toHaveLength(1);
    expect(instantly.replies[0]).toMatchObject({ reply_to_uuid: emailId, eaccount: 'alex@agency.example', subject: 'Re: Guest post on your blog' });
    const events = (await call<{ data: Array<{ type: string }> }>('GET', `/v1/link-building/crm/event?relationshipId=${m.relationshipId as string}`)).body.data.map((e) => e.type);
    expect(events.filter((e) => e === 'APPROVAL_GRANTED')).toHaveLength(1);
    expect(events.filter((e) => e === 'EMAIL_SENT')).toHaveLength(1);
    // enrichment gave the message its real Message-ID and thread before classification
    expect((await inbound(inboundId)).messageId).toBe(`<${emailId}@blog.example>`);
  }, 60_000);

  it('an unsubscribe from another agency’s thread blocks a send that was already approved', async () => {
    const { inboundId } = await webhook('owner@sharedblog.example', 'Our rate for a link insertion is €90.');
    await waitFor(async () => (await inbound(inboundId)).status === 'WAITING_APPROVAL', { what: 'waiting for approval', timeoutMs: 20_000 });
    const approvalId = (await inbound(inboundId)).decision.approvalId!;
    // pause sending, approve, then the partner unsubscribes through another agency before the send runs
    await svc.boss.offWork('pipeline.respond');
    const approve = await call('POST', `/v1/link-building/approvals/${approvalId}/approve`, {});
    expect(approve.status).toBe(200);
    const other = await call<{ id: string }>('POST', '/v1/admin/agencies', { name: 'Other agency' }, ADMIN_TOKEN);
    const ows = await call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { agencyId: other.body.id, name: 'Other client' }, ADMIN_TOKEN);
    const otherHook = (body: Row) => fetch(`http://127.0.0.1:${svc.port}/v1/webhooks/instantly/${ows.body.id}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': ows.body.webhookSecret }, body: JSON.stringify(body),
    });
    // the other agency really emailed the partner (its thread is the evidence that makes the unsubscribe shared)
    instantly.emails.push(fakeSentEmail('other-sent-1', 'owner@sharedblog.example')); // Instantly confirms the send
    await otherHook({ event_type: 'email_sent', timestamp: new Date().toISOString(), lead_email: 'owner@sharedblog.example', email_id: 'other-sent-1' });
    await waitFor(async () => !!(await svc.db.query(`select 1 from events where workspace_id = $1 and type = 'EMAIL_SENT'`, [ows.body.id])).rows.length, { what: "the other agency's send" });
    await otherHook({ event_type: 'lead_unsubscribed', timestamp: new Date().toISOString(), lead_email: 'owner@sharedblog.example' });
    const before = instantly.replies.length;
    const { registerStep } = await import('../../src/jobs/run-step.ts');
    const { respondStep } = await import('../../src/respond/respond-step.ts');
    await registerStep({ db: svc.db, boss: svc.boss, log: svc.log }, 'pipeline.respond', respondStep({ db: svc.db, now: () => new Date(), senderFor: async () => { throw new Error('no sender may be asked'); } }));
    await waitFor(async () => (await inbound(inboundId)).status === 'FAILED', { what: 'the blocked send', timeoutMs: 20_000 });
    expect(instantly.replies.length).toBe(before);
  }, 60_000);
});
