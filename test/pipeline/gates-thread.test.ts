/**
 * The thread the gates step gives the drafter and the draft checks (src/gates/gates-thread.ts
 * `threadOf`, read by `lastEmailsOf` in src/crm/db/history.ts): the relationship's last five emails
 * with content, oldest first, never the message's own. This proves it for a relationship with 250
 * emails (the step used to read the first 200 events and gave the last five of those), for two
 * messages of the same thread in one batch (each sees the other's, not its own, even when its own are
 * more than the batch's read leaves room for), for a short thread,
 * and for a message prepared alone (no batch): each equal to that rule applied to every event of the
 * relationship. Also: the step hands the gates what the rules thread found reading the message again
 * (`recheck`), and the gates decide on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace, setGatePolicy } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { insertEvents, listEvents, type EventInsert } from '../../src/crm/db/events.ts';
import { ingestInbound } from '../../src/ingest/ingest-inbound.ts';
import type { InboundDraft } from '../../src/ingest/db/inbound.ts';
import { classifyStep } from '../../src/classify/classify-step.ts';
import { gatesStep, type GatesJob } from '../../src/gates/gates-step.ts';
import { templateDrafter, type Drafter } from '../../src/respond/draft/drafter.ts';
import { requestInboundApprovals } from '../../src/respond/approvals/approval-service.ts';
import type { EventType } from '../../src/crm/types.ts';
import { applyAsOnePart } from '../support/step-part.ts';
import { draftCheckContext } from '../../src/console/db/draft-check-context.ts';
import type { ApprovalRow } from '../../src/respond/approvals/types.ts';
import { OUR_CONTENT } from '../support/our-content.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const INTERESTED = 'Hi Sam, yes, that sounds great. Please send over the article and I will take a look this week.';

const draft = (workspaceId: string, from: string, n: number): InboundDraft => ({
  workspaceId, source: 'INSTANTLY', mailboxId: null, externalId: `thread-${workspaceId}-${n}`, messageId: `<thread-${workspaceId}-${n}@partner.example>`,
  inReplyTo: null, references: [], from: { address: from, name: 'Partner Person' }, to: [{ address: 'sam@agency.example', name: 'Sam Outreach' }], cc: [],
  subject: 'Re: Your article', text: `${INTERESTED} (reply ${n})`, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null,
  receivedAt: new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString(),
});

describe.each(DB_KINDS)('gates step, the thread the drafter is given, on %s', (kind) => {
  let t: TestDb;
  let workspaceId = '';
  /** the long thread's two replies, the short thread's one */
  const ids: Record<'long1' | 'long2' | 'short', string> = { long1: '', long2: '', short: '' };
  const rels: Record<'long' | 'short', { id: string; organizationId: string; accountId: string }> = {} as never;
  /** what the drafter was given, by the reply's text */
  const threads = new Map<string, string[]>();
  const drafter: Drafter = {
    async draft(req) {
      threads.set(req.inbound.text, req.thread);
      return templateDrafter.draft(req);
    },
  };
  const step = () => gatesStep({
    db: t.db, drafter, enqueue: async () => {}, now: () => NOW,
    sendChannel: async () => ({ channel: 'INSTANTLY', available: true, problem: null }),
    requestApprovals: (tx, subjects) => requestInboundApprovals(tx, subjects, { now: NOW }, async () => {}),
  });
  const textOf = async (id: string) => (await t.db.query<{ text: string }>('select text from inbound_messages where id = $1', [id])).rows[0]!.text;

  /** The rule, over every event of the relationship: its emails with content but the message's own, the last five. */
  const expected = async (rel: { id: string; organizationId: string }, inboundId: string) =>
    (await listEvents(t.db, { workspaceIds: [rel.organizationId], relationshipId: rel.id, limit: 100_000 })).data
      .filter((e) => (e.type === 'EMAIL_SENT' || e.type === 'EMAIL_RECEIVED') && e.metadata?.['inboundId'] !== inboundId && e.content)
      .slice(-5)
      .map((e) => `${e.type === 'EMAIL_SENT' ? 'We wrote' : 'They wrote'}: ${e.content}`);

  beforeAll(async () => {
    t = await createTestDb(kind);
    const agency = await insertAgency(t.db, 'Thread agency');
    workspaceId = (await insertWorkspace(t.db, agency.id, 'thread')).workspace.id;
    await setGatePolicy(t.db, workspaceId, { minConfidence: 0.7 });
    for (const p of ['long', 'short'] as const) {
      const account = await insertAccount(t.db, { domain: `${p}-thread-${kind}.example` });
      const rel = await insertRelationship(t.db, { workspaceId, accountId: account.id, source: 'MANUAL', status: 'CONTACTED_BY_US', ourContent: OUR_CONTENT });
      rels[p] = rel;
      // the long thread: 250 emails each way in turn (and other events between them), the short one 2
      const count = p === 'long' ? 250 : 2;
      const events: EventInsert[] = [];
      for (let i = 0; i < count; i++) {
        const at = Date.UTC(2026, 9, 1) + i * 3_600_000;
        const type: EventType = i % 2 ? 'EMAIL_RECEIVED' : 'EMAIL_SENT';
        const base = { workspaceId, accountId: account.id, relationshipId: rel.id, contactId: null, subject: 'Your article', idempotencyKey: null };
        events.push({ ...base, id: `ev_${p}_${String(i).padStart(4, '0')}`, type, content: `${p} email #${i}`, metadata: {}, occurredAt: new Date(at).toISOString() });
        events.push({ ...base, id: `ev_${p}_${String(i).padStart(4, '0')}_note`, type: 'NOTE_ADDED', content: `a note after #${i}`, metadata: {}, occurredAt: new Date(at + 1).toISOString() });
      }
      // among the latest: an email without content, which is no part of the thread
      events.push({ workspaceId, accountId: account.id, relationshipId: rel.id, contactId: null, subject: null, idempotencyKey: null, id: `ev_${p}_empty`, type: 'EMAIL_SENT', content: '', metadata: {}, occurredAt: new Date(Date.UTC(2026, 10, 19)).toISOString() });
      await insertEvents(t.db, events);
    }
    const ingest = async (p: string, n: number) =>
      (await t.db.transaction((tx) => ingestInbound(tx, draft(workspaceId, `owner@${p}-thread-${kind}.example`, n), async () => {}, { receivedByUsAt: NOW }))).inboundId!;
    ids.long1 = await ingest('long', 1);
    ids.long2 = await ingest('long', 2);
    ids.short = await ingest('short', 3);
    // the first reply's own emails, more than the batch leaves room for: three replies sent to it (its
    // thread leaves them out, the second reply's shows them)
    const long = rels.long;
    await insertEvents(t.db, [0, 1, 2].map((i): EventInsert => ({
      id: `ev_long_reply_${i}`, workspaceId, accountId: long.accountId, relationshipId: long.id, contactId: null, subject: 'Re: Your article', idempotencyKey: null,
      type: 'EMAIL_SENT', content: `our answer ${i} to reply 1`, metadata: { inboundId: ids.long1 }, occurredAt: new Date(Date.UTC(2026, 10, 21, i)).toISOString(),
    })));
    const classify = classifyStep({ db: t.db, enqueue: async () => {}, model: null, now: () => NOW });
    for (const [i, inboundId] of Object.values(ids).entries()) {
      const job = { id: `classify-${i}`, retryCount: 0 };
      const prepared = await classify.prepare!({ inboundId }, job);
      await t.db.transaction((tx) => classify.apply(tx, { inboundId }, prepared, job));
    }
  }, 120_000);
  afterAll(() => t.drop());

  it('gives a message prepared alone (no batch) the last five emails of its thread, its own left out', async () => {
    threads.clear();
    // prepare only decides (nothing written): the batch below decides the same messages
    const handler = step();
    for (const [i, inboundId] of Object.values(ids).entries()) await handler.prepare!({ inboundId }, { id: `alone-${i}`, retryCount: 0 });
    expect(threads.size).toBe(3);
    for (const [key, rel] of [['long1', rels.long], ['long2', rels.long], ['short', rels.short]] as const) {
      expect(threads.get(await textOf(ids[key])), key).toEqual(await expected(rel, ids[key]));
    }
    expect(threads.get(await textOf(ids.long1))).toContain('They wrote: long email #249');
  });

  it("runs the gates on the red flags and injection signs the rules thread found (`recheck`), asked with the stored subject and text", async () => {
    // prepare only decides (nothing written): the batch below decides the same message
    const asked: Array<{ subject: string; text: string }> = [];
    const complaint = { kind: 'complaint' as const, where: 'text' as const, excerpt: 'found on the thread' };
    const sign = { kind: 'role-text', excerpt: 'found on the thread too' };
    const told = gatesStep({
      db: t.db, drafter: templateDrafter, enqueue: async () => {}, now: () => NOW,
      sendChannel: async () => ({ channel: 'INSTANTLY', available: true, problem: null }),
      requestApprovals: async () => new Map(),
      recheck: async (message) => {
        asked.push(message);
        return { redFlags: [complaint], injectionSigns: [sign] };
      },
    });
    const inline = await step().prepare!({ inboundId: ids.short }, { id: 'recheck-0', retryCount: 0 });
    const plan = await told.prepare!({ inboundId: ids.short }, { id: 'recheck-1', retryCount: 0 });
    expect(asked).toEqual([expect.objectContaining({ subject: 'Re: Your article', text: await textOf(ids.short) })]);
    const gate = (p: typeof plan, name: string) => p!.decision.gates.find((g) => g.gate === name);
    // in-line the reply has neither; the thread's answer is what the gates read
    expect(gate(inline, 'red-flags')).toMatchObject({ passed: true, inputs: { redFlags: [] } });
    expect(gate(inline, 'prompt-injection')).toMatchObject({ passed: true, inputs: { signs: [] } });
    expect(gate(plan, 'red-flags')).toMatchObject({ passed: false, inputs: { redFlags: [complaint] } });
    expect(gate(plan, 'prompt-injection')).toMatchObject({ passed: false, inputs: { signs: [sign] } });
    expect(plan!.decision.action).toBe('WAITING_APPROVAL');
  });

  it('gives each message of a batch the last five emails of its thread, its own left out, however long the thread', async () => {
    threads.clear();
    await applyAsOnePart(t.db, step(), Object.values(ids).map((inboundId): GatesJob => ({ inboundId })));
    const [long1, long2] = [await textOf(ids.long1), await textOf(ids.long2)];
    const got1 = threads.get(long1)!;
    const got2 = threads.get(long2)!;
    expect(got1).toEqual(await expected(rels.long, ids.long1));
    expect(got2).toEqual(await expected(rels.long, ids.long2));
    // the latest emails of the 250 (not the last of the first 200), then the other reply, never its own
    // (nor the answers to it)
    expect(got1).toEqual(['We wrote: long email #246', 'They wrote: long email #247', 'We wrote: long email #248', 'They wrote: long email #249', `They wrote: ${long2}`]);
    expect(got2).toEqual(['They wrote: long email #249', `They wrote: ${long1}`, 'We wrote: our answer 0 to reply 1', 'We wrote: our answer 1 to reply 1', 'We wrote: our answer 2 to reply 1']);
    // a short thread: all of it but the message's own
    expect(threads.get(await textOf(ids.short))).toEqual(['We wrote: short email #0', 'They wrote: short email #1']);
    expect(threads.get(await textOf(ids.short))).toEqual(await expected(rels.short, ids.short));
  });

  it("checks an approver's edit against the thread the drafter was given (the console)", async () => {
    // what the context reads of an approval of the reply
    const row = { id: 'apr_console', relationshipId: rels.long.id, inboundId: ids.long1, outreachId: null } as ApprovalRow;
    const ctx = await draftCheckContext(t.db, row);
    const long1 = await textOf(ids.long1);
    // the message itself, then the last five emails of the 250 but its own (as the drafter's thread, without who wrote)
    expect(ctx?.context.threadTexts.slice(0, 6)).toEqual([long1, 'long email #246', 'long email #247', 'long email #248', 'long email #249', await textOf(ids.long2)]);
  });
});
