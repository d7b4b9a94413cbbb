import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideApproval, requestApproval } from '../../src/respond/approvals/approval-service.ts';
import { dueReminders, expireApprovals, sweepApprovals } from '../../src/respond/approvals/approval-expiry.ts';
import { getApproval } from '../../src/respond/approvals/db/approvals.ts';
import { lineDiff } from '../../src/respond/approvals/line-diff.ts';
import { DB_KINDS } from '../support/test-db.ts';
import { DRAFT_TEXT, eventsOf, inboundState, jobsIn, QUEUES, seedTenant, seedWaitingMessage, startHarness, type Harness, type Tenant } from './harness.ts';

const HOUR = 3600_000;

describe.each(DB_KINDS)('approval lifecycle on %s', (kind) => {
  let h: Harness;
  let tenant: Tenant;
  beforeAll(async () => {
    h = await startHarness(kind);
    tenant = await seedTenant(h, 'Agency S', 'service-partner.example');
  });
  afterAll(async () => h.close());

  it('requesting creates the approval, APPROVAL_REQUESTED, WAITING_APPROVAL and a notify job; a retry returns the same approval', async () => {
    const { inboundId, approval } = await seedWaitingMessage(h, tenant);
    expect(approval.id).toMatch(/^apr_/);
    expect(approval.status).toBe('PENDING');
    expect(approval.gates.map((g) => g.gate)).toEqual(['price-ceiling', 'intent-allowed']);
    expect(approval.draft?.text).toBe(DRAFT_TEXT);
    expect(new Date(approval.expiresAt).getTime() - new Date(approval.createdAt).getTime()).toBe(72 * HOUR);
    const inbound = await inboundState(h, inboundId);
    expect(inbound.status).toBe('WAITING_APPROVAL');
    expect(inbound.decision['approvalId']).toBe(approval.id);

    const again = await h.t.db.transaction((tx) => requestApproval(tx, { inboundId, now: new Date() }, h.enqueue));
    expect(again).toMatchObject({ created: false, approval: { id: approval.id } });
    const events = await eventsOf(h, approval.id);
    expect(events.map((e) => e.type)).toEqual(['APPROVAL_REQUESTED']);
    expect(events[0]!.metadata).toMatchObject({ approvalId: approval.id, expiresAt: approval.expiresAt, gates: approval.gates });
    expect(await jobsIn(h, QUEUES.approvalsNotify, { approvalId: approval.id, kind: 'request' })).toHaveLength(1);
    // the raw token never exists before the notifier emails it
    const links = await h.t.db.query('select * from approval_links where approval_id = $1', [approval.id]);
    expect(links.rowCount).toBe(0);
  });

  it('approve with an edit: APPROVAL_GRANTED with who, when and the diff; draft replaced; one respond job', async () => {
    const { inboundId, approval } = await seedWaitingMessage(h, tenant);
    const edited = DRAFT_TEXT.replace('guest post', 'guest post at $400');
    const now = new Date();
    const out = await decideApproval(h.t.db, { approvalId: approval.id, action: 'approve', by: { channel: 'api', actor: 'api:ag_x' }, editedText: edited.replace(/\n/g, '\r\n'), now }, h.enqueue);
    expect(out).toMatchObject({ ok: true, approval: { status: 'APPROVED', editedText: edited, decidedBy: { channel: 'api', actor: 'api:ag_x' } } });
    const granted = (await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_GRANTED');
    expect(granted).toHaveLength(1);
    expect(granted[0]!.metadata).toMatchObject({ edited: true, decidedBy: { channel: 'api', actor: 'api:ag_x' }, decidedAt: now.toISOString() });
    expect(granted[0]!.metadata['diff']).toEqual(lineDiff(DRAFT_TEXT, edited));
    const inbound = await inboundState(h, inboundId);
    expect(inbound.status).toBe('APPROVED');
    expect(inbound.draft).toMatchObject({ subject: 'Re: Guest post idea', text: edited });
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toEqual([{ inboundId, approvalId: approval.id }]);
  });

  it('an unchanged "edit" is a plain approval; an empty edit is refused and changes nothing', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    await expect(decideApproval(h.t.db, { approvalId: approval.id, action: 'approve', by: { channel: 'api', actor: 'x' }, editedText: '  \n', now: new Date() }, h.enqueue))
      .rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await getApproval(h.t.db, approval.id))!.status).toBe('PENDING');
    const out = await decideApproval(h.t.db, { approvalId: approval.id, action: 'approve', by: { channel: 'api', actor: 'x' }, editedText: `${DRAFT_TEXT}\n`, now: new Date() }, h.enqueue);
    expect(out).toMatchObject({ ok: true, approval: { editedText: null } });
  });

  it('reject: APPROVAL_DENIED with the reason, inbound DENIED, no respond job; a later approve is "already decided"', async () => {
    const { inboundId, approval } = await seedWaitingMessage(h, tenant);
    const out = await decideApproval(h.t.db, { approvalId: approval.id, action: 'reject', by: { channel: 'email', actor: 'ana@agency.example' }, reason: 'Too expensive, counter at $300', now: new Date() }, h.enqueue);
    expect(out.ok).toBe(true);
    const denied = (await eventsOf(h, approval.id)).filter((e) => e.type === 'APPROVAL_DENIED');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.metadata).toMatchObject({ reason: 'Too expensive, counter at $300', expired: false });
    expect((await inboundState(h, inboundId)).status).toBe('DENIED');
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toHaveLength(0);
    const late = await decideApproval(h.t.db, { approvalId: approval.id, action: 'approve', by: { channel: 'slack', actor: 'U1' }, now: new Date() }, h.enqueue);
    expect(late).toMatchObject({ ok: false, reason: 'already-decided' });
    expect(late.ok === false && 'message' in late && late.message).toMatch(/^already rejected by ana@agency\.example via the emailed link at \d{4}-/);
  });

  it('twenty concurrent decisions: exactly one wins, one event, at most one respond job', async () => {
    const { approval } = await seedWaitingMessage(h, tenant);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      decideApproval(h.t.db, { approvalId: approval.id, action: i % 2 ? 'approve' : 'reject', by: { channel: 'api', actor: `actor-${i}` }, now: new Date() }, h.enqueue)));
    expect(outs.filter((o) => o.ok)).toHaveLength(1);
    expect(outs.filter((o) => !o.ok && o.reason === 'already-decided')).toHaveLength(19);
    const decisions = (await eventsOf(h, approval.id)).filter((e) => e.type !== 'APPROVAL_REQUESTED');
    expect(decisions).toHaveLength(1);
    expect((await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).length).toBe(decisions[0]!.type === 'APPROVAL_GRANTED' ? 1 : 0);
  });

  it('expiry fails closed: past expires_at a decision is refused, the sweep marks it EXPIRED with APPROVAL_DENIED "expired"', async () => {
    const created = new Date(Date.now() - 10 * HOUR);
    const { inboundId, approval } = await seedWaitingMessage(h, tenant, { now: created, ttlMs: 2 * HOUR });
    const late = await decideApproval(h.t.db, { approvalId: approval.id, action: 'approve', by: { channel: 'api', actor: 'x' }, now: new Date() }, h.enqueue);
    expect(late).toMatchObject({ ok: false, reason: 'expired', approval: { status: 'EXPIRED' } });
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toHaveLength(0);
    expect((await inboundState(h, inboundId)).status).toBe('EXPIRED');

    const { inboundId: in2, approval: a2 } = await seedWaitingMessage(h, tenant, { now: created, ttlMs: 2 * HOUR });
    const expired = await expireApprovals(h.t.db, new Date(), h.enqueue);
    expect(expired).toContain(a2.id);
    expect(await expireApprovals(h.t.db, new Date(), h.enqueue)).not.toContain(a2.id);
    const events = await eventsOf(h, a2.id);
    expect(events.map((e) => e.type)).toEqual(['APPROVAL_REQUESTED', 'APPROVAL_DENIED']);
    expect(events[1]!.metadata).toMatchObject({ reason: 'expired', expired: true, decidedBy: { channel: 'system', actor: 'expiry' } });
    expect((await inboundState(h, in2)).status).toBe('EXPIRED');
    expect(await jobsIn(h, QUEUES.approvalsNotify, { approvalId: a2.id, kind: 'decided' })).toHaveLength(1);
  });

  it('one reminder before expiry, none after a decision or past expiry', async () => {
    const base = new Date(Date.now() - 60_000);
    const { approval } = await seedWaitingMessage(h, tenant, { now: base });
    const { approval: decided } = await seedWaitingMessage(h, tenant, { now: base });
    await decideApproval(h.t.db, { approvalId: decided.id, action: 'reject', by: { channel: 'api', actor: 'x' }, now: base }, h.enqueue);
    expect(new Date(approval.reminderAt).getTime()).toBe(base.getTime() + 48 * HOUR);
    expect(await dueReminders(h.t.db, new Date(base.getTime() + 47 * HOUR), h.enqueue)).not.toContain(approval.id);
    const at = new Date(base.getTime() + 49 * HOUR);
    const swept = await sweepApprovals(h.t.db, at, h.enqueue);
    expect(swept.reminded).toContain(approval.id);
    expect(swept.reminded).not.toContain(decided.id);
    expect((await sweepApprovals(h.t.db, at, h.enqueue)).reminded).not.toContain(approval.id);
    expect(await jobsIn(h, QUEUES.approvalsNotify, { approvalId: approval.id, kind: 'reminder' })).toHaveLength(1);
    const after = await sweepApprovals(h.t.db, new Date(base.getTime() + 73 * HOUR), h.enqueue);
    expect(after.expired).toContain(approval.id);
  });
});
