/**
 * The mailbox batch insert's prepared statement (src/ingest/db/inbound.ts): a row count seen twice is
 * parsed and planned once per connection. A file of its own: which counts are prepared is per process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertInboundBatch, type InboundDraft } from '../../src/ingest/db/inbound.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';

function draft(workspaceId: string, key: string): InboundDraft {
  return {
    workspaceId, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<${key}@batch.example>`, inReplyTo: null,
    references: [], from: { address: `${key}@batch.example`, name: '' }, to: [], cc: [],
    subject: `Re: ${key}`, text: `body of ${key}`, html: null, headers: { 'x-key': key }, attachments: [], reportParts: [], rawSha256: null, receivedAt: '2026-03-02T10:00:00.000Z',
  };
}

describe('insertInboundBatch, prepared', () => {
  let t: TestDb;
  let ws: string;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    const agency = await insertAgency(t.db, 'Prepared');
    ws = (await insertWorkspace(t.db, agency.id, 'prepared')).workspace.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a batch size seen twice runs as a prepared statement (once per connection), storing each batch once', async () => {
    const size = 37; // a count no other test here uses
    const batchOf = (b: number) => Array.from({ length: size }, (_, i) => draft(ws, `prep-${b}-${i}`));
    for (let b = 0; b < 4; b++) {
      const drafts = batchOf(b);
      const [ids, prepared] = await t.db.transaction(async (tx) => {
        const inserted = await insertInboundBatch(tx, drafts);
        const { rows } = await tx.query<{ name: string }>('select name from pg_prepared_statements where name = $1', [`inbound_batch_${size}`]);
        return [inserted, rows.length] as const;
      });
      expect(ids.every((id) => id !== null)).toBe(true);
      // the first batch of this size goes unprepared; from the second on, the connection has it prepared
      if (b === 0) expect(prepared).toBe(0);
      else expect(prepared).toBe(1);
      // a replay through the prepared statement stores nothing
      expect(await t.db.transaction((tx) => insertInboundBatch(tx, drafts))).toEqual(drafts.map(() => null));
    }
    const n = await t.db.query<{ n: number }>("select count(*)::int as n from inbound_messages where workspace_id = $1 and dedupe_key like 'mid:<prep-%'", [ws]);
    expect(n.rows[0]?.n).toBe(4 * size);
    const stored = await t.db.query<{ text: string; headers: unknown }>("select text, headers from inbound_messages where dedupe_key = 'mid:<prep-3-5@batch.example>'");
    expect(stored.rows[0]).toEqual({ text: 'body of prep-3-5', headers: { 'x-key': 'prep-3-5' } });
  });
});
