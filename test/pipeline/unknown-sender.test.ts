/**
 * Issue 11, "silently dropped senders": an interested reply from a Gmail address that is no known
 * contact used to end as NO_REPLY with nobody told. Now a person goes to a human ("who is this?"), who
 * attaches the message to a partner with one call; machine mail from unknown senders stays NO_REPLY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApprovalContext } from '../../src/respond/approvals/db/approval-context.ts';
import { waitFor } from '../support/wait-for.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

type Ev = { type: string; metadata: Record<string, unknown> };

describe('a reply from an unknown sender (PostgreSQL)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness();
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7 });
  }, 60_000);
  afterAll(() => h?.close());

  const decided = async (inboundId: string) => {
    await waitFor(async () => !['RECEIVED', 'CLASSIFIED'].includes((await h.inbound(inboundId)).status), { what: `a decision on ${inboundId}`, timeoutMs: 30_000 });
    return h.inbound(inboundId);
  };

  it('goes to a human with the reason, can be attached to a partner in one call, and is then answered like any partner', async () => {
    const { inboundId } = await h.reply({ lead: 'jane.blogger@gmail.com', text: INTERESTED });
    const m = await decided(inboundId);
    expect(m.status).toBe('WAITING_APPROVAL');
    expect(m.relationshipId).toBeNull();
    const gates = m.decision!.gates;
    expect(gates.map((g) => [g.gate, g.passed])).toEqual([['matched-partner', false]]);
    expect(gates[0]!.reason).toMatch(/^the sender jane\.blogger@gmail\.com matches no partner in the CRM: who is this\? Attach the message to a partner/);
    const approvalId = m.decision!.approvalId!;
    expect(approvalId).toMatch(/^apr_/);
    const approval = await h.call<{ status: string; relationshipId: string | null }>('GET', `/v1/link-building/approvals/${approvalId}`);
    expect(approval.body).toMatchObject({ status: 'PENDING', relationshipId: null });
    // what Slack, the email and the page are built from: the sender is unknown, no partner, no events
    const ctx = await loadApprovalContext(h.t.db, approvalId);
    expect(ctx).toMatchObject({ unknownSender: 'jane.blogger@gmail.com', account: { domain: 'an unknown sender' }, recentEvents: [] });

    // nothing to approve yet: there is nobody to send to
    const approve = await h.call<{ error: { message: string } }>('POST', `/v1/link-building/approvals/${approvalId}/approve`, { text: 'Hello there, thanks for writing to us about the article.' });
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(/attach the message to a partner first/);

    // bad attach requests name the field and change nothing
    const both = await h.call<{ error: { field: string } }>('POST', `/v1/link-building/inbound/${inboundId}/attach`, { accountId: 'acct_x1', domain: 'janesblog.example' });
    expect(both.status).toBe(400);
    const neither = await h.call<{ error: { field: string } }>('POST', `/v1/link-building/inbound/${inboundId}/attach`, {});
    expect([neither.status, neither.body.error.field]).toEqual([400, 'body.accountId']);
    const freemail = await h.call<{ error: { field: string } }>('POST', `/v1/link-building/inbound/${inboundId}/attach`, { domain: 'gmail.com' });
    expect([freemail.status, freemail.body.error.field]).toEqual([400, 'body.domain']);
    const missing = await h.call<{ error: { field: string } }>('POST', `/v1/link-building/inbound/${inboundId}/attach`, { accountId: 'acct_doesnotexist1' });
    expect(missing.status).toBe(404);
    const other = await h.call<{ id: string }>('POST', '/v1/admin/agencies', { name: 'Nosy agency' }, ADMIN_TOKEN);
    const otherKey = (await h.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { agencyId: other.body.id }, ADMIN_TOKEN)).body.apiKey;
    expect((await h.call('POST', `/v1/link-building/inbound/${inboundId}/attach`, { domain: 'janesblog.example' }, otherKey)).status).toBe(404);
    expect((await h.inbound(inboundId)).relationshipId).toBeNull();

    // the agency files its piece with the partner (or the reply would wait again, for draft-content-on-file)
    await h.fileOurContent('editor@janesblog.example');
    // one click: attach to the partner's domain
    const sent = h.instantly.replies.length;
    const attach = await h.call<{ accountId: string; contactId: string; relationshipId: string; freemailContact: boolean; closedApprovalId: string | null; status: string }>(
      'POST', `/v1/link-building/inbound/${inboundId}/attach`, { domain: 'https://www.JanesBlog.example/about' },
    );
    expect(attach.status).toBe(202);
    expect(attach.body).toMatchObject({ freemailContact: true, closedApprovalId: approvalId, status: 'RECEIVED' });
    const contact = (await h.call<{ data: Array<{ id: string; accountId: string }> }>('GET', '/v1/link-building/crm/contact?email=jane.blogger%40gmail.com')).body.data[0]!;
    expect(contact).toMatchObject({ id: attach.body.contactId, accountId: attach.body.accountId });
    expect((await h.call<{ domain: string }>('GET', `/v1/link-building/crm/account/${attach.body.accountId}`)).body.domain).toBe('janesblog.example');

    // decided again as a reply from that partner: a clean interested reply goes out on its own
    await waitFor(async () => (await h.inbound(inboundId)).status === 'AUTO_REPLIED', { what: 'the attached reply to be answered', timeoutMs: 30_000 });
    expect(h.instantly.replies.length - sent).toBe(1);
    const closed = await h.call<{ status: string; rejectReason: string }>('GET', `/v1/link-building/approvals/${approvalId}`);
    expect(closed.body.status).toBe('REJECTED');
    expect(closed.body.rejectReason).toMatch(/attached to janesblog\.example/);
    const events = (await h.call<{ data: Ev[] }>('GET', `/v1/link-building/crm/event?relationshipId=${attach.body.relationshipId}`)).body.data;
    const types = events.map((e) => e.type);
    for (const t of ['EMAIL_RECEIVED', 'NOTE_ADDED', 'MESSAGE_CLASSIFIED', 'GATES_EVALUATED', 'EMAIL_SENT']) expect(types).toContain(t);
    expect(events.find((e) => e.metadata['attachedSender'] === true)?.metadata).toMatchObject({ freemailContact: true, assertedByWorkspace: h.s.ws1, address: 'jane.blogger@gmail.com' });

    // a second attach is a 409 naming what happened; nothing changes
    const again = await h.call<{ error: { message: string } }>('POST', `/v1/link-building/inbound/${inboundId}/attach`, { domain: 'elsewhere.example' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already matched to a partner/);

    // her next email is matched to the partner straight away
    const next = await decided((await h.reply({ lead: 'jane.blogger@gmail.com', text: 'Hi Sam, one more question: when would the article be ready for us?' })).inboundId);
    expect(next.relationshipId).toBe(attach.body.relationshipId);
    expect(next.decision!.gates.some((g) => g.gate === 'matched-partner')).toBe(false);
  }, 120_000);

  it('machine mail from an unknown sender stays NO_REPLY, with no approval', async () => {
    const { inboundId } = await h.reply({
      lead: 'someone.away@gmail.com', subject: 'Automatic reply: Your article',
      text: 'I am out of the office until Monday 8 December with limited access to email. I will reply when I am back.',
    });
    const m = await decided(inboundId);
    expect(m.status).toBe('NO_REPLY');
    expect(m.decision!.approvalId).toBeNull();
    expect(m.decision!.gates[0]).toMatchObject({ gate: 'matched-partner', passed: false });
    expect(m.decision!.gates[0]!.reason).toMatch(/automated mail from an unknown sender is not answered/);
    expect((await h.call<{ data: unknown[] }>('GET', `/v1/link-building/approvals?inboundId=${inboundId}`)).body.data).toHaveLength(0);
  }, 60_000);

  it('an unknown sender’s approval can be dismissed (rejected)', async () => {
    const { inboundId } = await h.reply({ lead: 'who.knows@gmail.com', text: 'Hello, could you tell me more about the article you mentioned?' });
    const m = await decided(inboundId);
    expect(m.status).toBe('WAITING_APPROVAL');
    const reject = await h.call<{ status: string }>('POST', `/v1/link-building/approvals/${m.decision!.approvalId}/reject`, { reason: 'spam' });
    expect(reject.status).toBe(200);
    expect(reject.body.status).toBe('REJECTED');
    expect((await h.inbound(inboundId)).status).toBe('DENIED');
  }, 60_000);
});
