import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { inboundEvidence, threadEvidence } from '../../src/crm/db/evidence.ts';
import { evidenceOf } from '../../src/crm/shared-facts.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { getAccount, upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { upsertContactByEmail } from '../../src/crm/db/contacts.ts';
import { upsertRelationship } from '../../src/crm/db/relationships.ts';
import type { Account } from '../../src/crm/types.ts';

/** The evidence a workspace's own threads give, and how appendEvent's shared signals follow it (issue 10). */
describe.each(DB_KINDS)('shared facts and evidence on %s', (kind) => {
  let t: TestDb;
  let wsA: string;
  let wsB: string;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDb(kind);
    const ag = await insertAgency(t.db, 'Agency A');
    const bg = await insertAgency(t.db, 'Agency B');
    wsA = (await insertWorkspace(t.db, ag.id, 'A')).workspace.id;
    wsB = (await insertWorkspace(t.db, bg.id, 'B')).workspace.id;
  });
  afterAll(() => t.drop());

  const partner = async () => {
    n++;
    const account = await upsertAccountByDomain(t.db, `partner${n}.example`, 'MANUAL');
    const contact = await upsertContactByEmail(t.db, account.id, `editor@partner${n}.example`);
    return { account, contact, relA: await upsertRelationship(t.db, wsA, account.id, 'MANUAL'), relB: await upsertRelationship(t.db, wsB, account.id, 'MANUAL') };
  };
  const inbound = async (ws: string, p: { account: Account }, from: string, inReplyTo: string | null) => {
    const id = `in_sharedfacts${++n}`;
    await t.db.query(
      `insert into inbound_messages (id, workspace_id, source, from_address, in_reply_to, received_at, account_id, dedupe_key)
       values ($1, $2, 'IMAP', $3, $4, now(), $5, $1)`,
      [id, ws, from, inReplyTo, p.account.id],
    );
    return id;
  };
  const status = async (id: string) => (await getAccount(t.db, id))!.systemContactStatus;
  const tx = <T>(f: (q: Parameters<Parameters<TestDb['db']['transaction']>[0]>[0]) => Promise<T>) => t.db.transaction(f);

  it('our own send is evidence for that workspace only; a reply in our thread is evidence whoever signs it', async () => {
    const p = await partner();
    expect(await threadEvidence(t.db, { workspaceId: wsA, accountId: p.account.id, addresses: [p.contact.email] })).toBe('NONE');
    await tx((q) => appendEvent(q, { relationshipId: p.relA.id, contactId: p.contact.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: p.contact.email, messageId: '<first@agency-a.example>' } }));
    expect(await threadEvidence(t.db, { workspaceId: wsA, accountId: p.account.id, addresses: [p.contact.email.toUpperCase()] })).toBe('OUR_SEND');
    expect(await threadEvidence(t.db, { workspaceId: wsB, accountId: p.account.id, addresses: [p.contact.email] })).toBe('NONE');
    expect(await threadEvidence(t.db, { workspaceId: wsA, accountId: p.account.id, addresses: ['someone@else.example'] })).toBe('NONE');
    expect(await threadEvidence(t.db, { workspaceId: wsA, accountId: p.account.id, addresses: [], anyAddressOfAccount: true })).toBe('OUR_SEND');
    const threaded = await inbound(wsA, p, `boss@partner${n}.example`, '<first@agency-a.example>');
    expect(await threadEvidence(t.db, { workspaceId: wsA, accountId: p.account.id, addresses: [], inboundId: threaded })).toBe('REPLY_IN_OUR_THREAD');
    const forged = await inbound(wsB, p, p.contact.email, '<first@agency-a.example>');
    expect(await threadEvidence(t.db, { workspaceId: wsB, accountId: p.account.id, addresses: [], inboundId: forged })).toBe('NONE');
  });

  it('the evidence read once for a batch of messages answers as threadEvidence does for each message and address', async () => {
    const p = await partner();
    const q = await partner(); // a partner nobody wrote to
    const domain = `partner${n - 1}.example`;
    const verified = `verified@${domain}`;
    const unverified = `unverified@${domain}`;
    const other = await upsertContactByEmail(t.db, p.account.id, `second@${domain}`);
    await tx(async (x) => {
      await appendEvent(x, { relationshipId: p.relA.id, contactId: p.contact.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: p.contact.email, messageId: '<batch-first@agency-a.example>' } });
      // no `to`: its contact's address counts
      await appendEvent(x, { relationshipId: p.relA.id, contactId: other.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: {} });
      await appendEvent(x, { relationshipId: p.relA.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: verified, source: 'INSTANTLY', verified: 'true' } });
      await appendEvent(x, { relationshipId: p.relA.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: unverified, source: 'INSTANTLY', messageId: '<batch-unverified@agency-a.example>' } });
      await appendEvent(x, { relationshipId: p.relB.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: `b-only@${domain}`, messageId: '<batch-b@agency-b.example>' } });
    });
    const messages = [
      { ws: wsA, account: p.account, id: await inbound(wsA, p, `boss@${domain}`, '<batch-first@agency-a.example>') },
      { ws: wsA, account: p.account, id: await inbound(wsA, p, p.contact.email.toUpperCase(), null) },
      { ws: wsA, account: p.account, id: await inbound(wsA, p, `stranger@${domain}`, null) },
      { ws: wsA, account: p.account, id: await inbound(wsA, p, unverified, '<batch-unverified@agency-a.example>') },
      { ws: wsB, account: p.account, id: await inbound(wsB, p, p.contact.email, '<batch-first@agency-a.example>') },
      { ws: wsB, account: p.account, id: await inbound(wsB, p, `stranger@${domain}`, '<batch-b@agency-b.example>') },
      { ws: wsA, account: q.account, id: await inbound(wsA, q, q.contact.email, null) },
    ];
    // asked for the workspace and account each message is asserted for, and (a second read) for ones it does not belong to
    const mismatched = [{ ws: wsA, account: p.account, id: messages[4]!.id }, { ws: wsB, account: q.account, id: messages[6]!.id }, { ws: wsA, account: q.account, id: messages[0]!.id }];
    const asked = [...messages, ...mismatched];
    const reads = [messages, mismatched].map((part) => inboundEvidence(t.db, part.map((a) => ({ inboundId: a.id, workspaceId: a.ws, accountId: a.account.id }))));
    const [batch, apart] = await Promise.all(reads);
    const addressLists = [[], [p.contact.email], [other.email.toUpperCase()], [verified], [unverified], [`b-only@${domain}`], ['nobody@else.example'], [q.contact.email, unverified]];
    let shared = 0;
    for (const [i, m] of asked.entries()) {
      const read = (i < messages.length ? batch : apart)!.get(m.id)!;
      for (const addresses of addressLists) {
        const expected = await threadEvidence(t.db, { workspaceId: m.ws, accountId: m.account.id, addresses, inboundId: m.id });
        expect({ i, addresses, evidence: evidenceOf(read, addresses) }).toEqual({ i, addresses, evidence: expected });
        if (expected !== 'NONE') shared++;
      }
    }
    // every kind was met
    expect(shared).toBeGreaterThan(10);
    const kinds = new Set<string>();
    for (const m of asked) for (const addresses of addressLists) kinds.add(await threadEvidence(t.db, { workspaceId: m.ws, accountId: m.account.id, addresses, inboundId: m.id }));
    expect([...kinds].sort()).toEqual(['NONE', 'OUR_SEND', 'REPLY_IN_OUR_THREAD']);
  });

  it('a reply moves the shared status only from a thread of the replying workspace', async () => {
    const p = await partner();
    await tx((q) => appendEvent(q, { relationshipId: p.relB.id, type: 'EMAIL_RECEIVED', occurredAt: new Date(), metadata: { from: p.contact.email } }));
    expect(await status(p.account.id)).toBe('NEVER_CONTACTED');
    await tx((q) => appendEvent(q, { relationshipId: p.relA.id, contactId: p.contact.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: p.contact.email } }));
    expect(await status(p.account.id)).toBe('CONTACTED');
    await tx((q) => appendEvent(q, { relationshipId: p.relB.id, type: 'RATE_NEGOTIATED', occurredAt: new Date(), metadata: { from: p.contact.email } }));
    expect(await status(p.account.id)).toBe('CONTACTED');
    await tx((q) => appendEvent(q, { relationshipId: p.relA.id, type: 'EMAIL_RECEIVED', occurredAt: new Date(), metadata: { from: p.contact.email } }));
    expect(await status(p.account.id)).toBe('RESPONSIVE');
  });

  it("a partner's unsubscribe in our thread is DO_NOT_CONTACT for everyone, recorded once with who asserted it", async () => {
    const p = await partner();
    await tx((q) => appendEvent(q, { relationshipId: p.relA.id, contactId: p.contact.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: p.contact.email, messageId: '<second@agency-a.example>' } }));
    const reply = await inbound(wsA, p, `owner@partner${n}.example`, '<second@agency-a.example>');
    const classified = { relationshipId: p.relA.id, type: 'MESSAGE_CLASSIFIED' as const, occurredAt: new Date(), idempotencyKey: `${reply}:classified`, metadata: { inboundId: reply, doNotContact: true, reason: 'UNSUBSCRIBE' } };
    await tx((q) => appendEvent(q, classified));
    await tx((q) => appendEvent(q, classified)); // a retried step
    expect(await status(p.account.id)).toBe('DO_NOT_CONTACT');
    const { rows } = await t.db.query('select workspace_id, evidence, scope, flagged, source from account_assertions where account_id = $1', [p.account.id]);
    expect(rows).toEqual([{ workspace_id: wsA, evidence: 'REPLY_IN_OUR_THREAD', scope: 'SHARED', flagged: false, source: 'CLASSIFIER' }]);
    // and it is sticky: a later send does not lift it
    await tx((q) => appendEvent(q, { relationshipId: p.relB.id, type: 'EMAIL_SENT', occurredAt: new Date(), metadata: { to: p.contact.email } }));
    expect(await status(p.account.id)).toBe('DO_NOT_CONTACT');
  });

  it('a new address at another domain becomes a contact of its own domain, not of the account it was mentioned on', async () => {
    const p = await partner();
    const referral = await upsertContactByEmail(t.db, p.account.id, 'colleague@otherpartner.example');
    const other = await t.db.query<{ domain: string }>('select domain from accounts where id = $1', [referral.accountId]);
    expect(other.rows[0]?.domain).toBe('otherpartner.example');
    const freemail = await upsertContactByEmail(t.db, p.account.id, `writer${n}@gmail.com`);
    expect(freemail.accountId).toBe(p.account.id);
  });
});
