/**
 * Issue 11, "Logs": what an operator reads. The whole service runs on PostgreSQL with its log captured:
 * refused webhooks leave a warn line (never the secret), every request an access line with its request
 * id (echoed in the header and in error bodies), a reply leaves one info line per step
 * (ingested → classified → decided → sent), times are ISO-8601, and no credential is ever written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from '../pipeline/instantly-harness.ts';

type Line = Record<string, unknown> & { level: number; time: string; msg: string };

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_KEY = 'f'.repeat(40);

describe('logs (PostgreSQL, the whole service)', () => {
  const raw: string[] = [];
  const lines = (): Line[] => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  let h: InstantlyHarness;
  let base = '';
  beforeAll(async () => {
    h = await startInstantlyHarness({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (s: string) => void raw.push(s) } });
    base = `http://127.0.0.1:${h.services[0]!.port}`;
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7 });
  }, 60_000);
  afterAll(() => h?.close());

  const webhook = (ws: string, secret: string | null) =>
    fetch(`${base}/v1/webhooks/instantly/${ws}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-webhook-secret': secret }) },
      body: JSON.stringify({ event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: 'x@y.example', email_id: 'e1', reply_text: 'hi' }),
    });

  it('a refused webhook or Slack request leaves a warn line with the reason and never the secret given', async () => {
    expect((await webhook(h.s.ws1, 'wrong-secret-value-0123456789')).status).toBe(401);
    expect((await webhook(h.s.ws1, null)).status).toBe(401);
    expect((await webhook('ws_doesnotexist', 'another-wrong-secret-42')).status).toBe(401);
    const slack = await fetch(`${base}/v1/slack/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=deadbeef' },
      body: 'payload=%7B%7D',
    });
    expect(slack.status).toBe(401);

    const refused = lines().filter((l) => l.msg === 'Instantly webhook refused');
    expect(refused.map((l) => [l.level, l['workspaceId'], l['reason']])).toEqual([
      [40, h.s.ws1, 'wrong X-Webhook-Secret'],
      [40, h.s.ws1, 'no X-Webhook-Secret header'],
      [40, 'ws_doesnotexist', 'unknown workspace'],
    ]);
    for (const l of refused) expect(l['requestId']).toMatch(UUID);
    const slackLine = lines().find((l) => l.msg === 'Slack interaction refused');
    expect(slackLine).toMatchObject({ level: 40 });
    expect(typeof slackLine!['reason']).toBe('string');
    const text = raw.join('');
    expect(text).not.toContain('wrong-secret-value-0123456789');
    expect(text).not.toContain('another-wrong-secret-42');
    expect(text).not.toContain('v0=deadbeef');
  });

  it('every request has an id (a sane incoming one is kept), echoed in the header, in error bodies and on its access line', async () => {
    const ok = await fetch(`${base}/v1/link-building/crm/account?domain=query-secret-777.example`, { headers: { authorization: `Bearer ${h.s.key}`, 'x-request-id': 'trace-abc.123:9' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-abc.123:9');
    // an id with spaces or of absurd length is replaced by a fresh one
    for (const given of ['has spaces in it', 'x'.repeat(200), '']) {
      const r = await fetch(`${base}/healthz`, { headers: { 'x-request-id': given } });
      expect(r.headers.get('x-request-id')).toMatch(UUID);
    }
    const bad = await fetch(`${base}/v1/link-building/inbound/not-an-id`, { headers: { authorization: `Bearer ${h.s.key}`, 'x-request-id': 'req-bad-1' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { requestId: string } }).error.requestId).toBe('req-bad-1');
    const unauthorized = await fetch(`${base}/v1/link-building/crm/account`, { headers: { authorization: 'Bearer wrong-api-key-555' } });
    expect(unauthorized.status).toBe(401);
    const id401 = unauthorized.headers.get('x-request-id');
    expect(((await unauthorized.json()) as { error: { requestId: string } }).error.requestId).toBe(id401);
    await fetch(`${base}/approve/approval-token-secret-abc`);

    const access = (id: string | null) => lines().find((l) => l.msg === 'request' && l['requestId'] === id);
    await waitFor(async () => !!access(id401), { what: 'the access lines', timeoutMs: 5_000 });
    const line = access('trace-abc.123:9')!;
    expect(line).toMatchObject({ level: 30, method: 'GET', path: '/v1/link-building/crm/account', status: 200 });
    expect(typeof line['durationMs']).toBe('number');
    expect(access('req-bad-1')).toMatchObject({ method: 'GET', path: '/v1/link-building/inbound/not-an-id', status: 400 });
    expect(access(id401)).toMatchObject({ status: 401 });
    expect(lines().find((l) => l.msg === 'request' && String(l['path']).startsWith('/approve/'))).toMatchObject({ path: '/approve/[redacted]' });
    const text = raw.join('');
    expect(text).not.toContain('query-secret-777');
    expect(text).not.toContain('approval-token-secret-abc');
    expect(text).not.toContain('wrong-api-key-555');
  });

  it('a reply leaves one info line per step, with its id, workspace, intent and decision', async () => {
    await h.fileOurContent('ann@story.example');
    const { inboundId } = await h.reply({ lead: 'ann@story.example', text: INTERESTED });
    const story = () => lines().filter((l) => l['inboundId'] === inboundId && typeof l['story'] === 'string');
    await waitFor(async () => story().some((l) => l['story'] === 'sent'), { what: 'the sent line', timeoutMs: 30_000 });
    const s = story();
    expect(s.map((l) => l['story'])).toEqual(['ingested', 'classified', 'decided', 'sent']);
    for (const l of s) expect(l).toMatchObject({ level: 30, workspaceId: h.s.ws1, msg: `message ${String(l['story'])}` });
    expect(s[0]).toMatchObject({ source: 'INSTANTLY', kind: 'human', matched: true });
    expect(s[1]).toMatchObject({ intent: 'INTERESTED', by: 'rules' });
    expect(s[2]).toMatchObject({ decision: 'AUTO_REPLY', draftedBy: 'template' });
    expect(s[3]).toMatchObject({ channel: 'INSTANTLY', approvalId: null });
    expect(s.every((l) => l['relationshipId'] === s[0]!['relationshipId'])).toBe(true);
  }, 60_000);

  it('writes ISO-8601 times and never a credential, even when one is handed to the logger', async () => {
    h.services[0]!.log.info({ mailbox: { imap: { password: 'hunter2-imap' } }, req: { headers: { authorization: 'Bearer hdr-secret-1', 'x-webhook-secret': 'hdr-secret-2' } }, apiKey: 'key-secret-3', data: { token: 'tok-secret-4' } }, 'careless');
    const careless = lines().find((l) => l.msg === 'careless')!;
    expect(careless['mailbox']).toEqual({ imap: { password: '[redacted]' } });
    expect(careless['apiKey']).toBe('[redacted]');
    for (const l of lines()) expect(l.time).toMatch(ISO);
    const text = raw.join('');
    for (const secret of [h.s.key, h.s.ws1Secret, ADMIN_TOKEN, 'inst-key', SECRET_KEY, 'hunter2-imap', 'hdr-secret-1', 'hdr-secret-2', 'key-secret-3', 'tok-secret-4']) {
      expect(text).not.toContain(secret);
    }
  });
});
