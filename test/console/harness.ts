/**
 * The console under test: the whole service (HTTP, pg-boss workers, wiring) on its own PostgreSQL
 * database, approval and sign-in emails to an in-process SMTP sink, and a tiny browser-like HTTP client
 * (cookie jar, CSRF field read from the page) for the server-side tests. The Chromium test drives the
 * same service through a real browser.
 */
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { enqueueWith } from '../../src/jobs/boss.ts';
import { insertAgency, insertApiKey, insertWorkspace, setApprovers } from '../../src/crm/db/tenants.ts';
import { insertAccount } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { insertInbound, setInboundMatch } from '../../src/ingest/db/inbound.ts';
import { requestApproval } from '../../src/respond/approvals/approval-service.ts';
import type { Approval } from '../../src/respond/approvals/types.ts';

export interface ConsoleHarness {
  svc: TestService;
  smtp: SmtpSink;
  url: string;
  close(): Promise<void>;
}

export async function startConsoleHarness(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const smtp = await startSmtpSink();
  const svc = await startTestService('postgres', { SMTP_URL: smtp.url, SECRET_KEY: 'console-test-secret-key-0123456789abcdef', ...env });
  return {
    svc, smtp, url: svc.url,
    async close() {
      await svc.close();
      await smtp.close();
    },
  };
}

export interface Tenant {
  agencyId: string;
  workspaceId: string;
  workspaceName: string;
  apiKey: string;
  relationshipId: string;
  accountId: string;
  domain: string;
}

/** An agency with one workspace (approver ana@<agency>.example), a partner and a relationship. */
export async function seedTenant(h: ConsoleHarness, name: string, domain: string, approver = 'ana@agency.example'): Promise<Tenant> {
  const db = h.svc.t.db;
  const agency = await insertAgency(db, name);
  const { workspace } = await insertWorkspace(db, agency.id, `${name} client`);
  await setApprovers(db, workspace.id, { emails: [approver], slackChannelId: null, slackUserIds: [] });
  const { apiKey } = await insertApiKey(db, agency.id, null, null);
  const account = await insertAccount(db, { domain, domainRating: 57 });
  const rel = await insertRelationship(db, { workspaceId: workspace.id, accountId: account.id, source: 'INBOUND', ourContent: 'https://client.example/guide' });
  return { agencyId: agency.id, workspaceId: workspace.id, workspaceName: workspace.name, apiKey, relationshipId: rel.id, accountId: account.id, domain };
}

export const DRAFT_TEXT = 'Hi Sam,\n\nThanks for the quote. We would like to go ahead with the guest post.\n\nBest,\nAlex';

let seq = 0;
/** A price quote the gates sent to WAITING_APPROVAL, with a draft, and its approval requested. */
export async function seedWaitingMessage(h: ConsoleHarness, tenant: Tenant, opts: { subject?: string; text?: string; fromName?: string; createdAt?: Date } = {}): Promise<{ inboundId: string; approval: Approval }> {
  const db = h.svc.t.db;
  seq++;
  const inboundId = (await insertInbound(db, {
    workspaceId: tenant.workspaceId, source: 'IMAP', mailboxId: null, externalId: null, messageId: `<quote-${seq}-${Date.now()}@${tenant.domain}>`,
    inReplyTo: null, references: [], from: { address: `sam@${tenant.domain}`, name: opts.fromName ?? 'Sam Editor' }, to: [], cc: [],
    subject: opts.subject ?? 'Re: Guest post idea', text: opts.text ?? 'Our rate for a guest post is $450.', html: null, headers: {},
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
      { gate: 'price-ceiling', passed: false, reason: 'GUEST_POST offer of 450 USD has no ceiling set' },
      { gate: 'intent-allowed', passed: false, reason: 'PRICE_QUOTE is not in autoReplyIntents' },
    ],
  };
  await db.query("update inbound_messages set status = 'CLASSIFIED', classification = $2, decision = $3, draft = $4 where id = $1", [
    inboundId, JSON.stringify(classification), JSON.stringify(decision), JSON.stringify({ subject: 'Re: Guest post idea', text: DRAFT_TEXT, html: null }),
  ]);
  const enqueue = enqueueWith(h.svc.service.boss);
  const { approval } = await db.transaction((tx) => requestApproval(tx, { inboundId, now: opts.createdAt ?? new Date() }, enqueue));
  return { inboundId, approval };
}

/** A browser over fetch: keeps cookies, reads the page's CSRF field, follows nothing by itself. */
export class Browserish {
  cookies = new Map<string, string>();
  lastCsrf: string | null = null;
  constructor(readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<{ status: number; html: string; headers: Headers; location: string | null }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    this.lastCsrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.lastCsrf;
    return { status: res.status, html, headers: res.headers, location: res.headers.get('location') };
  }

  async post(path: string, fields: Record<string, string>, opts: { csrf?: string | null; origin?: string; cookies?: boolean } = {}): Promise<{ status: number; html: string; location: string | null }> {
    const body = new URLSearchParams(fields);
    const csrf = opts.csrf === undefined ? this.lastCsrf : opts.csrf;
    if (csrf !== null && csrf !== undefined) body.set('csrf', csrf);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (opts.cookies !== false) headers['cookie'] = this.cookieHeader();
    if (opts.origin) headers['origin'] = opts.origin;
    const res = await fetch(this.base + path, { method: 'POST', headers, body: body.toString(), redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    this.lastCsrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.lastCsrf;
    return { status: res.status, html, location: res.headers.get('location') };
  }

  /** Signs in with an API key through the form, as a person would. */
  async signIn(apiKey: string, person: string): Promise<void> {
    await this.get('/console/sign-in');
    const r = await this.post('/console/sign-in', { apiKey, person });
    if (r.status !== 303) throw new Error(`sign-in answered ${r.status}: ${r.html.slice(0, 300)}`);
    await this.get('/console/approvals');
  }
}
