/**
 * Issue 11, "decided, then stuck": a reply through Instantly with no INSTANTLY_API_KEY used to be decided
 * AUTO_REPLY (or approved) and then FAIL with no retry and nothing in lb_sends_total. Now the channel is
 * known at decision time (gate send-channel-available, straight to a human with the reason), /readyz
 * warns, a failed send is counted, and POST /inbound/:id/retry-send sends it exactly once after the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.ts';
import { waitFor } from '../support/wait-for.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

describe('a reply with no way to send it (PostgreSQL)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness({ instantlyKey: false });
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7 });
  }, 60_000);
  afterAll(() => h?.close());

  const metric = async (pattern: RegExp): Promise<number> => {
    const text = await (await fetch(`http://127.0.0.1:${h.services[0]!.port}/metrics`)).text();
    return text.split('\n').filter((l) => pattern.test(l)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  };

  it('is known at decision time, warned about, counted when it fails, and sent exactly once by retry-send after the fix', async () => {
    // /readyz stays ok and says what will not work
    const ready = await h.call<{ ok: boolean; warnings: string[] }>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.ok).toBe(true);
    expect(ready.body.warnings.join('\n')).toMatch(/INSTANTLY_API_KEY is not set: replies received through Instantly cannot be sent/);

    // a clean interested reply: every other gate passes, but there is no way to send it → a human, with the reason
    await h.fileOurContent('ed@stuck.example');
    const { inboundId } = await h.reply({ lead: 'ed@stuck.example', text: INTERESTED });
    await waitFor(async () => (await h.inbound(inboundId)).status === 'WAITING_APPROVAL', { what: 'the reply to wait for a human', timeoutMs: 30_000 });
    const m = await h.inbound(inboundId);
    const tripped = m.decision!.gates.filter((g) => !g.passed);
    expect(tripped.map((g) => g.gate)).toEqual(['send-channel-available']);
    expect(tripped[0]!.reason).toMatch(/^no way to send this reply: INSTANTLY_API_KEY is not set/);

    // retry-send on a message that never failed is a 409 naming its state
    const early = await h.call<{ error: { message: string } }>('POST', `/v1/link-building/inbound/${inboundId}/retry-send`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/WAITING_APPROVAL/);

    // the approver approves anyway; the send fails, and is counted
    const before = await metric(/^lb_sends_total\{.*result="not-sendable"/);
    const approve = await h.call<{ status: string }>('POST', `/v1/link-building/approvals/${m.decision!.approvalId}/approve`, {});
    expect(approve.status).toBe(200);
    await waitFor(async () => (await h.inbound(inboundId)).status === 'FAILED', { what: 'the send to fail', timeoutMs: 30_000 });
    expect((await h.inbound(inboundId)).decision!.sendError).toMatch(/cannot send: INSTANTLY_API_KEY is not set/);
    expect(await metric(/^lb_sends_total\{.*channel="INSTANTLY".*result="not-sendable"/)).toBe(before + 1);

    // the operator sets the key (a new deployment on the same database) and retries: exactly one reply
    await h.restart({ INSTANTLY_API_KEY: 'inst-key' });
    expect((await h.call<{ warnings?: string[] }>('GET', '/readyz')).body.warnings ?? []).toEqual([]);
    const [a, b] = await Promise.all([
      h.call<{ status: string; approvalId: string | null; retry: number }>('POST', `/v1/link-building/inbound/${inboundId}/retry-send`),
      h.call<{ status: string; approvalId: string | null; retry: number }>('POST', `/v1/link-building/inbound/${inboundId}/retry-send`),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const ok = a.status === 202 ? a : b;
    expect(ok.body).toMatchObject({ status: 'APPROVED', approvalId: m.decision!.approvalId, retry: 1 });
    await waitFor(async () => (await h.inbound(inboundId)).status === 'SENT', { what: 'the retried send', timeoutMs: 30_000 });
    expect(h.instantly.replies).toHaveLength(1);
    expect(await metric(/^lb_sends_total\{.*channel="INSTANTLY".*result="sent"/)).toBe(1);

    // once sent, a retry is a 409 that names the state; nothing is sent again
    const again = await h.call<{ error: { message: string } }>('POST', `/v1/link-building/inbound/${inboundId}/retry-send`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already sent \(message SENT, send SENT\)/);
    const events = (await h.call<{ data: Array<{ type: string; metadata: Record<string, unknown> }> }>('GET', `/v1/link-building/crm/event?relationshipId=${m.relationshipId}`)).body.data;
    expect(events.filter((e) => e.type === 'EMAIL_SENT')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'NOTE_ADDED' && e.metadata['sendRetry'] === 1)).toHaveLength(1);
    expect(h.instantly.replies).toHaveLength(1);
  }, 120_000);

  it('an automatic reply refused by Instantly gives its place back and is sent by a retry', async () => {
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7, maxAutoRepliesPerDay: 1 });
    h.instantly.injectFault({ kind: 'status', status: 422, body: '{"error":"bad request"}' }, { method: 'POST', pathPrefix: '/api/v2/emails/reply' });
    const sent = h.instantly.replies.length;
    await h.fileOurContent('ed@refused.example');
    const { inboundId } = await h.reply({ lead: 'ed@refused.example', text: INTERESTED });
    await waitFor(async () => (await h.inbound(inboundId)).status === 'FAILED', { what: 'the refused send', timeoutMs: 30_000 });
    const m = await h.inbound(inboundId);
    expect(m.decision!.action).toBe('AUTO_REPLY');
    expect(m.decision!.sendError).toMatch(/refused/);
    // the failed reply does not use up the day
    const released = await h.t.db.query<{ released_at: Date | null }>('select released_at from auto_reply_reservations where inbound_id = $1', [inboundId]);
    expect(released.rows[0]!.released_at).not.toBeNull();

    const retry = await h.call<{ status: string; approvalId: string | null }>('POST', `/v1/link-building/inbound/${inboundId}/retry-send`);
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ status: 'CLASSIFIED', approvalId: null });
    await waitFor(async () => (await h.inbound(inboundId)).status === 'AUTO_REPLIED', { what: 'the retried automatic reply', timeoutMs: 30_000 });
    expect(h.instantly.replies.length - sent).toBe(1);
    const kept = await h.t.db.query<{ released_at: Date | null }>('select released_at from auto_reply_reservations where inbound_id = $1', [inboundId]);
    expect(kept.rows[0]!.released_at).toBeNull();
  }, 120_000);

  it('retry-send: another agency’s message is a 404; an unknown id is a 404; a malformed id is a 400', async () => {
    const other = await h.call<{ id: string }>('POST', '/v1/admin/agencies', { name: 'Other' }, 'test-admin-token-0123456789');
    const key = (await h.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { agencyId: other.body.id }, 'test-admin-token-0123456789')).body.apiKey;
    const { rows } = await h.t.db.query<{ id: string }>('select id from inbound_messages limit 1');
    expect((await h.call('POST', `/v1/link-building/inbound/${rows[0]!.id}/retry-send`, undefined, key)).status).toBe(404);
    expect((await h.call('POST', `/v1/link-building/inbound/${newId('in')}/retry-send`)).status).toBe(404);
    const bad = await h.call<{ error: { field?: string } }>('POST', '/v1/link-building/inbound/nope/retry-send');
    expect(bad.status).toBe(400);
  }, 60_000);
});
