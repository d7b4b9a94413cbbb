import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { threadEvidence } from '../../src/crm/db/evidence.ts';
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
