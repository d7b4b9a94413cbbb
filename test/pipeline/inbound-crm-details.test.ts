/**
 * Issue 11, "CRM details", through the whole service on PostgreSQL: a reply nobody asked for engages
 * its relationship (source INBOUND when ingest made it); an automatically created contact becomes the
 * account's best contact (the first one, or the one who replied), never replacing one; and a webhook
 * timestamp in the future does not date EMAIL_RECEIVED after its own classification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayRelationship } from '../../src/crm/replay.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { waitFor } from '../support/wait-for.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

type Row = Record<string, unknown>;
type Event = { id: string; type: string; occurredAt: string; metadata: Row };

describe('CRM details of inbound replies (PostgreSQL, the whole service)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness({ instantlyKey: false });
  }, 60_000);
  afterAll(() => h?.close());

  const settled = (id: string) => waitFor(async () => !['RECEIVED', 'CLASSIFIED'].includes((await h.inbound(id)).status), { what: 'a decision', timeoutMs: 30_000 });
  const events = async (relationshipId: string) => (await h.call<{ data: Event[] }>('GET', `/v1/link-building/crm/event?relationshipId=${relationshipId}`)).body.data;
  const replayed = async (relationshipId: string) => {
    const r = (await replayRelationship(h.t.db, relationshipId))!;
    expect(r.stored).toEqual(r.replayed);
  };

  it('a reply from a new partner nobody contacted: an INBOUND relationship, ACTIVELY_ENGAGED, its sender the best contact', async () => {
    const { inboundId } = await h.reply({ lead: 'nina@unsolicited.example', text: INTERESTED });
    await settled(inboundId);
    const m = await h.inbound(inboundId);
    const rel = (await h.call<Row>('GET', `/v1/link-building/crm/relationship/${m.relationshipId}`)).body;
    expect(rel).toMatchObject({ source: 'INBOUND', status: 'ACTIVELY_ENGAGED', contactedByUs: false });
    const account = (await h.call<Row>('GET', `/v1/link-building/crm/account/${rel['accountId']}`)).body;
    expect(account['bestContactId']).toBe(m['contactId']);
    expect(m['contactId']).toMatch(/^ct_/);
    await replayed(m.relationshipId!);

    // a second person at the same partner writes: the best contact stays the first
    const second = await h.reply({ lead: 'otto@unsolicited.example', text: INTERESTED });
    await settled(second.inboundId);
    const m2 = await h.inbound(second.inboundId);
    expect(m2['contactId']).not.toBe(m['contactId']);
    expect((await h.call<Row>('GET', `/v1/link-building/crm/account/${rel['accountId']}`)).body['bestContactId']).toBe(m['contactId']);
  }, 60_000);

  it('a PROSPECTING relationship made by hand is engaged by the reply (its source kept), and the one who replied fills the empty best contact', async () => {
    const acct = (await h.call<Row>('POST', '/v1/link-building/crm/account', { domain: 'prospect-reply.example' })).body;
    const rel = (await h.call<Row>('POST', '/v1/link-building/crm/relationship', { workspaceId: h.s.ws1, accountId: acct['id'], ourContent: 'https://client.example/guide' })).body;
    const ct = (await h.call<Row>('POST', '/v1/link-building/crm/contact', { accountId: acct['id'], email: 'pia@prospect-reply.example', firstName: 'Pia' })).body;
    expect(rel).toMatchObject({ status: 'PROSPECTING', source: 'MANUAL' });
    expect((await h.call<Row>('GET', `/v1/link-building/crm/account/${acct['id']}`)).body['bestContactId']).toBeNull();

    const { inboundId } = await h.reply({ lead: 'pia@prospect-reply.example', text: INTERESTED });
    await settled(inboundId);
    expect((await h.inbound(inboundId)).relationshipId).toBe(rel['id']);
    expect((await h.call<Row>('GET', `/v1/link-building/crm/relationship/${rel['id']}`)).body).toMatchObject({ status: 'ACTIVELY_ENGAGED', source: 'MANUAL', contactedByUs: false });
    expect((await h.call<Row>('GET', `/v1/link-building/crm/account/${acct['id']}`)).body['bestContactId']).toBe(ct['id']);
    await replayed(rel['id'] as string);
  }, 60_000);

  it('an auto-reply from a new partner creates it but does not engage it', async () => {
    const r = await fetch(`http://127.0.0.1:${h.services[0]!.port}/v1/webhooks/instantly/${h.s.ws1}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': h.s.ws1Secret },
      body: JSON.stringify({ event_type: 'auto_reply_received', timestamp: new Date().toISOString(), lead_email: 'ooo@away-partner.example', email_id: 'away-1', email_account: 'alex@agency.example', reply_subject: 'Automatic reply: Your article', reply_text: 'I am out of the office until Monday and will reply when I am back.' }),
    });
    expect(r.status).toBe(202);
    const inboundId = await inboundOfEmail(h.t.db, h.s.ws1, 'away-1');
    await settled(inboundId);
    const m = await h.inbound(inboundId);
    expect((await h.call<Row>('GET', `/v1/link-building/crm/relationship/${m.relationshipId}`)).body).toMatchObject({ status: 'PROSPECTING' });
  }, 60_000);

  it('a webhook dated two days ahead: EMAIL_RECEIVED is dated when we received it, before its classification', async () => {
    const before = Date.now();
    const future = new Date(before + 2 * 86_400_000).toISOString();
    const r = await fetch(`http://127.0.0.1:${h.services[0]!.port}/v1/webhooks/instantly/${h.s.ws1}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': h.s.ws1Secret },
      body: JSON.stringify({ event_type: 'reply_received', timestamp: future, lead_email: 'fred@future-clock.example', email_id: 'future-1', email_account: 'alex@agency.example', reply_subject: 'Re: Your article', reply_text: INTERESTED }),
    });
    expect(r.status).toBe(202);
    const inboundId = await inboundOfEmail(h.t.db, h.s.ws1, 'future-1');
    await settled(inboundId);
    const m = await h.inbound(inboundId);
    const log = await events(m.relationshipId!);
    const types = log.map((e) => e.type);
    expect(types.indexOf('EMAIL_RECEIVED')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('EMAIL_RECEIVED')).toBeLessThan(types.indexOf('MESSAGE_CLASSIFIED'));
    expect(types.indexOf('MESSAGE_CLASSIFIED')).toBeLessThan(types.indexOf('GATES_EVALUATED'));
    const received = log.find((e) => e.type === 'EMAIL_RECEIVED')!;
    expect(Date.parse(received.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(received.occurredAt)).toBeLessThanOrEqual(Date.now());
    // the message keeps the time it claims; only the event's place in the log is ours
    expect(m['receivedAt']).toBe(future);
    await replayed(m.relationshipId!);
  }, 60_000);
});
