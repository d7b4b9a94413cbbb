/**
 * The mailbox batch insert (src/ingest/db/inbound.ts `insertInboundBatch`): one statement per batch,
 * deduplicated on (workspace, dedupe key), and safe for two batches committing at once (the backfill's
 * commits in flight) even when they share messages listed in opposite orders. Real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertInboundBatch, type InboundDraft } from '../../src/ingest/db/inbound.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';

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
});
