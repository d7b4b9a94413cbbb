/**
 * Issue 10, "limits that don't limit": 30 replies decided at once under `maxAutoRepliesPerDay: 3` used to
 * send 30. Two services (two workers) on one PostgreSQL database take the replies concurrently; the
 * limits are reserved under the workspace's lock when the decision is made and checked again at send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

const FINAL = ['AUTO_REPLIED', 'WAITING_APPROVAL', 'SENT', 'FAILED', 'NO_REPLY'];

describe('auto-reply limits under concurrency (PostgreSQL, two workers)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness({ services: 2 });
  }, 60_000);
  afterAll(() => h?.close());

  const settle = async (ids: string[]) => {
    await waitFor(async () => {
      const { rows } = await h.t.db.query<{ n: number }>(`select count(*)::int as n from inbound_messages where id = any($1) and status = any($2)`, [ids, FINAL]);
      return rows[0]!.n === ids.length;
    }, { what: 'every reply decided and sent or waiting', timeoutMs: 90_000, intervalMs: 200 });
    // and no send still in flight
    await waitFor(async () => (await h.t.db.query(`select 1 from outbound_sends where status in ('STARTED', 'RETRYABLE')`)).rows.length === 0, { timeoutMs: 30_000 });
    return Promise.all(ids.map((id) => h.inbound(id)));
  };

  it('30 concurrent replies under maxAutoRepliesPerDay 3: exactly 3 sent, 27 wait with the gate’s reason', async () => {
    const put = await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7, maxAutoRepliesPerDay: 3 });
    expect(put.status).toBe(200);
    const sent = h.instantly.replies.length;
    for (let i = 0; i < 30; i++) await h.fileOurContent(`editor@day-limit-${i}.example`);
    const posted = await Promise.all(Array.from({ length: 30 }, (_, i) => h.reply({ lead: `editor@day-limit-${i}.example`, text: INTERESTED })));
    const messages = await settle(posted.map((p) => p.inboundId));

    expect(h.instantly.replies.length - sent).toBe(3);
    expect(messages.filter((m) => m.status === 'AUTO_REPLIED')).toHaveLength(3);
    const waiting = messages.filter((m) => m.status === 'WAITING_APPROVAL');
    expect(waiting).toHaveLength(27);
    for (const m of waiting) {
      const tripped = m.decision!.gates.filter((g) => !g.passed);
      expect(tripped.map((g) => g.gate)).toEqual(['max-auto-replies-per-day']);
      expect(tripped[0]!.reason).toMatch(/3 automatic replies already sent or on their way in the last 24 hours \(max 3\)/);
      expect(m.decision!.approvalId).toMatch(/^apr_/);
    }
    const { rows } = await h.t.db.query<{ n: number }>(`select count(*)::int as n from events where workspace_id = $1 and type = 'EMAIL_SENT'`, [h.s.ws1]);
    expect(rows[0]!.n).toBe(3);
    const live = await h.t.db.query<{ n: number }>(`select count(*)::int as n from auto_reply_reservations where workspace_id = $1 and released_at is null`, [h.s.ws1]);
    expect(live.rows[0]!.n).toBe(3);
  }, 180_000);

  it('30 concurrent replies in one thread under maxAutoRepliesPerThread 2: exactly 2 sent', async () => {
    const put = await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws2}`, { minConfidence: 0.7, maxAutoRepliesPerThread: 2, maxAutoRepliesPerDay: 50 });
    expect(put.status).toBe(200);
    const ws2Secret = (await h.call<{ webhookSecret: string }>('POST', `/v1/admin/workspaces/${h.s.ws2}/webhook-secret`, {}, 'test-admin-token-0123456789')).body.webhookSecret;
    const sent = h.instantly.replies.length;
    await h.fileOurContent('editor@thread-limit.example', h.s.ws2);
    const posted = await Promise.all(Array.from({ length: 30 }, () => h.reply({ lead: 'editor@thread-limit.example', text: INTERESTED, ws: h.s.ws2, secret: ws2Secret })));
    const messages = await settle(posted.map((p) => p.inboundId));

    expect(h.instantly.replies.length - sent).toBe(2);
    expect(messages.filter((m) => m.status === 'AUTO_REPLIED')).toHaveLength(2);
    const waiting = messages.filter((m) => m.status === 'WAITING_APPROVAL');
    expect(waiting).toHaveLength(28);
    for (const m of waiting) {
      const tripped = m.decision!.gates.filter((g) => !g.passed).map((g) => g.gate);
      expect(tripped).toContain('max-auto-replies-per-thread');
      expect(m.decision!.gates.find((g) => g.gate === 'max-auto-replies-per-thread')!.reason).toMatch(/2 automatic replies already sent or on their way in this thread \(max 2\)/);
    }
  }, 180_000);

  it('a limit lowered after the decision is enforced at send time: the later reply goes to a human, nothing extra is sent', async () => {
    const ws3 = (await h.call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { agencyId: h.s.agencyId, name: 'Send-time client' }, 'test-admin-token-0123456789')).body;
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${ws3.id}`, { minConfidence: 0.7, maxAutoRepliesPerDay: 50 });
    for (const svc of h.services) await svc.boss.offWork('pipeline.respond');
    const decided = async (lead: string) => {
      await h.fileOurContent(lead, ws3.id);
      const r = await h.reply({ lead, text: INTERESTED, ws: ws3.id, secret: ws3.webhookSecret });
      await waitFor(async () => (await h.inbound(r.inboundId)).decision?.action === 'AUTO_REPLY', { what: 'decided AUTO_REPLY', timeoutMs: 30_000 });
      return r;
    };
    // one after the other: the first holds the earlier place in line
    const first = await decided('editor@send-time-1.example');
    const second = await decided('editor@send-time-2.example');
    // the operator lowers the limit before the sends run
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${ws3.id}`, { minConfidence: 0.7, maxAutoRepliesPerDay: 1 });
    const sent = h.instantly.replies.length;
    await h.restart({});
    const [a, b] = await settle([first.inboundId, second.inboundId]);
    expect(h.instantly.replies.length - sent).toBe(1);
    expect(a!.status).toBe('AUTO_REPLIED');
    expect(b!.status).toBe('WAITING_APPROVAL');
    const gate = b!.decision!.gates.find((g) => g.gate === 'max-auto-replies-per-day')!;
    expect(gate.passed).toBe(false);
    expect(gate.reason).toMatch(/^at send time: 1 automatic replies already sent or on their way in the last 24 hours \(max 1\)/);
    expect(b!.decision!.approvalId).toMatch(/^apr_/);
    const released = await h.t.db.query<{ released_at: Date | null }>('select released_at from auto_reply_reservations where inbound_id = $1', [second.inboundId]);
    expect(released.rows[0]!.released_at).not.toBeNull();
  }, 180_000);
});
