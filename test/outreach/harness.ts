/**
 * The whole service (HTTP, pg-boss, wiring) for outreach API tests, without a mail server: mailboxes are
 * inserted directly (their connection is never tried: the service runs the API role only, so nothing
 * polls or sends). Tenants and partners are made through the admin and CRM APIs.
 */
import { createSecretBox } from '../../src/ingest/mailboxes/secret-box.ts';
import { insertMailbox } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';

export const SECRET_KEY = 'o'.repeat(40);

export interface Agency {
  agencyId: string;
  ws1: string;
  ws2: string;
  key: string;
}

export async function startOutreachService(env: Record<string, string> = {}): Promise<TestService> {
  return startTestService('postgres', { SECRET_KEY, ROLE: 'api', ...env });
}

export async function seedAgency(svc: TestService, name: string): Promise<Agency> {
  const admin = { token: ADMIN_TOKEN };
  const agency = (await svc.call<{ id: string }>('POST', '/v1/admin/agencies', { ...admin, body: { name } })).body;
  const ws1 = (await svc.call<{ id: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 1` } })).body;
  const ws2 = (await svc.call<{ id: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 2` } })).body;
  const key = (await svc.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.id } })).body;
  return { agencyId: agency.id, ws1: ws1.id, ws2: ws2.id, key: key.apiKey };
}

/** A mailbox row for a workspace; its servers are never contacted in these tests. */
export async function seedMailbox(svc: TestService, workspaceId: string, address: string): Promise<string> {
  const server = { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' };
  const m = await insertMailbox(svc.t.db, { workspaceId, address, imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox(SECRET_KEY));
  return m.id;
}

let n = 0;
/** A fresh partner (account + contact) and the workspace's relationship with it. */
export async function seedPartner(svc: TestService, a: Agency, workspaceId = a.ws1): Promise<{ accountId: string; contactId: string; relationshipId: string; email: string; domain: string }> {
  n++;
  const domain = `partner${n}-${Date.now().toString(36)}.example`;
  const email = `editor@${domain}`;
  const acct = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/account', { token: a.key, body: { domain, domainRating: 40, workspaceId } });
  const ct = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/contact', { token: a.key, body: { accountId: acct.body.id, email, firstName: 'Eda' } });
  const rel = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/relationship', {
    token: a.key, body: { workspaceId, accountId: acct.body.id, ourContent: 'https://client.example/remote-work-guide' },
  });
  return { accountId: acct.body.id, contactId: ct.body.id, relationshipId: rel.body.id, email, domain };
}

export const OUTREACH_TEXT = [
  'Hi Eda,',
  '',
  'I enjoyed your recent piece on distributed teams. We just published a guide that your readers might find useful:',
  'https://client.example/remote-work-guide',
  '',
  'Would you consider linking to it?',
  '',
  'Best,',
  'Alex',
].join('\n');

export async function count(svc: TestService, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await svc.t.db.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params);
  return rows[0]?.n ?? 0;
}
