/**
 * The approvals under test, wired the way src/service.ts should wire them: real PostgreSQL, real
 * pg-boss (jobs are inserted in our transactions and counted in its table), the Express app with the
 * approval routes, the Slack router and the approval page, the Slack client pointed at a local fake and
 * the mailer at an in-process SMTP server.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createBoss, enqueueWith, ensureQueues, type Boss } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import type { EnqueueInTx } from '../../src/ingest/ports.ts';
import { insertAgency, insertApiKey, insertWorkspace, setApprovers } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { insertInbound, setInboundMatch } from '../../src/ingest/db/inbound.ts';
import { approvalRoutes } from '../../src/http/routes/approvals.ts';
import { slackInteractionsRouter } from '../../src/http/routes/approvals-slack.ts';
import { approvalPageRouter } from '../../src/http/routes/approvals-page.ts';
import { createSlackClient } from '../../src/respond/approvals/adapters/slack-client.ts';
import { createSmtpMailer } from '../../src/respond/approvals/adapters/smtp-mailer.ts';
import { requestApproval } from '../../src/respond/approvals/approval-service.ts';
import type { NotifyDeps } from '../../src/respond/approvals/approval-notifier.ts';
import type { Approval } from '../../src/respond/approvals/types.ts';
import { createTestDb, type DbKind, type TestDb } from '../support/test-db.ts';
import { startFakeSlack, type FakeSlackServer } from '../fakes/slack-server.ts';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const ALLOWED_SLACK_USER = 'U0ALLOWED1';
export const SLACK_CHANNEL = 'C0APPROVALS';

export interface Harness {
  t: TestDb;
  boss: Boss;
  enqueue: EnqueueInTx;
  slack: FakeSlackServer;
  smtp: SmtpSink;
  url: string;
  notifyDeps: NotifyDeps;
  /** A clock the app reads; tests move it. */
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startHarness(kind: DbKind = 'postgres'): Promise<Harness> {
  const t = await createTestDb(kind);
  const boss = createBoss(t.db, t.url);
  await boss.start();
  await ensureQueues(boss);
  const enqueue = enqueueWith(boss);
  const slack = await startFakeSlack();
  const smtp = await startSmtpSink();
  const log = createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const clock = { now: new Date() };
  const now = () => clock.now;
  const slackClient = createSlackClient({ apiUrl: slack.apiUrl, botToken: slack.botToken });
  const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: 'Approvals <approvals@agent.example>' });

  const app = createApp({
    db: t.db, log, adminToken: undefined, version: 'test',
    extraRoutes: [{ prefix: '/v1/link-building', routes: approvalRoutes({ db: t.db, enqueue, now }) }],
    rawRouters: [
      { prefix: '/v1/slack', router: slackInteractionsRouter({ db: t.db, enqueue, signingSecret: SIGNING_SECRET, slack: slackClient, log, now }) },
      { prefix: '/approve', router: approvalPageRouter({ db: t.db, enqueue, csrfSecret: 'test-csrf-secret-0123456789abcdef', publicUrl: null, log, now }) },
    ],
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t, boss, enqueue, slack, smtp, url: publicUrl, clock,
    notifyDeps: { db: t.db, slack: slackClient, mailer, publicUrl, now },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      mailer.close();
      await boss.stop({ graceful: false, close: true });
      await slack.close();
      await smtp.close();
      await t.drop();
    },
  };
}

export interface Tenant {
  agencyId: string;
  workspaceId: string;
  apiKey: string;
  relationshipId: string;
  accountId: string;
}

/** An agency with one workspace (approvers: two emails, a Slack channel, one allowed user), a partner and a relationship. */
export async function seedTenant(h: Harness, name: string, domain: string): Promise<Tenant> {
  const db = h.t.db;
  const agency = await insertAgency(db, name);
  const { workspace } = await insertWorkspace(db, agency.id, `${name} client`);
  await setApprovers(db, workspace.id, { emails: ['ana@agency.example', 'bo@agency.example'], slackChannelId: SLACK_CHANNEL, slackUserIds: [ALLOWED_SLACK_USER] });
  const { apiKey } = await insertApiKey(db, agency.id, null, null);
  const account = await insertAccount(db, { domain, domainRating: 57 });
  const rel = await insertRelationship(db, { workspaceId: workspace.id, accountId: account.id, source: 'INBOUND', ourContent: 'https://client.example/guide' });
  return { agencyId: agency.id, workspaceId: workspace.id, apiKey, relationshipId: rel.id, accountId: account.id };
}

export const DRAFT_TEXT = 'Hi Sam,\n\nThanks for the quote. We would like to go ahead with the guest post.\n\nBest,\nAlex';

let seq = 0;
/** An inbound price quote the gates sent to WAITING_APPROVAL, with a draft, and its approval requested. */
export async function seedWaitingMessage(h: Harness, tenant: Tenant, opts: { ttlMs?: number; now?: Date } = {}): Promise<{ inboundId: string; approval: Approval }> {
  const db = h.t.db;
  seq++;
  const inboundId = (await insertInbound(db, {
    workspaceId: tenant.workspaceId, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<quote-${seq}-${Date.now()}@partner.example>`,
    inReplyTo: null, references: [], from: { address: 'sam@partner.example', name: 'Sam Editor' }, to: [], cc: [],
    subject: 'Re: Guest post idea', text: 'Our rate for a guest post is $450. Ignore <b>this</b> & "that".', html: null, headers: {},
    attachments: [], reportParts: [], rawSha256: null, receivedAt: new Date().toISOString(),
  }))!;
  await setInboundMatch(db, inboundId, { relationshipId: tenant.relationshipId, contactId: null, accountId: tenant.accountId });
  const classification = {
    intent: 'PRICE_QUOTE', confidence: 0.93, intents: [{ intent: 'PRICE_QUOTE', confidence: 0.93 }],
    facts: { offers: [{ type: 'GUEST_POST', amount: 450, currency: 'USD' }], returnDate: null, linkUrl: null, referralEmail: null, bounce: null, injectionSigns: [] },
    senderDomainRating: 57,
    history: { messagesSent: 1, messagesReceived: 1, autoRepliesSent: 0, priorStatuses: ['CONTACTED_BY_US'], pricesSeen: [], contactedByOtherOrg: false, lastContactedAt: null },
    model: null,
  };
  const decision = {
    action: 'WAITING_APPROVAL', approvalId: null,
    gates: [
      { gate: 'no-reply-intent', passed: true, reason: 'intent PRICE_QUOTE expects a reply' },
      { gate: 'price-ceiling', passed: false, reason: 'GUEST_POST offer of 450 USD has no ceiling set' },
      { gate: 'intent-allowed', passed: false, reason: 'PRICE_QUOTE is not in autoReplyIntents' },
    ],
  };
  await db.query("update inbound_messages set status = 'CLASSIFIED', classification = $2, decision = $3, draft = $4 where id = $1", [
    inboundId, JSON.stringify(classification), JSON.stringify(decision),
    JSON.stringify({ subject: 'Re: Guest post idea', text: DRAFT_TEXT, html: '<p>draft</p>' }),
  ]);
  const { approval } = await db.transaction((tx) =>
    requestApproval(tx, { inboundId, now: opts.now ?? h.clock.now, ...(opts.ttlMs !== undefined ? { ttlMs: opts.ttlMs } : {}) }, h.enqueue));
  return { inboundId, approval };
}

/** Jobs pg-boss holds for a queue whose data matches (the respond job of one approval, say). */
export async function jobsIn(h: Harness, queue: string, match: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
  const { rows } = await h.t.db.query<{ data: Record<string, unknown> }>('select data from pgboss.job where name = $1 and data @> $2::jsonb', [
    queue, JSON.stringify(match),
  ]);
  return rows.map((r) => r.data);
}

export async function eventsOf(h: Harness, approvalId: string): Promise<Array<{ type: string; metadata: Record<string, unknown>; content: string | null }>> {
  const { rows } = await h.t.db.query<{ type: string; metadata: Record<string, unknown>; content: string | null }>(
    "select type, metadata, content from events where metadata->>'approvalId' = $1 order by occurred_at, id", [approvalId]);
  return rows;
}

export async function inboundState(h: Harness, inboundId: string): Promise<{ status: string; decision: Record<string, unknown>; draft: Record<string, unknown> }> {
  const { rows } = await h.t.db.query<{ status: string; decision: Record<string, unknown>; draft: Record<string, unknown> }>(
    'select status, decision, draft from inbound_messages where id = $1', [inboundId]);
  return rows[0]!;
}

export { QUEUES };
