/**
 * The IMAP store's batch insert into inbound_messages, statement shapes and table settings compared
 * (diagnostic for benchmark 5, docs/benchmarks.md section 5). Batches of 250 of the benchmark's
 * replies. Variants: `pre030-*` the table before migration 030 (pglz bodies, the relationship and
 * Message-ID indexes full), `values` the multi-row VALUES unprepared, `unnest` one array per column,
 * `prepared` what the service runs.
 *
 *   tsx bench/imap-insert-ab.ts [--rounds 6] [--variants a,b]
 *     interleaved rounds on one connection; CPU per message of the backend (/proc schedstat) and of
 *     this process. On a loaded machine the CPU times swing by 50 %: prefer instruction counts:
 *
 *   PostgreSQL under callgrind (load-independent instruction counts):
 *     initdb a cluster; start it natively; TEST_DATABASE_ADMIN_URL=<its admin url> tsx bench/imap-insert-ab.ts --prepare cg
 *     (prints the database url); stop it; start it as `valgrind --tool=callgrind
 *     --callgrind-out-file=DIR/callgrind.out.%p postgres -D ...`; then for each variant
 *     `tsx bench/imap-insert-ab.ts --url <url> --variant V --batches K` with K = 8 and 12: it prints
 *     the backend pid, whose callgrind.out.<pid> "totals" line is its instruction count on exit;
 *     (Ir(12) - Ir(8)) / 4 / 250 is the steady-state cost of one message.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createPgDb } from '../src/db/pg-pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { parseEmail } from '../src/ingest/parse/parse-email.ts';
import { draftFromParsed } from '../src/ingest/mailboxes/pg-sync-store.ts';
import { dedupeKeyOf, insertInboundBatch, type InboundDraft } from '../src/ingest/db/inbound.ts';
import { boundStoredHtml, boundStoredText, MAX_STORED_TEXT_CHARS } from '../src/ingest/stored-text.ts';
import { newId } from '../src/ids.ts';
import { insertAgency, insertWorkspace } from '../src/crm/db/tenants.ts';
import type { Queryable } from '../src/db/types.ts';
import { createBenchDb, dropBenchDb } from './lib/db.ts';
import { message } from './imap-backfill.ts';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 5) || 5;
const batch = 250;
const batches = 8;

const cpuNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);

const lit = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

async function insertUnnest(db: Queryable, drafts: readonly InboundDraft[]): Promise<(string | null)[]> {
  const ids = drafts.map(() => newId('in'));
  const order = drafts.map((d, i) => ({ i, key: dedupeKeyOf(d) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const cols: unknown[][] = Array.from({ length: 21 }, () => []);
  for (const { i, key } of order) {
    const d = drafts[i]!;
    const row = [
      ids[i], d.workspaceId, d.source, d.mailboxId, d.externalId, d.messageId, d.inReplyTo, lit(d.references),
      d.from?.address ?? null, d.from?.name || null, JSON.stringify(d.to), JSON.stringify(d.cc), d.subject,
      boundStoredText(d.text, MAX_STORED_TEXT_CHARS), boundStoredHtml(d.html), JSON.stringify(d.headers), JSON.stringify(d.attachments),
      JSON.stringify(d.reportParts), d.rawSha256, d.receivedAt, key,
    ];
    for (let k = 0; k < 21; k++) cols[k]!.push(row[k]);
  }
  const { rows } = await db.query<{ id: string }>(
    `insert into inbound_messages (id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, "references",
       from_address, from_name, to_addresses, cc_addresses, subject, text, html, headers, attachments, report_parts, raw_sha256,
       received_at, dedupe_key)
     select id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, refs::text[],
       from_address, from_name, to_addresses, cc_addresses, subject, text, html, headers, attachments, report_parts, raw_sha256,
       received_at, dedupe_key
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::jsonb[], $12::jsonb[], $13::text[], $14::text[], $15::text[], $16::jsonb[], $17::jsonb[],
       $18::jsonb[], $19::text[], $20::timestamptz[], $21::text[])
       as u(id, workspace_id, source, mailbox_id, external_id, message_id, in_reply_to, refs,
       from_address, from_name, to_addresses, cc_addresses, subject, text, html, headers, attachments, report_parts, raw_sha256,
       received_at, dedupe_key)
     on conflict (workspace_id, dedupe_key) do nothing returning id`,
    cols,
  );
  const created = new Set(rows.map((r) => r.id));
  return ids.map((id) => (created.has(id) ? id : null));
}

type Insert = (db: Queryable, d: readonly InboundDraft[]) => Promise<unknown>;
/** The table as it was before migration 030 (pglz bodies, the two indexes full), and back. */
const BEFORE_030 = {
  setup: [
    ...['text', 'html', 'headers', 'raw_payload'].map((c) => `alter table inbound_messages alter column ${c} set compression pglz`),
    'drop index inbound_relationship_idx',
    'create index inbound_relationship_idx on inbound_messages (relationship_id)',
    'drop index inbound_message_id_idx',
    'create index inbound_message_id_idx on inbound_messages (workspace_id, message_id) where message_id is not null',
  ].join(';'),
  teardown: [
    ...['text', 'html', 'headers', 'raw_payload'].map((c) => `alter table inbound_messages alter column ${c} set compression lz4`),
    'drop index inbound_relationship_idx',
    'create index inbound_relationship_idx on inbound_messages (relationship_id) where relationship_id is not null',
    'drop index inbound_message_id_idx',
    'create index inbound_message_id_idx on inbound_messages (workspace_id, message_id) where message_id is not null and relationship_id is not null',
  ].join(';'),
};
/** The service's insert without its prepared statement (a wrapper that drops QueryOptions). */
const unprepared: Insert = (db, d) => insertInboundBatch({ query: (q, p) => db.query(q, p) }, d);
const variants: Record<string, { insert: Insert; setup?: string; teardown?: string }> = {
  'pre030-values': { insert: unprepared, ...BEFORE_030 },
  'pre030-unnest': { insert: insertUnnest, ...BEFORE_030 },
  values: { insert: unprepared },
  unnest: { insert: insertUnnest },
  prepared: { insert: insertInboundBatch },
};
const only = args.includes('--variants') ? args[args.indexOf('--variants') + 1]!.split(',') : Object.keys(variants);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

async function draftsFor(workspaceId: string, n: number): Promise<InboundDraft[]> {
  const out: InboundDraft[] = [];
  for (let i = 0; i < n; i++) out.push(draftFromParsed(await parseEmail(Buffer.from(message(i))), { workspaceId, mailboxId: 'mb', receivedAt: new Date('2026-03-02T10:00:00Z') }));
  return out;
}

if (opt('--prepare')) {
  // a database for the instruction-count runs (PostgreSQL under callgrind): schema and a workspace
  const bench = await createBenchDb(opt('--prepare')!);
  const db = createPgDb(bench.url, { max: 1 });
  await migrate(db);
  const agency = await insertAgency(db, 'Bench');
  await insertWorkspace(db, agency.id, 'Bench client');
  await db.close();
  console.log(bench.url);
} else if (opt('--url')) {
  // one variant, `--batches K` on one connection; prints the backend pid (its callgrind file)
  const url = opt('--url')!;
  const v = opt('--variant')!;
  const k = Number(opt('--batches') ?? 1);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const ws = (await admin.query<{ id: string }>('select id from workspaces limit 1')).rows[0]!.id;
  const drafts = await draftsFor(ws, batch * k);
  await admin.query('truncate inbound_messages cascade');
  if (variants[v]!.setup) await admin.query(variants[v]!.setup!);
  const db = createPgDb(url, { max: 1 });
  const pid = Number((await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
  const c0 = process.cpuUsage();
  for (let b = 0; b < k; b++) await db.transaction((tx) => variants[v]!.insert(tx, drafts.slice(b * batch, (b + 1) * batch)));
  const c = process.cpuUsage(c0);
  await db.close();
  if (variants[v]!.teardown) await admin.query(variants[v]!.teardown!);
  await admin.end();
  console.log(JSON.stringify({ variant: v, batches: k, pid, clientMs: (c.user + c.system) / 1000 }));
} else {
const bench = await createBenchDb('imapab');
const db = createPgDb(bench.url, { max: 1 });
const client = new pg.Client({ connectionString: bench.url });
try {
  await migrate(db);
  const agency = await insertAgency(db, 'Bench');
  const { workspace } = await insertWorkspace(db, agency.id, 'Bench client');
  const drafts = await draftsFor(workspace.id, batch * batches);
  await client.connect();
  const pid = Number((await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
  const totals = new Map<string, { server: number[]; client: number[] }>();
  for (let r = 0; r < rounds + 1; r++) {
    const order = r % 2 ? [...only].reverse() : only;
    for (const v of order) {
      await client.query('truncate inbound_messages cascade');
      if (variants[v]!.setup) await client.query(variants[v]!.setup!);
      const s0 = cpuNs(pid);
      const c0 = process.cpuUsage();
      for (let b = 0; b < batches; b++) await db.transaction((tx) => variants[v]!.insert(tx, drafts.slice(b * batch, (b + 1) * batch)));
      const c = process.cpuUsage(c0);
      const s = cpuNs(pid) - s0;
      if (variants[v]!.teardown) await client.query(variants[v]!.teardown!);
      if (r === 0) continue; // warm-up
      const t = totals.get(v) ?? { server: [], client: [] };
      t.server.push(s / 1e6 / (batch * batches));
      t.client.push((c.user + c.system) / 1e3 / (batch * batches));
      totals.set(v, t);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = (x: number) => (x * 1000).toFixed(0);
  for (const [v, t] of totals) console.log(`${v.padEnd(10)} server µs/msg median ${f(med(t.server))} [${t.server.map(f).join(' ')}]  client µs/msg median ${f(med(t.client))} [${t.client.map(f).join(' ')}]`);
} finally {
  await client.end().catch(() => {});
  await db.close();
  await dropBenchDb(bench);
}
}
