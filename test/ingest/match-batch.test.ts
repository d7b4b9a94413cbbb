/**
 * The ingest.match job (src/ingest/ingest-inbound.ts): a mailbox's stored batch is matched
 * MATCH_JOB_SIZE messages a job, together. A batch job matches every one of its messages once; a
 * redelivered job changes nothing; a batch job that failed is split into one job per message still
 * unmatched; a job of one id (the shape queued before batch jobs) still works. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertInboundBatch, type InboundDraft } from '../../src/ingest/db/inbound.ts';
import { MATCH_JOB_SIZE, matchStoredInbound, storeInboundBatch, type MatchJob } from '../../src/ingest/ingest-inbound.ts';
import type { EnqueueInTx } from '../../src/ingest/ports.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';

function draft(workspaceId: string, key: string): InboundDraft {
  return {
    workspaceId, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<${key}@match.example>`, inReplyTo: null, references: [],
    from: { address: `editor@${key}.example`, name: 'Editor' }, to: [{ address: 'us@agency.example', name: '' }], cc: [],
    subject: `Re: ${key}`, text: `thanks, happy to discuss (${key})`, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: null, receivedAt: '2026-03-02T10:00:00.000Z',
  };
}

describe.each(DB_KINDS)('ingest.match batch jobs (%s)', (kind) => {
  let t: TestDb;
  let ws: string;
  let queued: Array<{ queue: string; data: Record<string, unknown> }> = [];
  const enqueue: EnqueueInTx = async (_tx, queue, payloads) => {
    for (const data of payloads) queued.push({ queue, data });
  };
  const take = (queue: string) => {
    const out = queued.filter((j) => j.queue === queue).map((j) => j.data);
    queued = queued.filter((j) => j.queue !== queue);
    return out;
  };
  const run = (job: unknown, retryCount = 0) => t.db.transaction((tx) => matchStoredInbound(tx, job as MatchJob, enqueue, { retryCount }));
  const state = async (ids: readonly string[]) => {
    const m = await t.db.query<{ n: number; matched: number; related: number }>(
      'select count(*)::int as n, count(matched_at)::int as matched, count(relationship_id)::int as related from inbound_messages where id = any($1)',
      [ids],
    );
    const e = await t.db.query<{ n: number; distinct: number }>(
      "select count(*)::int as n, count(distinct metadata->>'inboundId')::int as distinct from events where type = 'EMAIL_RECEIVED' and metadata->>'inboundId' = any($1)",
      [ids],
    );
    return { ...m.rows[0]!, events: e.rows[0]!.n, eventMessages: e.rows[0]!.distinct };
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    const agency = await insertAgency(t.db, 'Match');
    ws = (await insertWorkspace(t.db, agency.id, 'match')).workspace.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a stored batch queues one job per MATCH_JOB_SIZE messages, and each matches all of its messages once', async () => {
    const n = 2 * MATCH_JOB_SIZE + 7;
    const drafts = Array.from({ length: n }, (_, i) => draft(ws, `batch-${i}`));
    queued = [];
    const ids = await t.db.transaction((tx) => storeInboundBatch(tx, drafts, enqueue, { history: true }));
    expect(ids).toHaveLength(n);
    const jobs = take(QUEUES.ingestMatch);
    expect(jobs).toHaveLength(3);
    expect(jobs.flatMap((j) => j['inboundIds'] as string[])).toEqual(ids);
    for (const j of jobs) expect(j).toMatchObject({ inboundId: (j['inboundIds'] as string[])[0], history: true });

    const results = [];
    for (const job of jobs) results.push(...(await run(job)));
    expect(results.map((r) => r.inboundId)).toEqual(ids);
    expect(results.every((r) => r.relationshipId)).toBe(true);
    expect(await state(ids)).toEqual({ n, matched: n, related: n, events: n, eventMessages: n });
    const classify = take(QUEUES.classify);
    expect(classify.map((c) => c['inboundId'])).toEqual(ids);
    expect(classify.every((c) => c['history'] === true)).toBe(true);

    // delivered again (a worker died after the commit): nothing changes, nothing is queued
    for (const job of jobs) expect(await run(job)).toEqual([]);
    for (const job of jobs) expect(await run(job, 1)).toEqual([]);
    expect(queued).toEqual([]);
    expect(await state(ids)).toEqual({ n, matched: n, related: n, events: n, eventMessages: n });
  });

  it('a batch job delivered again after a failure is split into one job per message still unmatched', async () => {
    const drafts = Array.from({ length: 5 }, (_, i) => draft(ws, `split-${i}`));
    queued = [];
    const ids = await t.db.transaction((tx) => storeInboundBatch(tx, drafts, enqueue));
    const [job] = take(QUEUES.ingestMatch);
    expect(job).toEqual({ inboundId: ids[0], inboundIds: ids });
    // one of them was matched by an earlier single job meanwhile
    expect((await run({ inboundId: ids[2] })).map((r) => r.inboundId)).toEqual([ids[2]]);
    take(QUEUES.classify);
    expect(await run(job, 1)).toEqual([]);
    const singles = take(QUEUES.ingestMatch);
    expect(singles).toEqual([ids[0], ids[1], ids[3], ids[4]].map((inboundId) => ({ inboundId })));
    expect((await state(ids)).matched).toBe(1);
    for (const single of singles) await run(single);
    expect(take(QUEUES.classify).map((c) => c['inboundId'])).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(await state(ids)).toEqual({ n: 5, matched: 5, related: 5, events: 5, eventMessages: 5 });
  });

  it('a job of one id, as queued before batch jobs, still matches its message once', async () => {
    queued = [];
    const [id] = await t.db.transaction((tx) => insertInboundBatch(tx, [draft(ws, 'old-shape')]));
    const [r] = await run({ inboundId: id, history: true });
    expect(r).toMatchObject({ inboundId: id, duplicate: false, workspaceId: ws, source: 'IMAP' });
    expect(r!.relationshipId).toBeTruthy();
    expect(take(QUEUES.classify)).toEqual([{ inboundId: id, history: true }]);
    expect(await run({ inboundId: id, history: true })).toEqual([]);
    expect(queued).toEqual([]);
    expect(await state([id!])).toEqual({ n: 1, matched: 1, related: 1, events: 1, eventMessages: 1 });
  });
});
