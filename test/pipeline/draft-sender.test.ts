/**
 * Issue 11, "Drafts", through the whole service on PostgreSQL: the workspace's sender name and signature
 * (set through the API) sign the reply that goes out — not the workspace's name —, the signature's own
 * link does not stop an automatic reply, the Instantly lead's first name replaces "Hi there", and a
 * mailbox's own sender fields win over the workspace's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMailbox } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../../src/ingest/mailboxes/secret-box.ts';
import { senderSettingsOf } from '../../src/respond/draft/db/sender-settings.ts';
import { resolveSender } from '../../src/respond/draft/sender.ts';
import { fakeEmail } from '../fakes/instantly-server.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { waitFor } from '../support/wait-for.ts';
import { INTERESTED, startInstantlyHarness, type InstantlyHarness } from './instantly-harness.ts';

type Row = Record<string, unknown>;
const SIGNATURE = 'Outreach lead, Acme SEO\nhttps://acme-seo.example';

describe('who signs the replies (PostgreSQL, the whole service)', () => {
  let h: InstantlyHarness;
  beforeAll(async () => {
    h = await startInstantlyHarness();
    await h.call('PUT', `/v1/link-building/gates?workspaceId=${h.s.ws1}`, { minConfidence: 0.7 });
  }, 60_000);
  afterAll(() => h?.close());

  it('workspace settings: set, read, cleared, validated naming the field, and another agency’s is a 404', async () => {
    const path = `/v1/link-building/workspaces/${h.s.ws1}/settings`;
    const before = await h.call<Row>('GET', path);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ workspaceId: h.s.ws1, senderName: null, signature: null });
    const set = await h.call<Row>('PATCH', path, { senderName: 'Sam Lee', signature: SIGNATURE });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ senderName: 'Sam Lee', signature: SIGNATURE });
    for (const [body, field] of [
      [{ senderName: '' }, 'body.senderName'],
      [{ senderName: 'Sam\nLee' }, 'body.senderName'],
      [{ signature: Array.from({ length: 11 }, (_, i) => `l${i}`).join('\n') }, 'body.signature'],
      [{ signature: 'x'.repeat(1001) }, 'body.signature'],
      [{ nickname: 'Sam' }, 'body.nickname'],
      [{}, 'body.senderName'],
    ] as Array<[Row, string]>) {
      const bad = await h.call<{ error: { field: string } }>('PATCH', path, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await h.call<Row>('GET', path)).body).toMatchObject({ senderName: 'Sam Lee', signature: SIGNATURE });
    const other = await h.call<{ id: string }>('POST', '/v1/admin/agencies', { name: 'Other' }, 'test-admin-token-0123456789');
    const otherKey = (await h.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { agencyId: other.body.id }, 'test-admin-token-0123456789')).body.apiKey;
    expect((await h.call('GET', path, undefined, otherKey)).status).toBe(404);
    expect((await h.call('PATCH', path, { senderName: 'Mallory' }, otherKey)).status).toBe(404);
    const openapi = (await h.call<{ paths: Record<string, Row> }>('GET', '/openapi.json')).body;
    expect(Object.keys(openapi.paths['/v1/link-building/workspaces/{id}/settings'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(openapi.paths['/v1/mailboxes/{id}'] ?? {})).toEqual(expect.arrayContaining(['patch']));
  });

  it('the reply that goes out greets the lead by name and is signed by the sender, with the signature', async () => {
    const emailId = 'draft-sender-1';
    await h.fileOurContent('nora@signed.example');
    h.instantly.emails.push(fakeEmail({ id: emailId, subject: 'Re: Your article', body: { text: INTERESTED, html: null }, from_address_email: 'nora@signed.example', lead: 'nora@signed.example', eaccount: 'alex@agency.example' }));
    const r = await fetch(`http://127.0.0.1:${h.services[0]!.port}/v1/webhooks/instantly/${h.s.ws1}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': h.s.ws1Secret },
      // Instantly merges the lead's own fields into the payload
      body: JSON.stringify({ event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: 'nora@signed.example', email_id: emailId, email_account: 'alex@agency.example', reply_subject: 'Re: Your article', reply_text: INTERESTED, firstName: 'Nora', lastName: 'Field' }),
    });
    expect(r.status).toBe(202);
    const inboundId = await inboundOfEmail(h.t.db, h.s.ws1, emailId);
    await waitFor(async () => (await h.inbound(inboundId)).status === 'AUTO_REPLIED', { what: 'the automatic reply', timeoutMs: 30_000 });
    const text = h.instantly.replies.at(-1)!.body.text ?? '';
    expect(text.split('\n')[0]).toBe('Hi Nora,');
    expect(text.endsWith(`\n\nBest,\nSam Lee\n${SIGNATURE}`)).toBe(true);
    expect(text).not.toMatch(/client 1/i);
    expect(h.instantly.replies.at(-1)!.body.html).toContain('<a href="https://acme-seo.example">');
    // the contact made for the lead has Instantly's name
    const m = await h.inbound(inboundId);
    expect((await h.call<Row>('GET', `/v1/link-building/crm/contact/${m['contactId']}`)).body).toMatchObject({ firstName: 'Nora', lastName: 'Field' });
  }, 60_000);

  it('a mailbox’s own sender fields win over the workspace’s, field by field, and can be cleared', async () => {
    const box = createSecretBox('f'.repeat(40));
    const server = { host: '127.0.0.1', port: 1, secure: false, user: 'x', password: 'p' };
    const mbx = await insertMailbox(h.t.db, { workspaceId: h.s.ws1, address: 'mia@agency.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' }, senderName: 'Mia Box' }, box);
    expect(mbx).toMatchObject({ senderName: 'Mia Box', signature: null });
    expect(resolveSender(await senderSettingsOf(h.t.db, h.s.ws1, mbx.id))).toEqual({ name: 'Mia Box', signature: SIGNATURE });
    const patched = await h.call<Row>('PATCH', `/v1/mailboxes/${mbx.id}`, { signature: 'Mia at Acme' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: mbx.id, senderName: 'Mia Box', signature: 'Mia at Acme' });
    expect(JSON.stringify(patched.body)).not.toContain('"password"');
    expect(resolveSender(await senderSettingsOf(h.t.db, h.s.ws1, mbx.id))).toEqual({ name: 'Mia Box', signature: 'Mia at Acme' });
    const cleared = await h.call<Row>('PATCH', `/v1/mailboxes/${mbx.id}`, { senderName: null, signature: null });
    expect(cleared.body).toMatchObject({ senderName: null, signature: null });
    expect(resolveSender(await senderSettingsOf(h.t.db, h.s.ws1, mbx.id))).toEqual({ name: 'Sam Lee', signature: SIGNATURE });
    expect((await h.call<{ error: { field: string } }>('PATCH', `/v1/mailboxes/${mbx.id}`, { senderName: 'x'.repeat(101) })).body.error.field).toBe('body.senderName');
    expect((await h.call('PATCH', '/v1/mailboxes/mbx_doesnotexist', { senderName: 'Mia' })).status).toBe(404);
    await h.call('DELETE', `/v1/mailboxes/${mbx.id}`);
  }, 60_000);
});
