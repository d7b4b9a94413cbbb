/**
 * The gates step decides a part of a batch set-based (src/gates/gates-step.ts): one read of the
 * batch's limit counts in `preload`, one count under the workspaces' locks in `load`, and the places
 * the part's earlier replies take counted in memory. This proves a part with several replies of one
 * workspace near its auto-reply limits decides exactly as one message at a time does (the same actions,
 * gates, reasons, reservations and approvals), and that a replayed part or a second job of the same
 * message changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace, setGatePolicy } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { ingestInbound } from '../../src/ingest/ingest-inbound.ts';
import type { InboundDraft } from '../../src/ingest/db/inbound.ts';
import { classifyStep } from '../../src/classify/classify-step.ts';
import { gatesStep, type GatesJob } from '../../src/gates/gates-step.ts';
import { reserveAutoReply } from '../../src/gates/db/auto-reply-reservations.ts';
import { templateDrafter } from '../../src/respond/draft/drafter.ts';
import { requestInboundApprovals } from '../../src/respond/approvals/approval-service.ts';
import { applyAsOnePart as applyStepPart, applyOneByOne as applyStepOneByOne } from '../support/step-part.ts';
import { OUR_CONTENT } from '../support/our-content.ts';

type Row = Record<string, unknown>;
type Decision = { action: string; approvalId: string | null; gates: Array<{ gate: string; passed: boolean; reason: string }> };
const NOW = new Date('2026-11-25T12:00:00Z');
const INTERESTED = 'Hi Sam, yes, that sounds great. Please send over the article and I will take a look this week.';
/** The partners of the replies, in the order the part applies them (their accounts are created in this order). */
const PARTNERS = ['p0', 'p0', 'p1', 'p2', 'p3', 'p4'];

const draft = (workspaceId: string, from: string, n: number): InboundDraft => ({
  workspaceId, source: 'INSTANTLY', mailboxId: null, externalId: `gates-batch-${workspaceId}-${n}`, messageId: `<gates-batch-${workspaceId}-${n}@partner.example>`,
  inReplyTo: null, references: [], from: { address: from, name: 'Partner Person' }, to: [{ address: 'sam@agency.example', name: 'Sam Outreach' }], cc: [],
  subject: 'Re: Your article', text: INTERESTED, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null,
  receivedAt: new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString(),
});

describe.each(DB_KINDS)('gates step, a batch near the auto-reply limits on %s', (kind) => {
  let t: TestDb;
  const seeded: Record<string, { workspaceId: string; ids: string[] }> = {};
  const step = () => gatesStep({
    db: t.db, drafter: templateDrafter, enqueue: async () => {}, now: () => NOW,
    sendChannel: async () => ({ channel: 'INSTANTLY', available: true, problem: null }),
    requestApprovals: (tx, subjects) => requestInboundApprovals(tx, subjects, { now: NOW }, async () => {}),
  });

  /**
   * A workspace with 3 automatic replies a day and 1 per thread, one of the day's places already taken
   * (in p4's thread), and six classified replies: two in p0's thread, one each from p1–p4.
   */
  const seed = async (agencyId: string, tag: string) => {
    const workspaceId = (await insertWorkspace(t.db, agencyId, tag)).workspace.id;
    await setGatePolicy(t.db, workspaceId, { minConfidence: 0.7, maxAutoRepliesPerDay: 3, maxAutoRepliesPerThread: 1 });
    const rels = new Map<string, string>();
    for (const p of new Set(PARTNERS)) {
      const account = await insertAccount(t.db, { domain: `${p}-${tag}.example` });
      rels.set(p, (await insertRelationship(t.db, { workspaceId, accountId: account.id, source: 'MANUAL', status: 'CONTACTED_BY_US', ourContent: OUR_CONTENT })).id);
      // the accounts sort in creation order (the part's lock order)
      await new Promise((r) => setTimeout(r, 2));
    }
    const ingest = async (p: string, n: number) =>
      (await t.db.transaction((tx) => ingestInbound(tx, draft(workspaceId, `owner@${p}-${tag}.example`, n), async () => {}, { receivedByUsAt: NOW }))).inboundId!;
    // an earlier reply of p4, answered automatically an hour ago
    const earlier = await ingest('p4', 99);
    await reserveAutoReply(t.db, { inboundId: earlier, workspaceId, relationshipId: rels.get('p4')!, now: new Date(NOW.getTime() - 3_600_000) });
    const ids: string[] = [];
    for (const [n, p] of PARTNERS.entries()) ids.push(await ingest(p, n));
    const classify = classifyStep({ db: t.db, enqueue: async () => {}, model: null, now: () => NOW });
    for (const [i, inboundId] of ids.entries()) {
      const job = { id: `classify-${tag}-${i}`, retryCount: 0 };
      const prepared = await classify.prepare!({ inboundId }, job);
      await t.db.transaction((tx) => classify.apply(tx, { inboundId }, prepared, job));
    }
    return { workspaceId, ids };
  };

  /** What run-step does with a batch (in lock order); the ids in the order applied. */
  /** The event inserts of the last part applied: the event types each statement carried. */
  let eventInserts: string[][] = [];
  const applyAsOnePart = async (ids: readonly string[]) => {
    eventInserts = [];
    const seen = (sql: string, params: readonly unknown[] | undefined) => {
      if (/^\s*insert into events\b/i.test(sql)) eventInserts.push((params ?? []).filter((p): p is string => typeof p === 'string' && /^[A-Z_]+$/.test(p)));
    };
    return (await applyStepPart(t.db, step(), ids.map((inboundId): GatesJob => ({ inboundId })), seen)).map((j) => j.inboundId);
  };

  /** One message at a time, each prepared after the one before was applied (the reference). */
  const applyOneByOne = (ids: readonly string[]) => applyStepOneByOne(t.db, step(), ids.map((inboundId): GatesJob => ({ inboundId })));

  const decided = async (ids: readonly string[], tag: string) =>
    Promise.all(ids.map(async (id) => {
      const r = (await t.db.query<Row>('select status, decision, draft from inbound_messages where id = $1', [id])).rows[0]!;
      const d = r['decision'] as Decision;
      const approvals = (await t.db.query<Row>(`select id, status, gates, draft from approvals where inbound_id = $1`, [id])).rows;
      const reserved = (await t.db.query<Row>('select 1 from auto_reply_reservations where inbound_id = $1 and released_at is null', [id])).rows.length;
      // the partners' domains differ by workspace; nothing else may
      const same = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(`-${tag}.example`, '-X.example')) as unknown;
      return {
        status: r['status'], action: d.action, gates: same(d.gates), draft: same(r['draft']), reserved,
        approvals: approvals.map((a) => ({ status: a['status'], gates: same(a['gates']), draft: same(a['draft']), isTheDecisions: a['id'] === d.approvalId })),
      };
    }));
  const eventCounts = async (ids: readonly string[]) =>
    (await t.db.query<{ type: string; n: number }>(
      `select type, count(*)::int as n from events where metadata->>'inboundId' = any($1) or metadata->>'approvalId' in (select id from approvals where inbound_id = any($1)) group by type order by type`, [ids],
    )).rows;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const ag = await insertAgency(t.db, 'Gates batch agency');
    seeded['batched'] = await seed(ag.id, 'b');
    seeded['solo'] = await seed(ag.id, 's');
  }, 120_000);
  afterAll(() => t.drop());

  it('decides every reply as one at a time does: the same places taken, the same replies sent to a human with the same reasons', async () => {
    const batched = seeded['batched']!.ids;
    // p0's reply twice: a second job of the same message in one batch (pg-boss delivers at least once)
    const order = await applyAsOnePart([...batched, batched[0]!]);
    // the part applies in its lock order, the order one at a time follows below
    expect(order.filter((id, i) => order.indexOf(id) === i)).toEqual(batched);
    await applyOneByOne(seeded['solo']!.ids);
    const b = await decided(batched, 'b');
    const s = await decided(seeded['solo']!.ids, 's');
    expect(b).toEqual(s);
    // near the limits: p0's first reply and p1's take the day's last two places; the rest wait
    expect(b.map((m) => m.action)).toEqual(['AUTO_REPLY', 'WAITING_APPROVAL', 'AUTO_REPLY', 'WAITING_APPROVAL', 'WAITING_APPROVAL', 'WAITING_APPROVAL']);
    expect(b.map((m) => m.reserved)).toEqual([1, 0, 1, 0, 0, 0]);
    const tripped = (m: (typeof b)[number]) => (m.gates as Decision['gates']).filter((g) => !g.passed).map((g) => g.gate);
    expect(b.map(tripped)).toEqual([
      [], ['max-auto-replies-per-thread'], [], ['max-auto-replies-per-day'], ['max-auto-replies-per-day'], ['max-auto-replies-per-thread', 'max-auto-replies-per-day'],
    ]);
    for (const m of b.filter((x) => x.action === 'WAITING_APPROVAL')) {
      expect(m.status).toBe('WAITING_APPROVAL');
      expect(m.approvals).toHaveLength(1);
      expect(m.approvals[0]).toMatchObject({ status: 'PENDING', isTheDecisions: true });
    }
    const live = async (ws: string) => (await t.db.query<{ n: number }>('select count(*)::int as n from auto_reply_reservations where workspace_id = $1 and released_at is null', [ws])).rows[0]!.n;
    expect(await live(seeded['batched']!.workspaceId)).toBe(3);
    expect(await live(seeded['solo']!.workspaceId)).toBe(3);
    expect(await eventCounts(batched)).toEqual(await eventCounts(seeded['solo']!.ids));
    // the part's four approvals are announced in one insert, not one each
    const announcing = eventInserts.filter((types) => types.includes('APPROVAL_REQUESTED'));
    expect(announcing).toHaveLength(1);
    expect(announcing[0]!.filter((x) => x === 'APPROVAL_REQUESTED')).toHaveLength(4);
  });

  it('a replayed part appends, reserves and asks nothing again', async () => {
    const ids = seeded['batched']!.ids;
    const before = { rows: await decided(ids, 'b'), events: await eventCounts(ids) };
    expect(before.events.find((e) => e.type === 'APPROVAL_REQUESTED')?.n).toBe(4);
    await applyAsOnePart(ids);
    expect(await decided(ids, 'b')).toEqual(before.rows);
    expect(await eventCounts(ids)).toEqual(before.events);
  });
});
