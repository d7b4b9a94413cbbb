import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleNotifyJob, notifyApprovers } from '../../src/respond/approvals/approval-notifier.ts';
import { decideApproval } from '../../src/respond/approvals/approval-service.ts';
import { getApproval } from '../../src/respond/approvals/db/approvals.ts';
import { computeSlackSignature } from '../../src/respond/approvals/slack-signature.ts';
import { ALLOWED_SLACK_USER, SIGNING_SECRET, eventsOf, jobsIn, QUEUES, SLACK_CHANNEL, seedTenant, seedWaitingMessage, startHarness, type Harness, type Tenant } from './harness.ts';
import { postSlack, slackPayload } from './http-client.ts';

describe('Slack approvals against a local fake over HTTP', () => {
  let h: Harness;
  let tenant: Tenant;
  beforeAll(async () => {
    h = await startHarness();
    tenant = await seedTenant(h, 'Agency Slack', 'slack-partner.example');
  });
  afterAll(async () => h.close());

  it('the notifier posts the Block Kit request with the bot token and stores channel and ts; a retry does not post twice', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    const before = h.slack.callsTo('/api/chat.postMessage').length;
    const report = await notifyApprovers(h.notifyDeps, approval.id);
    expect(report.slack).toBe('posted');
    const post = h.slack.callsTo('/api/chat.postMessage').at(-1)!;
    expect(post.headers.authorization).toBe(`Bearer ${h.slack.botToken}`);
    expect(post.body['channel']).toBe(SLACK_CHANNEL);
    const blocks = JSON.stringify(post.body['blocks']);
    expect(blocks).toContain('price-ceiling');
    expect(blocks).toContain('"action_id":"approve"');
    expect(blocks).toContain(`"value":"${approval.id}"`);
    const stored = (await getApproval(h.t.db, approval.id))!;
    expect(stored.slackChannel).toBe(SLACK_CHANNEL);
    expect(stored.slackTs).toMatch(/^1700000000\.\d+$/);
    expect((await notifyApprovers(h.notifyDeps, approval.id)).slack).toBe('already-posted');
    expect(h.slack.callsTo('/api/chat.postMessage').length).toBe(before + 1);
  });

  it('a bad or stale signature is a 401 and decides nothing', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    const body = slackPayload({ approvalId: approval.id, action: 'approve', userId: ALLOWED_SLACK_USER });
    expect((await postSlack(h.url, body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await postSlack(h.url, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    // a body changed after signing
    const ts = Math.floor(Date.now() / 1000);
    expect((await postSlack(h.url, `${body}&x=1`, { timestamp: ts, signature: computeSlackSignature(SIGNING_SECRET, String(ts), body) })).status).toBe(401);
    const unsigned = await fetch(`${h.url}/v1/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(unsigned.status).toBe(401);
    expect((await getApproval(h.t.db, approval.id))!.status).toBe('PENDING');
  });

  it('a user who is not an allowed approver gets an ephemeral "not allowed" and nothing is decided', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    const res = await postSlack(h.url, slackPayload({ approvalId: approval.id, action: 'approve', userId: 'U0INTRUDER', responseUrl: h.slack.responseUrl }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('not allowed') });
    await h.slack.waitFor((calls) => calls.some((c) => c.path.startsWith('/respond/') && String(c.body['text']).includes('not allowed')));
    expect((await getApproval(h.t.db, approval.id))!.status).toBe('PENDING');
    expect((await eventsOf(h, approval.id)).map((e) => e.type)).toEqual(['APPROVAL_REQUESTED']);
  });

  it('an allowed user approves: answered at once, one APPROVAL_GRANTED, one respond job, chat.update shows who decided', async () => {
    const { approval, inboundId } = await seedWaitingMessage(h, tenant);
    await notifyApprovers(h.notifyDeps, approval.id);
    const ts = (await getApproval(h.t.db, approval.id))!.slackTs!;
    const started = Date.now();
    const res = await postSlack(h.url, slackPayload({ approvalId: approval.id, action: 'approve', userId: ALLOWED_SLACK_USER, ts }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(res.body['text']).toMatch(/^Approved/);
    await h.slack.waitFor((calls) => calls.some((c) => c.path === '/api/chat.update' && c.body['ts'] === ts));
    const update = h.slack.callsTo('/api/chat.update').find((c) => c.body['ts'] === ts)!;
    expect(update.body['channel']).toBe(SLACK_CHANNEL);
    const updated = JSON.stringify(update.body['blocks']);
    expect(updated).toContain(`<@${ALLOWED_SLACK_USER}>`);
    expect(updated).toContain('Approved');
    expect(updated).not.toContain('"action_id":"approve"');
    expect((await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED')).toHaveLength(1);
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toEqual([{ inboundId, approvalId: approval.id }]);

    // a second click (another approver, or a double click): nothing changes, the clicker hears why
    const again = await postSlack(h.url, slackPayload({ approvalId: approval.id, action: 'reject', userId: ALLOWED_SLACK_USER, ts, responseUrl: h.slack.responseUrl }));
    expect(again.body['text']).toMatch(/^Nothing changed: already approved by Slack user U0ALLOWED1 via Slack at /);
    expect((await eventsOf(h, approval.id)).filter((e) => e.type !== 'APPROVAL_REQUESTED')).toHaveLength(1);
  });

  it('a malformed payload with a valid signature is a 400; an unknown action type is acknowledged and ignored', async () => {
    expect((await postSlack(h.url, 'payload=%7Bnot-json')).status).toBe(400);
    const other = new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', user: { id: ALLOWED_SLACK_USER } }) }).toString();
    expect(await postSlack(h.url, other)).toMatchObject({ status: 200, body: { ignored: 'unsupported-type' } });
  });

  it('a decision made elsewhere (API) updates the Slack message through the notify job; a late request notification posts nothing', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    await notifyApprovers(h.notifyDeps, approval.id);
    const ts = (await getApproval(h.t.db, approval.id))!.slackTs!;
    await decideApproval(h.t.db, { approvalId: approval.id, action: 'reject', by: { channel: 'api', actor: `api:${tenant.agencyId}` }, reason: 'Too pricey', now: new Date() }, h.enqueue);
    expect(await jobsIn(h, QUEUES.approvalsNotify, { approvalId: approval.id, kind: 'decided' })).toHaveLength(1);
    await handleNotifyJob(h.notifyDeps, { approvalId: approval.id, kind: 'decided' });
    await handleNotifyJob(h.notifyDeps, { approvalId: approval.id, kind: 'decided' }); // at least once: harmless
    const updates = h.slack.callsTo('/api/chat.update').filter((c) => c.body['ts'] === ts);
    expect(updates).toHaveLength(2);
    expect(JSON.stringify(updates[0]!.body['blocks'])).toMatch(/Rejected.*via api.*Too pricey/);

    const { approval: late } = await seedWaitingMessage(h, tenant);
    await decideApproval(h.t.db, { approvalId: late.id, action: 'approve', by: { channel: 'api', actor: 'x' }, now: new Date() }, h.enqueue);
    const posts = h.slack.callsTo('/api/chat.postMessage').length;
    const mails = h.smtp.messages.length;
    expect(await notifyApprovers(h.notifyDeps, late.id)).toMatchObject({ slack: 'skipped', emailed: [], skipped: ['approval is APPROVED'] });
    expect(h.slack.callsTo('/api/chat.postMessage').length).toBe(posts);
    expect(h.smtp.messages.length).toBe(mails);
  });

  it('without SMTP or PUBLIC_URL the email part is skipped and recorded; Slack alone still works; a reminder goes to the thread', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    const report = await notifyApprovers({ ...h.notifyDeps, mailer: null }, approval.id);
    expect(report).toMatchObject({ slack: 'posted', emailed: [], skipped: ['email: SMTP_URL not set'] });
    const stored = (await getApproval(h.t.db, approval.id))!;
    expect(stored.notified['request']).toMatchObject({ slack: 'posted', skipped: ['email: SMTP_URL not set'] });
    await notifyApprovers({ ...h.notifyDeps, publicUrl: null }, approval.id, 'reminder');
    const reminder = h.slack.callsTo('/api/chat.postMessage').at(-1)!;
    expect(reminder.body).toMatchObject({ channel: SLACK_CHANNEL, thread_ts: stored.slackTs });
    expect(String(reminder.body['text'])).toMatch(/^:alarm_clock: Reminder/);
  });
});
