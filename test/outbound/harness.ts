/**
 * The whole service (HTTP, pg-boss, every worker) for campaign tests, with an SMTP sink as the
 * campaign mailbox's server (its IMAP side is never reached: the Sent copy fails with a warning). Tenants
 * through the admin API; partners' shared facts set up through the CRM's own functions.
 */
import { createSecretBox } from '../../src/ingest/mailboxes/secret-box.ts';
import { insertMailbox } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import type { DbKind } from '../support/test-db.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import type { Prospect } from '../../src/outbound/types.ts';
import { waitFor } from '../support/wait-for.ts';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export const SECRET_KEY = 'c'.repeat(40);

export interface Agency {
  agencyId: string;
  ws1: string;
  ws2: string;
  /** ws1's Instantly webhook secret. */
  ws1Secret: string;
  key: string;
}

export async function startCampaignService(kind: DbKind, env: Record<string, string> = {}): Promise<TestService> {
  return startTestService(kind, { SECRET_KEY, JOB_HEARTBEAT_SECONDS: '10', ...env });
}

export async function seedAgency(svc: TestService, name: string): Promise<Agency> {
  const admin = { token: ADMIN_TOKEN };
  const agency = (await svc.call<{ id: string }>('POST', '/v1/admin/agencies', { ...admin, body: { name } })).body;
  const ws1 = (await svc.call<{ id: string; webhookSecret: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 1` } })).body;
  const ws2 = (await svc.call<{ id: string }>('POST', '/v1/admin/workspaces', { ...admin, body: { agencyId: agency.id, name: `${name} client 2` } })).body;
  const key = (await svc.call<{ apiKey: string }>('POST', '/v1/admin/api-keys', { ...admin, body: { agencyId: agency.id } })).body;
  return { agencyId: agency.id, ws1: ws1.id, ws2: ws2.id, ws1Secret: ws1.webhookSecret, key: key.apiKey };
}

export interface Received {
  to: string[];
  subject: string;
  text: string;
  from: string;
}

/** The campaign mailbox's SMTP server: accepts the mailbox's login and keeps every message, parsed. */
export async function startMailboxSmtp(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
    onAuth: (a, _s, cb) => (a.password === 'p' ? cb(null, { user: a.username }) : cb(new Error('bad login'))),
    onData: (stream, session, cb) => {
      simpleParser(stream)
        .then((m) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: m.subject ?? '', text: m.text ?? '', from: m.from?.text ?? '' });
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise((r) => server.close(() => r())) };
}

/** A connected mailbox whose SMTP server is `startMailboxSmtp`'s. */
export async function sinkMailbox(svc: TestService, workspaceId: string, address: string, port: number): Promise<string> {
  const smtp = { host: '127.0.0.1', port, secure: false, user: 'u', password: 'p' };
  const imap = { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' };
  const m = await insertMailbox(svc.t.db, { workspaceId, address, imap, smtp, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox(SECRET_KEY));
  return m.id;
}

/** The shared account DO_NOT_CONTACT, as an unsubscribe with evidence would leave it. */
export async function markDoNotContact(svc: TestService, domain: string): Promise<void> {
  await svc.t.db.query(`update accounts set system_contact_status = 'DO_NOT_CONTACT' where domain = $1`, [domain]);
}

/** Another workspace has written to this partner (an EMAIL_SENT of its own). */
export async function contactedByWorkspace(svc: TestService, workspaceId: string, domain: string, at: Date): Promise<void> {
  await svc.t.db.transaction(async (tx) => {
    const account = await upsertAccountByDomain(tx, domain, 'MANUAL');
    const rel = await insertRelationship(tx, { workspaceId, accountId: account.id, source: 'MANUAL' });
    await appendEvent(tx, { relationshipId: rel.id, type: 'EMAIL_SENT', occurredAt: at, idempotencyKey: `seed:${domain}:${workspaceId}`, metadata: { to: `someone@${domain}` } });
  });
}

export interface CampaignView {
  id: string;
  kind: string;
  workspaceId: string;
  status: string;
  step: string;
  error: string | null;
  counts: Record<string, number>;
  cost: Record<string, { calls: number; units: number }>;
  input: Record<string, unknown>;
}

/** What GET /campaigns/:id/prospects lists: the API's own type. */
export type ProspectView = Prospect;

export async function campaignOf(svc: TestService, key: string, id: string): Promise<CampaignView> {
  const r = await svc.call<CampaignView>('GET', `/v1/link-building/campaigns/${id}`, { token: key });
  if (r.status !== 200) throw new Error(`GET campaign: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function waitForCampaign(svc: TestService, key: string, id: string, statuses: string[] = ['WAITING_APPROVAL', 'DONE', 'FAILED'], timeoutMs = 30_000): Promise<CampaignView> {
  let last: CampaignView | null = null;
  await waitFor(async () => {
    last = await campaignOf(svc, key, id);
    return statuses.includes(last.status);
  }, { timeoutMs, intervalMs: 100, what: `campaign ${id} to reach ${statuses.join('|')}` });
  return last!;
}

export async function prospectsOf(svc: TestService, key: string, id: string): Promise<ProspectView[]> {
  const out: ProspectView[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: { data: ProspectView[]; nextCursor: string | null } } = await svc.call('GET', `/v1/link-building/campaigns/${id}/prospects?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: key });
    if (r.status !== 200) throw new Error(`GET prospects: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.data);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

export async function eventsOf(svc: TestService, key: string, relationshipId: string): Promise<Array<{ type: string; metadata: Record<string, unknown>; content: string | null }>> {
  const r = await svc.call<{ data: Array<{ type: string; metadata: Record<string, unknown>; content: string | null }> }>('GET', `/v1/link-building/crm/event?relationshipId=${relationshipId}&limit=500`, { token: key });
  return r.body.data;
}
