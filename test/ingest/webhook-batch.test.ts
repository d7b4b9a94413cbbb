/**
 * The ingest.webhook step processes a part of its batch set-based (src/ingest/instantly/ingest-step.ts
 * `load`): deliveries locked in one statement, senders matched and partners created a few statements
 * per batch. This proves a batch writes the rows one delivery at a time writes — known and new
 * senders mixed, two messages from one new sender (and a third address at its new domain), the same
 * address in two workspaces, a decoy contact, freemail, a bounce, an auto-reply, an unsubscribe, a raw
 * event, a redelivered reply and a job repeated in the batch — and that a replayed batch changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertContact } from '../../src/crm/db/contacts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { storeDeliveries } from '../../src/ingest/instantly/store-deliveries.ts';
import { ingestWebhookStep, type WebhookJob } from '../../src/ingest/instantly/ingest-step.ts';
import type { InstantlyWebhookPayload } from '../../src/ingest/instantly/webhook-payload.ts';
import { deferEnqueues, runBeforeCommit, takeDeferred } from '../../src/jobs/deferred-enqueue.ts';
import type { Queryable } from '../../src/db/types.ts';

type Row = Record<string, unknown>;

const reply = (n: number, lead: string, over: Partial<InstantlyWebhookPayload> & Record<string, unknown> = {}) =>
  ({
    event_type: 'reply_received', timestamp: `2026-11-20T10:${String(n).padStart(2, '0')}:00.000Z`, lead_email: lead, email_id: `em-${n}`,
    email_account: 'outreach@agency.example', campaign_id: 'camp-1', reply_subject: `Re: idea ${n}`, reply_text: `Reply number ${n}: sounds good.`, ...over,
  }) as InstantlyWebhookPayload;

/** The deliveries, in arrival order; `ws2` marks the second workspace's. */
const DELIVERIES: Array<{ ws2?: boolean; payload: InstantlyWebhookPayload }> = [
  { payload: reply(1, 'editor@known.example') },
  { payload: reply(2, 'ann@newco.example', { firstName: 'Ann', lastName: 'Smith' }) },
  { payload: reply(3, 'bob@newco.example', { firstName: 'Bob' }) },
  { payload: reply(4, 'ann@newco.example', { firstName: 'Annie', lastName: 'Other' }) },
  { payload: reply(5, 'someone@gmail.com') },
  { payload: reply(6, 'writer@decoy-home.example') },
  // the reply of delivery 2 delivered again (another key: a later timestamp): the same message
  { payload: reply(2, 'ann@newco.example', { timestamp: '2026-11-20T10:59:00.000Z' }) },
  { payload: { ...reply(8, 'ooo@newco.example'), event_type: 'auto_reply_received', reply_subject: 'Out of office' } as InstantlyWebhookPayload },
  { payload: { event_type: 'lead_unsubscribed', timestamp: '2026-11-20T10:09:00.000Z', lead_email: 'editor@known.example', email_id: 'em-9' } as InstantlyWebhookPayload },
  { payload: { event_type: 'email_opened', timestamp: '2026-11-20T10:10:00.000Z', lead_email: 'editor@known.example', email_id: 'em-10' } as InstantlyWebhookPayload },
  { ws2: true, payload: reply(11, 'ann@newco.example', { firstName: 'Anne', lastName: 'Two' }) },
  { payload: reply(12, 'mailer-daemon@mx.example', { reply_subject: 'Undelivered Mail Returned to Sender' }) },
  { payload: reply(13, 'new.person@brandnew.example', { firstName: 'New' }) },
];

interface World {
  t: TestDb;
  jobs: WebhookJob[];
  enqueued: Array<{ queue: string; data: Row }>;
}

async function seed(t: TestDb): Promise<World> {
  const agency = await insertAgency(t.db, 'Batch agency');
  const ws1 = (await insertWorkspace(t.db, agency.id, 'one')).workspace.id;
  const ws2 = (await insertWorkspace(t.db, agency.id, 'two')).workspace.id;
  const known = await insertAccount(t.db, { domain: 'known.example', source: 'MANUAL' });
  await insertContact(t.db, { accountId: known.id, email: 'editor@known.example', firstName: 'Ed' });
  await insertRelationship(t.db, { workspaceId: ws1, accountId: known.id, source: 'MANUAL' });
  // a decoy: an address filed under another partner's account
  const other = await insertAccount(t.db, { domain: 'other.example', source: 'MANUAL' });
  await insertContact(t.db, { accountId: other.id, email: 'writer@decoy-home.example' });
  const enqueued: World['enqueued'] = [];
  const stored = await t.db.transaction((tx) => storeDeliveries(tx, DELIVERIES.map((d) => ({ workspaceId: d.ws2 ? ws2 : ws1, payload: d.payload })), async () => {}));
  const jobs = stored.map((s) => ({ webhookEventId: s.deliveryId! }));
  // at-least-once: the first delivery's job twice
  jobs.splice(3, 0, { webhookEventId: jobs[0]!.webhookEventId });
  return { t, jobs, enqueued };
}

const step = (w: World) =>
  ingestWebhookStep({ enqueue: async (_tx, queue, payloads) => void w.enqueued.push(...payloads.map((data) => ({ queue, data }))), enrich: false, emailLookups: null });

/** What run-step does with a part: prepare each job, then load and apply them all in one transaction. */
async function asOnePart(w: World): Promise<void> {
  const handler = step(w);
  const items: Array<{ data: WebhookJob; job: { id: string; retryCount: number }; prepared: Awaited<ReturnType<NonNullable<typeof handler.prepare>>> }> = [];
  for (const [i, data] of w.jobs.entries()) {
    const job = { id: `job-${i}`, retryCount: 0 };
    items.push({ data, job, prepared: await handler.prepare!(data, job) });
  }
  await w.t.db.transaction(async (tx: Queryable) => {
    deferEnqueues(tx);
    const loaded = await handler.load!(tx, items);
    for (const i of items) await handler.apply(tx, i.data, i.prepared, i.job, loaded);
    await runBeforeCommit(tx);
    takeDeferred(tx);
  });
}

/** One job at a time, each in its own transaction (the reference). */
async function oneByOne(w: World): Promise<void> {
  const handler = step(w);
  for (const [i, data] of w.jobs.entries()) {
    const job = { id: `solo-${i}`, retryCount: 0 };
    const prepared = await handler.prepare!(data, job);
    await w.t.db.transaction((tx) => handler.apply(tx, data, prepared, job));
  }
}

/** Every row ingest writes, by natural keys (ids and clocks differ between the two databases). */
async function snapshot(w: World) {
  const q = async (sql: string) => (await w.t.db.query<Row>(sql)).rows;
  const ext = `(select external_id from inbound_messages i where i.id = %s)`;
  return {
    accounts: await q(`select a.domain, a.source, a.system_contact_status, b.email as best_contact from accounts a left join contacts b on b.id = a.best_contact_id order by a.domain`),
    contacts: await q(`select c.email, c.first_name, c.last_name, a.domain from contacts c join accounts a on a.id = c.account_id order by c.email`),
    relationships: await q(`select w.name, a.domain, r.source, r.status, r.initial_status, r.contacted_by_us, r.contacted_by_other_org, r.first_contacted_at
       from relationships r join accounts a on a.id = r.account_id join workspaces w on w.id = r.workspace_id order by w.name, a.domain`),
    inbound: await q(`select w.name, m.external_id, m.from_address, m.from_name, m.subject, m.text, m.received_at, m.raw_payload, m.status, m.matched_at is not null as matched,
         a.domain, c.email as contact, ra.domain as relationship_domain
       from inbound_messages m join workspaces w on w.id = m.workspace_id left join accounts a on a.id = m.account_id left join contacts c on c.id = m.contact_id
         left join relationships r on r.id = m.relationship_id left join accounts ra on ra.id = r.account_id
       order by w.name, m.external_id`),
    events: await q(`select w.name, e.type, a.domain, c.email as contact, e.subject, e.content, e.occurred_at, e.metadata - 'inboundId' as metadata,
         ${ext.replace('%s', "e.metadata->>'inboundId'")} as inbound, replace(e.idempotency_key, coalesce(e.metadata->>'inboundId', '-'), 'inbound') as key
       from events e join workspaces w on w.id = e.workspace_id join relationships r on r.id = e.relationship_id join accounts a on a.id = r.account_id
         left join contacts c on c.id = e.contact_id
       order by w.name, e.type, inbound, key`),
    assertions: await q(`select a.domain, s.fact, s.scope, s.evidence from account_assertions s join accounts a on a.id = s.account_id order by a.domain, s.fact`),
    webhooks: await q(`select event_type, processed_at is not null as processed, ${ext.replace('%s', 'inbound_id')} as inbound from webhook_events order by id`),
    enqueued: w.enqueued
      .map((j) => ({ queue: j.queue, inbound: j.data['inboundId'] ? 'some message' : null, keys: Object.keys(j.data).sort().join() }))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  };
}

describe.each(DB_KINDS)('the ingest.webhook step, a batch processed set-based on %s', (kind) => {
  let batch: World;
  let solo: World;

  beforeAll(async () => {
    batch = await seed(await createTestDb(kind));
    solo = await seed(await createTestDb(kind));
  }, 180_000);
  afterAll(async () => {
    await batch?.t.drop();
    await solo?.t.drop();
  });

  it('writes the rows one delivery at a time writes', async () => {
    await asOnePart(batch);
    await oneByOne(solo);
    const got = await snapshot(batch);
    expect(got).toEqual(await snapshot(solo));
    // and they are the rows the rules say (not only the same wrong ones twice)
    expect(got.contacts).toEqual([
      { email: 'ann@newco.example', first_name: 'Ann', last_name: 'Smith', domain: 'newco.example' },
      { email: 'bob@newco.example', first_name: 'Bob', last_name: null, domain: 'newco.example' },
      { email: 'editor@known.example', first_name: 'Ed', last_name: null, domain: 'known.example' },
      { email: 'new.person@brandnew.example', first_name: 'New', last_name: null, domain: 'brandnew.example' },
      { email: 'ooo@newco.example', first_name: null, last_name: null, domain: 'newco.example' },
      { email: 'writer@decoy-home.example', first_name: null, last_name: null, domain: 'other.example' },
    ]);
    expect(got.accounts.map((a) => [a['domain'], a['source'], a['best_contact']])).toEqual([
      ['brandnew.example', 'INBOUND', 'new.person@brandnew.example'],
      ['decoy-home.example', 'INBOUND', null],
      ['known.example', 'MANUAL', 'editor@known.example'],
      ['newco.example', 'INBOUND', 'ann@newco.example'],
      ['other.example', 'MANUAL', null],
    ]);
    expect(got.relationships.map((r) => [r['name'], r['domain'], r['source']])).toEqual([
      ['one', 'brandnew.example', 'INBOUND'],
      ['one', 'decoy-home.example', 'INBOUND'],
      ['one', 'known.example', 'MANUAL'],
      ['one', 'newco.example', 'INBOUND'],
      ['two', 'newco.example', 'INBOUND'],
    ]);
    // ten messages: the redelivered reply is stored once; freemail and the bounce unmatched
    expect(got.inbound).toHaveLength(10);
    expect(got.inbound.filter((m) => !m['relationship_domain']).map((m) => m['from_address']).sort()).toEqual(['mailer-daemon@mx.example', 'someone@gmail.com']);
    expect(got.inbound.find((m) => m['from_address'] === 'writer@decoy-home.example')).toMatchObject({ domain: 'decoy-home.example', contact: null });
    expect(got.events.filter((e) => e['type'] === 'EMAIL_RECEIVED')).toHaveLength(7);
    expect(got.events.filter((e) => e['type'] === 'AUTO_REPLY_RECEIVED')).toHaveLength(1);
    // the unsubscribe: one REJECTED on the known partner, carrying the do-not-contact
    expect(got.events.filter((e) => e['type'] === 'REJECTED').map((e) => [e['domain'], (e['metadata'] as Row)['doNotContact']])).toEqual([['known.example', true]]);
    expect(got.webhooks.every((h) => h['processed'])).toBe(true);
    expect(got.webhooks.filter((h) => h['inbound'])).toHaveLength(10);
    expect(got.enqueued.filter((j) => j.queue === 'pipeline.classify')).toHaveLength(10);
  });

  it('a replayed batch (a retry after the commit, or a second delivery of its jobs) writes nothing', async () => {
    const before = await snapshot(batch);
    const counts = async () => (await batch.t.db.query<Row>(`select (select count(*) from events)::int e, (select count(*) from inbound_messages)::int m, (select count(*) from contacts)::int c, (select count(*) from accounts)::int a, (select count(*) from relationships)::int r, (select max(updated_at) from accounts)::text au, (select max(updated_at) from relationships)::text ru`)).rows[0];
    const c0 = await counts();
    await asOnePart(batch);
    expect(await snapshot(batch)).toEqual(before);
    expect(await counts()).toEqual(c0);
  });

  it('a batch that fails before its commit leaves nothing behind, and its retry writes everything once', async () => {
    const fresh = await seed(await createTestDb(kind));
    try {
      const handler = step(fresh);
      const items = fresh.jobs.map((data, i) => ({ data, job: { id: `crash-${i}`, retryCount: 0 }, prepared: undefined }));
      await expect(
        fresh.t.db.transaction(async (tx) => {
          deferEnqueues(tx);
          await handler.load!(tx, items);
          throw new Error('killed mid-batch');
        }),
      ).rejects.toThrow('killed mid-batch');
      expect((await fresh.t.db.query<Row>('select count(*)::int as n from inbound_messages')).rows[0]!['n']).toBe(0);
      expect((await fresh.t.db.query<Row>('select count(*)::int as n from webhook_events where processed_at is not null')).rows[0]!['n']).toBe(0);
      fresh.enqueued.length = 0;
      await asOnePart(fresh);
      const got = await snapshot(fresh);
      const ref = await snapshot(solo);
      expect({ ...got, enqueued: null }).toEqual({ ...ref, enqueued: null });
    } finally {
      await fresh.t.drop();
    }
  }, 180_000);
});

describe.each(DB_KINDS)('arrival events on %s read the part\'s shared-fact evidence', (kind) => {
  it('a reply in a thread of ours makes the partner RESPONSIVE; a stranger\'s reply moves no shared status', async () => {
    const t = await createTestDb(kind);
    try {
      const agency = await insertAgency(t.db, 'Evidence agency');
      const ws = (await insertWorkspace(t.db, agency.id, 'one')).workspace.id;
      const known = await insertAccount(t.db, { domain: 'known.example', source: 'MANUAL' });
      const contact = await insertContact(t.db, { accountId: known.id, email: 'editor@known.example', firstName: 'Ed' });
      const rel = await insertRelationship(t.db, { workspaceId: ws, accountId: known.id, source: 'MANUAL' });
      await t.db.transaction((tx) =>
        appendEvent(tx, { relationshipId: rel.id, contactId: contact.id, type: 'EMAIL_SENT', occurredAt: '2026-11-19T10:00:00.000Z', metadata: { to: 'editor@known.example' }, idempotencyKey: 'sent-1' }),
      );
      const w: World = { t, jobs: [], enqueued: [] };
      const payloads = [reply(1, 'editor@known.example'), reply(2, 'someone@stranger.example')];
      const stored = await t.db.transaction((tx) => storeDeliveries(tx, payloads.map((payload) => ({ workspaceId: ws, payload })), async () => {}));
      w.jobs = stored.map((s) => ({ webhookEventId: s.deliveryId! }));
      await asOnePart(w);
      const { rows } = await t.db.query<Row>('select domain, system_contact_status from accounts order by domain');
      expect(rows).toEqual([
        { domain: 'known.example', system_contact_status: 'RESPONSIVE' },
        { domain: 'stranger.example', system_contact_status: 'NEVER_CONTACTED' },
      ]);
    } finally {
      await t.drop();
    }
  }, 120_000);
});
