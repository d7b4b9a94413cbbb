/**
 * Fairness between workspaces on the shared pipeline queues (issue 10): after one workspace's burst,
 * another workspace's single job is handed out among the first, not after the burst. Real PostgreSQL,
 * real pg-boss; jobs are fetched the way a worker fetches them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, enqueueWith, ensureQueues, type Boss } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { storeDeliveries } from '../../src/ingest/instantly/store-deliveries.ts';
import { parseInstantlyWebhook } from '../../src/ingest/instantly/webhook-payload.ts';
import { insertInbound } from '../../src/ingest/db/inbound.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';

const payload = (ws: string, i: number) => {
  const p = parseInstantlyWebhook({ event_type: 'reply_received', timestamp: '2026-11-20T10:00:00Z', lead_email: `p${i}@burst.example`, email_id: `${ws}-${i}`, reply_text: 'ok' });
  if (!p.ok) throw new Error(p.message);
  return p.payload;
};

describe('fair queueing between workspaces', () => {
  let t: TestDb;
  let boss: Boss;
  let wsA: string;
  let wsB: string;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    boss = createBoss(t.db, t.url);
    await boss.start();
    await ensureQueues(boss);
    const agency = await insertAgency(t.db, 'Fair');
    wsA = (await insertWorkspace(t.db, agency.id, 'burst')).workspace.id;
    wsB = (await insertWorkspace(t.db, agency.id, 'small')).workspace.id;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await t?.drop();
  });

  it("a small workspace's webhook job is fetched first after another workspace's burst of 1,000", async () => {
    const enqueue = enqueueWith(boss);
    for (let batch = 0; batch < 10; batch++) {
      await t.db.transaction((tx) => storeDeliveries(tx, Array.from({ length: 100 }, (_, i) => ({ workspaceId: wsA, payload: payload(wsA, batch * 100 + i) })), enqueue));
    }
    const [small] = await t.db.transaction((tx) => storeDeliveries(tx, [{ workspaceId: wsB, payload: payload(wsB, 0) }], enqueue));

    const first = await boss.fetch<{ webhookEventId: string }>(QUEUES.ingestWebhook, { batchSize: 50 });
    const ids = first.map((j) => j.data.webhookEventId);
    expect(ids).toContain(small!.deliveryId);
    // the burst's own jobs keep their order: the rest of the batch comes from its first 100 deliveries
    const { rows } = await t.db.query<{ id: string }>('select id::text as id from webhook_events where workspace_id = $1 order by webhook_events.id limit 100', [wsA]);
    const firstHundred = new Set(rows.map((r) => r.id));
    expect(ids.filter((id) => id !== small!.deliveryId).every((id) => firstHundred.has(id))).toBe(true);
  });

  it('inbound-message jobs (classify, gates, respond) are ranked by the same backlog', async () => {
    const enqueue = enqueueWith(boss);
    const draft = (ws: string, i: number) => ({
      workspaceId: ws, source: 'IMAP' as const, mailboxId: null, externalId: null, messageId: `<m${i}-${ws}@x.example>`, inReplyTo: null, references: [],
      from: { address: 'a@x.example', name: '' }, to: [], cc: [], subject: 's', text: 't', html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null,
      receivedAt: new Date().toISOString(),
    });
    const aIds: string[] = [];
    for (let i = 0; i < 300; i++) aIds.push((await insertInbound(t.db, draft(wsA, i)))!);
    await t.db.transaction((tx) => enqueue(tx, QUEUES.classify, aIds.map((inboundId) => ({ inboundId }))));
    const bId = (await insertInbound(t.db, draft(wsB, 1)))!;
    await t.db.transaction((tx) => enqueue(tx, QUEUES.classify, [{ inboundId: bId }]));
    const first = await boss.fetch<{ inboundId: string }>(QUEUES.classify, { batchSize: 10 });
    expect(first[0]?.data.inboundId).toBe(bId);
  });
});
