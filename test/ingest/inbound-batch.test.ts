/**
 * The mailbox batch insert (src/ingest/db/inbound.ts `insertInboundBatch`): one statement per batch,
 * deduplicated on (workspace, dedupe key), and safe for two batches committing at once (the backfill's
 * commits in flight) even when they share messages listed in opposite orders. Real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { getInbound, getInbounds, insertInboundBatch, type InboundDraft } from '../../src/ingest/db/inbound.ts';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';

function draft(workspaceId: string, key: string, text = `body of ${key}`): InboundDraft {
  return {
    workspaceId, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<${key}@batch.example>`, inReplyTo: null,
    references: ['<a@x.example>', 'b "quoted" \\ back'], from: { address: `${key}@batch.example`, name: 'Ann "A" O\'Neil' }, to: [{ address: 'us@agency.example', name: '' }], cc: [],
    subject: `Re: ${key}`, text, html: null, headers: { 'x-key': key }, attachments: [], reportParts: [], rawSha256: null, receivedAt: '2026-03-02T10:00:00.000Z',
  };
}

describe('insertInboundBatch', () => {
  let t: TestDb;
  let ws: string;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    const agency = await insertAgency(t.db, 'Batch');
    ws = (await insertWorkspace(t.db, agency.id, 'batch')).workspace.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('stores every field as given, once per dedupe key; a repeat within the batch or a replay stores nothing', async () => {
    const drafts = [draft(ws, 'one'), draft(ws, 'two'), draft(ws, 'one', 'a second copy')];
    const ids = await t.db.transaction((tx) => insertInboundBatch(tx, drafts));
    expect(ids[0]).toMatch(/^in/);
    expect(ids[1]).toMatch(/^in/);
    expect(ids[2]).toBeNull(); // the first copy in the batch wins
    const { rows } = await t.db.query<Record<string, unknown>>('select * from inbound_messages where id = $1', [ids[0]]);
    expect(rows[0]).toMatchObject({ text: 'body of one', references: ['<a@x.example>', 'b "quoted" \\ back'], from_name: 'Ann "A" O\'Neil', headers: { 'x-key': 'one' }, to_addresses: [{ address: 'us@agency.example', name: '' }], message_id: '<one@batch.example>' });
    expect(await t.db.transaction((tx) => insertInboundBatch(tx, drafts))).toEqual([null, null, null]);
    const n = await t.db.query<{ n: number }>('select count(*)::int as n from inbound_messages where workspace_id = $1', [ws]);
    expect(n.rows[0]?.n).toBe(2);
  });

  it('two batches committing at once that share messages in opposite orders both commit, each message stored once', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `shared-${i}`);
    const forward = keys.map((k) => draft(ws, k));
    const backward = [...keys].reverse().map((k) => draft(ws, k));
    for (let round = 0; round < 5; round++) {
      const suffix = `-r${round}`;
      const a = forward.map((d) => ({ ...d, messageId: d.messageId!.replace('@', `${suffix}@`) }));
      const b = backward.map((d) => ({ ...d, messageId: d.messageId!.replace('@', `${suffix}@`) }));
      const [ia, ib] = await Promise.all([
        t.db.transaction(async (tx) => {
          const ids = await insertInboundBatch(tx, a);
          await tx.query('select pg_sleep(0.02)');
          return ids;
        }),
        t.db.transaction(async (tx) => {
          const ids = await insertInboundBatch(tx, b);
          await tx.query('select pg_sleep(0.02)');
          return ids;
        }),
      ]);
      const stored = [...ia, ...ib].filter((x) => x !== null).length;
      expect(stored).toBe(keys.length);
    }
  });

  it("reads every column a reader uses, and never the source's raw payload (the bodies a second time)", async () => {
    const [id] = await t.db.transaction((tx) => insertInboundBatch(tx, [{ ...draft(ws, 'raw'), rawPayload: { reply_text: 'body of raw', reply_html: '<p>body of raw</p>' } }]));
    const stored = (await t.db.query<Record<string, unknown>>('select * from inbound_messages where id = $1', [id])).rows[0]!;
    expect(stored['raw_payload']).toEqual({ reply_text: 'body of raw', reply_html: '<p>body of raw</p>' });
    const columns = Object.keys(stored).filter((c) => c !== 'raw_payload').map((c) => c.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase()));
    for (const row of [await getInbound(t.db, id!), (await getInbounds(t.db, [id!])).get(id!), (await getInbounds(t.db, [id!], { forUpdate: true })).get(id!)]) {
      expect(row).toBeDefined();
      expect(Object.keys(row!).sort()).toEqual(columns.sort());
      expect(row).toMatchObject({ text: 'body of raw', subject: 'Re: raw', headers: { 'x-key': 'raw' } });
    }
  });
});

describe.each(DB_KINDS)('inbound_messages after migration 030 (%s)', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('bodies are compressed with lz4 where the server has it (PGlite keeps pglz), and read back whole', async () => {
    const { rows } = await t.db.query<{ attname: string; c: string }>(
      "select attname, attcompression as c from pg_attribute where attrelid = 'inbound_messages'::regclass and attname in ('text', 'html', 'headers', 'raw_payload') order by attname",
    );
    expect(rows.map((r) => `${r.attname}:${r.c}`)).toEqual(kind === 'postgres' ? ['headers:l', 'html:l', 'raw_payload:l', 'text:l'] : ['headers:', 'html:', 'raw_payload:', 'text:']);
    const agency = await insertAgency(t.db, 'Lz4');
    const wsId = (await insertWorkspace(t.db, agency.id, 'lz4')).workspace.id;
    const body = Array.from({ length: 300 }, (_, i) => `line ${i} of a long reply`).join('\n');
    const [id] = await t.db.transaction((tx) => insertInboundBatch(tx, [draft(wsId, 'long', body)]));
    const r = await t.db.query<{ text: string; c: string | null }>('select text, pg_column_compression(text) as c from inbound_messages where id = $1', [id]);
    expect(r.rows[0]?.text).toBe(body);
    expect(r.rows[0]?.c).toBe(kind === 'postgres' ? 'lz4' : 'pglz');
  });

  it('the relationship and Message-ID indexes cover only matched messages, which their queries ask for', async () => {
    const { rows } = await t.db.query<{ indexname: string; indexdef: string }>(
      "select indexname, indexdef from pg_indexes where tablename = 'inbound_messages' and indexname in ('inbound_relationship_idx', 'inbound_message_id_idx') order by indexname",
    );
    expect(rows.map((r) => r.indexname)).toEqual(['inbound_message_id_idx', 'inbound_relationship_idx']);
    for (const r of rows) expect(r.indexdef).toMatch(/WHERE .*relationship_id IS NOT NULL/);
    if (kind !== 'postgres') return;
    // the planner can use them for the queries that read them
    const plan = async (sql: string) =>
      (await t.db.transaction(async (tx) => {
        await tx.query('set local enable_seqscan = off');
        return tx.query<{ 'QUERY PLAN': string }>(`explain ${sql}`);
      })).rows.map((x) => x['QUERY PLAN']).join('\n');
    expect(await plan("select relationship_id from inbound_messages where workspace_id = 'w' and message_id = any('{<a@x>}') and relationship_id is not null order by received_at desc limit 1")).toContain('inbound_message_id_idx');
    expect(await plan("select id from inbound_messages where relationship_id = 'rel_x'")).toContain('inbound_relationship_idx');
  });

});
