/**
 * The classify step applies a part of a batch set-based (src/classify/classify-step.ts `load`): one
 * read of the part's messages, partners, histories and policies, then each message in lock order. This
 * proves it decides exactly as one message at a time would — including a partner that several messages
 * of the part write to (its later messages see the earlier ones' prices) — and that a replayed part or
 * a second job of the same message appends nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { ingestInbound } from '../../src/ingest/ingest-inbound.ts';
import type { InboundDraft } from '../../src/ingest/db/inbound.ts';
import { classifyStep, type ClassifyJob } from '../../src/classify/classify-step.ts';
import { deferEnqueues, runBeforeCommit, takeDeferred } from '../../src/jobs/deferred-enqueue.ts';
import type { Queryable } from '../../src/db/types.ts';
import { appendEvent } from '../../src/crm/append-event.ts';

type Row = Record<string, unknown>;
const NOW = new Date('2026-11-25T12:00:00Z');

const draft = (workspaceId: string, from: string, text: string, n: number): InboundDraft => ({
  workspaceId, source: 'INSTANTLY', mailboxId: null, externalId: `batch-${workspaceId}-${n}`, messageId: `<batch-${workspaceId}-${n}@partner.example>`,
  inReplyTo: null, references: [], from: { address: from, name: 'Partner Person' }, to: [{ address: 'outreach@agency.example', name: 'Agency' }], cc: [],
  subject: 'Re: Collaboration', text, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null,
  receivedAt: new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString(),
});

describe.each(DB_KINDS)('classify step, a batch applied set-based on %s', (kind) => {
  let t: TestDb;
  const jobs: Record<string, string[]> = {};
  /** The workspaces: batched and solo, each with a second workspace of the same agency ('batched bis', 'solo bis'). */
  const wsIds: Record<string, string> = {};
  const step = () => classifyStep({ db: t.db, enqueue: async () => {}, model: null, now: () => NOW });

  /** Ingests the same conversation for a workspace, under its own partner domains; returns the message ids in order. */
  const seed = async (workspaceId: string, tag: string) => {
    const texts: Array<[string, string]> = [
      [`owner@one-${tag}.example`, 'Thanks for reaching out. A sponsored guest post is $350.'],
      [`editor@two-${tag}.example`, 'A link insertion into an existing article is $120.'],
      [`owner@one-${tag}.example`, 'Update: the guest post is $300 now, a link insertion is $150.'],
      [`owner@one-${tag}.example`, 'As said, a guest post is $300.'],
    ];
    const ids: string[] = [];
    for (const [i, [from, text]] of texts.entries()) {
      const r = await t.db.transaction((tx) => ingestInbound(tx, draft(workspaceId, from, text, i), async () => {}, { receivedByUsAt: NOW }));
      ids.push(r.inboundId!);
    }
    // the workspace wrote to the first partner (evidence for its facts), never to the second
    const rel = (await t.db.query<{ relationship_id: string }>('select relationship_id from inbound_messages where id = $1', [ids[0]])).rows[0]!.relationship_id;
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel, type: 'EMAIL_SENT', occurredAt: new Date(Date.UTC(2026, 10, 19)), metadata: { to: `owner@one-${tag}.example` } }));
    return ids;
  };

  /** What run-step does with a part: prepare each job, then load and apply them all in one transaction. */
  /** The statements of the last part applied, as they were sent. */
  let partStatements: string[] = [];
  const applyAsOnePart = async (ids: readonly string[]) => {
    const handler = step();
    const metas = ids.map((inboundId, i) => ({ data: { inboundId } as ClassifyJob, job: { id: `job-${i}`, retryCount: 0 } }));
    const batch = await handler.preload!(metas);
    const items: Array<(typeof metas)[number] & { prepared: Awaited<ReturnType<NonNullable<typeof handler.prepare>>> }> = [];
    for (const m of metas) items.push({ ...m, prepared: await handler.prepare!(m.data, m.job, batch) });
    items.sort((a, b) => ((handler.lockKey!(a.data, a.prepared) ?? '') < (handler.lockKey!(b.data, b.prepared) ?? '') ? -1 : 1));
    partStatements = [];
    await t.db.transaction(async (inner: Queryable) => {
      const tx: Queryable = { query: (sql, params) => (partStatements.push(sql), inner.query(sql, params)) };
      deferEnqueues(tx);
      const loaded = await handler.load!(tx, items);
      for (const i of items) await handler.apply(tx, i.data, i.prepared, i.job, loaded);
      await runBeforeCommit(tx);
      takeDeferred(tx);
    });
  };

  /** One message at a time, each in its own transaction (the reference). */
  const applyOneByOne = async (ids: readonly string[]) => {
    const handler = step();
    for (const [i, inboundId] of ids.entries()) {
      const job = { id: `solo-${i}`, retryCount: 0 };
      const prepared = await handler.prepare!({ inboundId }, job);
      await t.db.transaction((tx) => handler.apply(tx, { inboundId }, prepared, job));
    }
  };

  const classified = async (ids: readonly string[]) =>
    Promise.all(ids.map(async (id) => (await t.db.query<Row>('select status, classification from inbound_messages where id = $1', [id])).rows[0]!));
  const eventCounts = async (ids: readonly string[]) =>
    (await t.db.query<{ type: string; n: number }>(
      `select type, count(*)::int as n from events where metadata->>'inboundId' = any($1) group by type order by type`, [ids],
    )).rows;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const ag = await insertAgency(t.db, 'Batch agency');
    const one = (await insertWorkspace(t.db, ag.id, 'batched')).workspace.id;
    const two = (await insertWorkspace(t.db, ag.id, 'one by one')).workspace.id;
    jobs['batched'] = await seed(one, 'b');
    jobs['solo'] = await seed(two, 's');
    wsIds['batched'] = one;
    wsIds['solo'] = two;
    wsIds['batched bis'] = (await insertWorkspace(t.db, ag.id, 'batched bis')).workspace.id;
    wsIds['solo bis'] = (await insertWorkspace(t.db, ag.id, 'one by one bis')).workspace.id;
  });
  afterAll(() => t.drop());

  it('decides every message as one at a time does, a partner written twice in the part included', async () => {
    // the first message twice: a second job of the same message in one batch (pg-boss delivers at least once)
    await applyAsOnePart([...jobs['batched']!, jobs['batched']![0]!]);
    await applyOneByOne(jobs['solo']!);
    const batched = await classified(jobs['batched']!);
    const solo = await classified(jobs['solo']!);
    expect(batched.map((r) => r['status'])).toEqual(['CLASSIFIED', 'CLASSIFIED', 'CLASSIFIED', 'CLASSIFIED']);
    // prices recorded at one instant (this test's clock stands still) have no order between them
    const byAmount = (prices: unknown) => [...(prices as Array<{ amount: number; type: string }>)].sort((a, b) => a.amount - b.amount || a.type.localeCompare(b.type));
    const view = (r: Row) => {
      const c = r['classification'] as Row;
      const history = c['history'] as Row;
      return { intent: c['intent'], confidence: c['confidence'], history: { ...history, pricesSeen: byAmount(history['pricesSeen']) }, pendingEffects: c['pendingEffects'] ?? null };
    };
    expect(batched.map(view)).toEqual(solo.map(view));
    // the later replies of the partner see the prices the earlier ones recorded in the same part
    const history = (batched[3]!['classification'] as Row)['history'] as { pricesSeen: unknown[]; messagesReceived: number };
    expect(history.pricesSeen.length).toBe(3);
    expect(history.messagesReceived).toBe(3);
    expect(await eventCounts(jobs['batched']!)).toEqual(await eventCounts(jobs['solo']!));
    // the evidence read once for the part decides as the one read per message: shared with our send, this workspace's own without
    const asserted = async (ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => (await t.db.query<Row>('select evidence, scope, flagged, value from account_assertions where idempotency_key = $1', [`${id}:prices`])).rows));
    const batchedAssertions = await asserted(jobs['batched']!);
    expect(batchedAssertions).toEqual(await asserted(jobs['solo']!));
    expect(batchedAssertions.map((r) => r[0]?.['evidence'])).toEqual(['OUR_SEND', 'NONE', 'OUR_SEND', 'OUR_SEND']);
    const partners = async (tag: string) =>
      (await t.db.query<Row>(
        `select replace(domain, $1, '') as domain, system_contact_status, price_link_insertion, price_guest_post, price_currency from accounts where domain like $2 order by domain`,
        [`-${tag}.`, `%-${tag}.example`],
      )).rows;
    const batchedPartners = await partners('b');
    expect(batchedPartners).toEqual(await partners('s'));
    expect(batchedPartners.map((r) => r['system_contact_status'])).toEqual(['RATE_ESTABLISHED', 'NEVER_CONTACTED']);
    // ... read once for the part, not per message: no statement of threadEvidence, one update of the messages
    expect(partStatements.filter((q) => /select m\.from_address|select 1 from events e left join contacts/.test(q))).toEqual([]);
    expect(partStatements.filter((q) => /update inbound_messages/.test(q)).length).toBe(1);
    // the messages are locked without their bodies (read and classified before the transaction)
    const reads = partStatements.filter((q) => /from inbound_messages/.test(q));
    expect(reads.length).toBe(1);
    expect(reads[0]).toMatch(/for update/);
    expect(reads[0]).not.toMatch(/select \*|\btext\b|\bhtml\b/);
  });

  it('a later part compares restated prices with what it loaded: nothing rewritten, as one at a time', async () => {
    // the first reply of each partner in a new part: the shared price (evidence) and the workspace's own (none), both restated
    const restate = async (workspaceId: string, tag: string) => {
      const ids: string[] = [];
      for (const [i, [from, text]] of ([[`owner@one-${tag}.example`, 'Still the same: a guest post is $300.'], [`editor@two-${tag}.example`, 'As before, a link insertion is $120.']] as const).entries()) {
        ids.push((await t.db.transaction((tx) => ingestInbound(tx, draft(workspaceId, from, text, 10 + i), async () => {}, { receivedByUsAt: NOW }))).inboundId!);
      }
      return ids;
    };
    const ws = async (tag: string) => (await t.db.query<{ id: string }>('select workspace_id as id from inbound_messages where id = $1', [jobs[tag]![0]])).rows[0]!.id;
    const own = async (tag: string) =>
      (await t.db.query<Row>(`select price_link_insertion, price_guest_post, price_currency, updated_at from workspace_account_facts where workspace_id = $1 order by account_id`, [await ws(tag)])).rows;
    const batchedIds = await restate(await ws('batched'), 'b');
    const soloIds = await restate(await ws('solo'), 's');
    const before = await own('batched');
    await applyAsOnePart(batchedIds);
    await applyOneByOne(soloIds);
    expect(await own('batched')).toEqual(before);
    const prices = (rows: Row[]) => rows.map(({ updated_at: _u, ...r }) => r);
    expect(prices(await own('batched'))).toEqual(prices(await own('solo')));
    expect(await eventCounts(batchedIds)).toEqual(await eventCounts(soloIds));
    // the prices and the shared status came from the part's load, not a read per message
    expect(partStatements.filter((q) => /from workspace_account_facts where|from accounts where id = \$1/.test(q) && !/any\(/.test(q))).toEqual([]);
  });

  it('a replayed part appends nothing and changes nothing', async () => {
    const before = { rows: await classified(jobs['batched']!), events: await eventCounts(jobs['batched']!) };
    const classifiedEvents = before.events.find((e) => e.type === 'MESSAGE_CLASSIFIED');
    expect(classifiedEvents?.n).toBe(4);
    await applyAsOnePart(jobs['batched']!);
    expect(await classified(jobs['batched']!)).toEqual(before.rows);
    expect(await eventCounts(jobs['batched']!)).toEqual(before.events);
  });

  it('writes a part\'s price assertions in one insert and its workspace prices in one upsert, as one at a time', async () => {
    // per workspace: the first partner again (shared: our send is evidence; a new price, one restated, the new one taken back), a new
    // partner three times (its workspace's own: no send), the same new partner from the second workspace, the second partner in another
    // currency and back (its stored link insertion restated in dollars after the part changed the currency: a change, as one at a time)
    const conversation = async (name: string, tag: string) => {
      const texts: Array<[string, string, string]> = [
        [name, `owner@one-${tag}.example`, 'The guest post is $280 from now on.'],
        [name, `owner@one-${tag}.example`, 'As before, a link insertion is $150.'],
        [name, `owner@one-${tag}.example`, 'Sorry, the guest post stays at $300.'],
        [name, `owner@three-${tag}.example`, 'A guest post on our site is $200.'],
        [name, `owner@three-${tag}.example`, 'Correction: a link insertion is $80.'],
        [name, `owner@three-${tag}.example`, 'As said, a guest post is $200.'],
        [`${name} bis`, `editor@three-${tag}.example`, 'We charge $90 for a link insertion.'],
        [name, `editor@two-${tag}.example`, 'A guest post is €250.'],
        [name, `editor@two-${tag}.example`, 'Back to dollars: a link insertion is $120.'],
      ];
      const ids: string[] = [];
      for (const [i, [ws, from, text]] of texts.entries()) {
        ids.push((await t.db.transaction((tx) => ingestInbound(tx, draft(wsIds[ws]!, from, text, 20 + i), async () => {}, { receivedByUsAt: NOW }))).inboundId!);
      }
      return ids;
    };
    const batchedIds = await conversation('batched', 'b');
    const soloIds = await conversation('solo', 's');
    await applyAsOnePart(batchedIds);
    await applyOneByOne(soloIds);

    const rows = await classified(batchedIds);
    expect(rows.map((r) => r['status'])).toEqual(batchedIds.map(() => 'CLASSIFIED'));
    const intents = (rs: Row[]) => rs.map((r) => [(r['classification'] as Row)['intent'], (r['classification'] as Row)['pendingEffects'] ?? null]);
    expect(intents(rows)).toEqual(intents(await classified(soloIds)));
    expect(intents(rows).every(([intent, pending]) => intent === 'PRICE_QUOTE' && pending === null)).toBe(true);
    expect(await eventCounts(batchedIds)).toEqual(await eventCounts(soloIds));
    const asserted = async (ids: readonly string[]) =>
      Promise.all(ids.map(async (id) => (await t.db.query<Row>('select evidence, scope, flagged, value, source, fact from account_assertions where idempotency_key = $1', [`${id}:prices`])).rows));
    const batchedAssertions = await asserted(batchedIds);
    expect(batchedAssertions).toEqual(await asserted(soloIds));
    expect(batchedAssertions.map((r) => r.length)).toEqual(batchedIds.map(() => 1));
    expect(batchedAssertions.map((r) => r[0]!['scope'])).toEqual(['SHARED', 'SHARED', 'SHARED', 'WORKSPACE', 'WORKSPACE', 'WORKSPACE', 'WORKSPACE', 'WORKSPACE', 'WORKSPACE']);
    const partners = async (tag: string) =>
      (await t.db.query<Row>(
        `select replace(domain, $1, '.') as domain, system_contact_status, price_link_insertion, price_guest_post, price_currency, prices_updated_at from accounts where domain like $2 order by domain`,
        [`-${tag}.`, `%-${tag}.example`],
      )).rows;
    const batchedPartners = await partners('b');
    expect(batchedPartners).toEqual(await partners('s'));
    // the shared row took the new guest post price and then the old one back (the second compared with the first, not with the load)
    expect(batchedPartners.find((r) => r['domain'] === 'one.example')).toMatchObject({ price_guest_post: expect.anything(), price_currency: 'USD' });
    expect(Number(batchedPartners.find((r) => r['domain'] === 'one.example')!['price_guest_post'])).toBe(300);
    expect(Number(batchedPartners.find((r) => r['domain'] === 'one.example')!['price_link_insertion'])).toBe(150);
    const own = async (name: string, tag: string) =>
      (await t.db.query<Row>(
        `select replace(a.domain, $2, '.') as domain, f.price_link_insertion::float8 as li, f.price_guest_post::float8 as gp, f.price_currency, f.prices_updated_at, f.do_not_contact
           from workspace_account_facts f join accounts a on a.id = f.account_id where f.workspace_id = $1 order by a.domain`,
        [wsIds[name], `-${tag}.`],
      )).rows;
    for (const [batched, solo] of [['batched', 'solo'], ['batched bis', 'solo bis']] as const) expect(await own(batched, 'b')).toEqual(await own(solo, 's'));
    // folded in message order: the guest post, then the link insertion; the restated guest post changed nothing; the other workspace's own apart
    expect((await own('batched', 'b')).map((r) => [r['domain'], r['li'], r['gp'], r['price_currency']])).toEqual([
      ['three.example', 80, 200, 'USD'],
      ['two.example', 120, 250, 'USD'],
    ]);
    expect((await own('batched bis', 'b')).map((r) => [r['domain'], r['li'], r['gp'], r['price_currency']])).toEqual([['three.example', 90, null, 'USD']]);
    // one insert of the part's assertions (and one at once for each shared price that changed), one upsert of the workspace prices
    expect(partStatements.filter((q) => /insert into account_assertions/.test(q)).length).toBe(3);
    expect(partStatements.filter((q) => /update accounts set price/.test(q)).length).toBe(2);
    expect(partStatements.filter((q) => /insert into workspace_account_facts/.test(q)).length).toBe(1);
  });

  it('a replayed part of price assertions changes nothing, even with the prices changed since', async () => {
    const ids = (await t.db.query<{ id: string }>(`select id from inbound_messages where workspace_id = any($1) and external_id like 'batch-%-2_' order by external_id`, [[wsIds['batched'], wsIds['batched bis']]])).rows.map((r) => r.id);
    expect(ids.length).toBe(9);
    const snapshot = async () => ({
      assertions: (await t.db.query<Row>('select id, account_id, workspace_id, fact, value, scope, evidence from account_assertions order by id')).rows,
      facts: (await t.db.query<Row>('select * from workspace_account_facts order by workspace_id, account_id')).rows,
      accounts: (await t.db.query<Row>('select * from accounts order by id')).rows,
      events: await eventCounts(ids),
    });
    // a job delivered again: the messages are classified, nothing is applied
    const before = await snapshot();
    await applyAsOnePart(ids);
    expect(await snapshot()).toEqual(before);
    expect(partStatements.filter((q) => /account_assertions|workspace_account_facts/.test(q))).toEqual([]);
    // the same messages applied again (as if they were never marked classified), after their prices changed: every assertion is
    // already recorded, so none of them changes a price again
    await t.db.query(`update inbound_messages set status = 'RECEIVED' where id = any($1)`, [ids]);
    await t.db.query(`update workspace_account_facts set price_link_insertion = 1, price_guest_post = 2 where workspace_id = any($1)`, [[wsIds['batched'], wsIds['batched bis']]]);
    await t.db.query(`update accounts set price_guest_post = 3 where domain like '%-b.example'`);
    const changed = await snapshot();
    await applyAsOnePart(ids);
    expect(await snapshot()).toEqual(changed);
    // the part's assertions in one insert, and the shared prices that now differ from the stored one tried at once: all already recorded
    expect(partStatements.filter((q) => /insert into account_assertions/.test(q)).length).toBe(3);
    expect(partStatements.filter((q) => /insert into workspace_account_facts|update accounts set price/.test(q))).toEqual([]);
  });
});
