/**
 * SERP and COMPETITOR campaigns from the keyword to the send, through the whole service against the
 * loopback fakes (DataForSEO, Ahrefs, Apollo, Instantly) and an in-process SMTP server, on real
 * PostgreSQL and on the embedded default:
 * - a keyword → drafts signed by the mailbox's sender name and the workspace's signature → one
 *   campaign-wide approval → exactly one SMTP send per email (none to a partner that became
 *   DO_NOT_CONTACT in between) → EMAIL_SENT → CONTACTED_BY_US; the campaign DONE once nothing waits;
 * - enrich pays Ahrefs only for shared accounts whose figures are older than METRICS_MAX_AGE_DAYS;
 * - a competitor → a draft approved on its own (/approvals) → POST /api/v2/leads once → QUEUED →
 *   Instantly's email_sent (checked with GET /api/v2/emails/{id}) → EMAIL_SENT → CONTACTED_BY_US,
 *   the email SENT and counted on the campaign.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { DB_KINDS } from '../support/test-db.ts';
import { waitFor } from '../support/wait-for.ts';
import { startFakeResearchProviders, type FakeResearchProviders } from '../fakes/research-providers.ts';
import { fakeSentEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { METRICS, PEOPLE, SERP } from './fixtures.ts';
import {
  campaignOf, eventsOf, markDoNotContact, prospectsOf, seedAgency, sinkMailbox, startCampaignService, startMailboxSmtp, waitForCampaign,
  type Agency, type CampaignView, type ProspectView,
} from './harness.ts';

const KEYWORD = 'remote work tools';
const SIGNATURE = 'Outreach lead, Client Co\nhttps://client.example';
const DAY = 86_400_000;

describe.each(DB_KINDS)('SERP and COMPETITOR campaigns approved and sent (%s)', (kind) => {
  let svc: TestService;
  let smtp: Awaited<ReturnType<typeof startMailboxSmtp>>;
  let fakes: FakeResearchProviders;
  let instantly: FakeInstantlyServer;
  let a: Agency;
  let mailboxId: string;

  const relationshipOf = async (id: string) => (await svc.call<{ status: string }>('GET', `/v1/link-building/crm/relationship/${id}`, { token: a.key })).body;
  const byDomain = async (id: string): Promise<Map<string, ProspectView>> => new Map((await prospectsOf(svc, a.key, id)).map((p) => [p.domain, p]));

  beforeAll(async () => {
    smtp = await startMailboxSmtp();
    fakes = await startFakeResearchProviders({
      dataforseo: { serp: { [KEYWORD]: SERP } },
      serpapi: false,
      ahrefs: { metrics: METRICS, refdomains: { 'rival.example': [{ domain: 'linker.example', domain_rating: 52, traffic_domain: 3000 }, { domain: 'reddit.com', domain_rating: 91 }] } },
      apollo: { people: PEOPLE },
    });
    // Instantly knows the email it sent to the competitor campaign's lead: the email_sent is checked against it.
    instantly = await startFakeInstantly({ emails: [fakeSentEmail('em-lin-1', 'lin@linker.example', { campaign_id: 'camp-rival', eaccount: 'outreach@client.example' })] });
    svc = await startCampaignService(kind, { ...fakes.env, INSTANTLY_API_KEY: instantly.apiKey, INSTANTLY_BASE_URL: instantly.baseURL, METRICS_MAX_AGE_DAYS: '7' });
    a = await seedAgency(svc, 'Agency S');
    mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', smtp.port);
    // Who signs: the mailbox's sender name, the workspace's signature (migration 017).
    expect((await svc.call('PATCH', `/v1/mailboxes/${mailboxId}`, { token: a.key, body: { senderName: 'Sam Writer' } })).status).toBe(200);
    expect((await svc.call('PATCH', `/v1/link-building/workspaces/${a.ws1}/settings`, { token: a.key, body: { signature: SIGNATURE } })).status).toBe(200);
    // Shared figures: alpha's are 3 days old (fresh under METRICS_MAX_AGE_DAYS=7), beta's 10 days (stale).
    await svc.t.db.query(
      `insert into accounts (id, domain, source, domain_rating, organic_traffic, ahref_stats_updated_at) values
         ('acct_fresh', 'alpha.example', 'MANUAL', 70, 99, $1), ('acct_stale', 'beta.example', 'MANUAL', 20, 1, $2)`,
      [new Date(Date.now() - 3 * DAY).toISOString(), new Date(Date.now() - 10 * DAY).toISOString()],
    );
  }, 90_000);
  afterAll(async () => {
    await svc?.close();
    await Promise.all([smtp?.close(), fakes?.close(), instantly?.close()]);
  });

  let serp: CampaignView;

  it('a keyword: drafts signed by the sender; shared figures bought only when older than METRICS_MAX_AGE_DAYS', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/serp_outreach', {
      token: a.key, body: { workspaceId: a.ws1, keyword: KEYWORD, filters: { minDomainRating: 30 }, pitch: { ourContent: 'https://client.example/remote-work-guide', mailboxId } },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    serp = await waitForCampaign(svc, a.key, started.body.id);
    expect(serp.status, serp.error ?? '').toBe('WAITING_APPROVAL');
    expect(serp.counts).toMatchObject({ drafted: 2, approved: 0, sent: 0 });

    // alpha's fresh figures were reused (not bought), beta's stale ones bought and written back.
    const asked = fakes.ahrefs!.batchTargets();
    expect(asked).not.toContain('alpha.example');
    expect(asked).toContain('beta.example');
    const by = await byDomain(serp.id);
    expect(by.get('alpha.example')!.domainRating).toBe(70);
    expect(by.get('beta.example')!.domainRating).toBe(47);
    const beta = await svc.call<{ domainRating: number; ahrefStatsUpdatedAt: string }>('GET', '/v1/link-building/crm/account/acct_stale', { token: a.key });
    expect(beta.body.domainRating).toBe(47);
    expect(Date.now() - new Date(beta.body.ahrefStatsUpdatedAt).getTime()).toBeLessThan(DAY);
    const alphaAcct = await svc.call<{ domainRating: number }>('GET', '/v1/link-building/crm/account/acct_fresh', { token: a.key });
    expect(alphaAcct.body.domainRating).toBe(70);

    const alpha = by.get('alpha.example')!;
    const out = await svc.call<{ text: string; from: { name: string | null } }>('GET', `/v1/link-building/campaign/outreach/${alpha.outreachId}`, { token: a.key });
    expect(out.body.text).toMatch(/^Hi Ada,/);
    expect(out.body.text.endsWith(`Sam Writer\n${SIGNATURE}`)).toBe(true);
    expect(out.body.from.name).toBe('Sam Writer');
  }, 120_000);

  it('one approval: exactly one SMTP send per email, none to a partner that became DO_NOT_CONTACT, then DONE', async () => {
    await markDoNotContact(svc, 'beta.example');
    const r = await svc.call<{ approved: string[]; campaign: CampaignView }>('POST', `/v1/link-building/campaigns/${serp.id}/approve`, { token: a.key, body: {} });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.approved).toHaveLength(2);
    expect(r.body.campaign.status).toBe('DONE');

    await waitFor(async () => [...(await byDomain(serp.id)).values()].filter((p) => p.outreachId).every((p) => p.status === 'SENT' || p.status === 'FAILED'), {
      timeoutMs: 60_000, what: 'both approved emails sent or stopped',
    });
    const by = await byDomain(serp.id);
    expect(by.get('alpha.example')!.status).toBe('SENT');
    expect(by.get('beta.example')!.status).toBe('FAILED');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ to: ['ada@alpha.example'] });
    expect(smtp.received[0]!.from).toContain('Sam Writer');
    expect(smtp.received[0]!.text).toContain(SIGNATURE.split('\n')[0]!);

    const alpha = by.get('alpha.example')!;
    expect((await relationshipOf(alpha.relationshipId!)).status).toBe('CONTACTED_BY_US');
    const events = await eventsOf(svc, a.key, alpha.relationshipId!);
    expect(events.filter((e) => e.type === 'EMAIL_SENT')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'STATUS_CHANGED').map((e) => e.metadata['to'])).toEqual(['APPROVED_TO_CONTACT']);
    expect((await relationshipOf(by.get('beta.example')!.relationshipId!)).status).toBe('APPROVED_TO_CONTACT');

    const done = await campaignOf(svc, a.key, serp.id);
    expect(done).toMatchObject({ status: 'DONE', counts: { drafted: 2, approved: 2, sent: 1 } });
    const listed = await svc.call<{ data: CampaignView[] }>('GET', `/v1/link-building/campaigns?workspaceId=${a.ws1}&status=DONE`, { token: a.key });
    expect(listed.body.data.map((c) => c.id)).toContain(serp.id);
  }, 120_000);

  it('a competitor through Instantly: approved alone → lead added once, QUEUED → email_sent → SENT and CONTACTED_BY_US', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/competitor_outreach', {
      token: a.key, body: { workspaceId: a.ws1, competitorDomain: 'rival.example', pitch: { ourContent: 'https://client.example/remote-work-guide', instantlyCampaignId: 'camp-rival', fromName: 'Sam' } },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const c = await waitForCampaign(svc, a.key, started.body.id);
    expect(c.status, c.error ?? '').toBe('WAITING_APPROVAL');
    const linker = (await byDomain(c.id)).get('linker.example')!;
    expect(linker).toMatchObject({ kept: true, status: 'WAITING_APPROVAL', contact: { email: 'lin@linker.example' } });
    // the listed status is the read one: still waiting
    const waiting = await svc.call<{ data: CampaignView[] }>('GET', `/v1/link-building/campaigns?workspaceId=${a.ws1}&status=WAITING_APPROVAL`, { token: a.key });
    expect(waiting.body.data.map((x) => x.id)).toEqual([c.id]);

    // One approval on its own (not the campaign-wide action) finishes the campaign too.
    expect((await svc.call('POST', `/v1/link-building/approvals/${linker.approvalId}/approve`, { token: a.key, body: {} })).status).toBe(200);
    expect((await campaignOf(svc, a.key, c.id)).status).toBe('DONE');
    await waitFor(async () => (await byDomain(c.id)).get('linker.example')!.status === 'QUEUED', { timeoutMs: 60_000, what: 'the lead queued in Instantly' });
    const leads = instantly.requests.filter((r) => r.path === '/api/v2/leads');
    expect(leads).toHaveLength(1);
    expect(leads[0]!.body).toMatchObject({ campaign: 'camp-rival', email: 'lin@linker.example', first_name: 'Lin', last_name: 'Ker', website: 'https://linker.example', skip_if_in_workspace: true });
    expect((leads[0]!.body as { personalization: string }).personalization).toContain('https://client.example/remote-work-guide');
    expect((await relationshipOf(linker.relationshipId!)).status).toBe('QUEUED');
    expect((await campaignOf(svc, a.key, c.id)).counts).toMatchObject({ drafted: 1, approved: 1, sent: 0 });

    const hook = await svc.call('POST', `/v1/webhooks/instantly/${a.ws1}`, {
      headers: { 'x-webhook-secret': a.ws1Secret },
      body: { event_type: 'email_sent', timestamp: new Date().toISOString(), workspace: 'w-1', campaign_id: 'camp-rival', lead_email: 'lin@linker.example', email_account: 'outreach@client.example', email_id: 'em-lin-1' },
    });
    expect(hook.status).toBeLessThan(300);
    await waitFor(async () => (await byDomain(c.id)).get('linker.example')!.status === 'SENT', { timeoutMs: 60_000, what: 'the Instantly email recorded SENT' });
    expect((await relationshipOf(linker.relationshipId!)).status).toBe('CONTACTED_BY_US');
    const sent = (await eventsOf(svc, a.key, linker.relationshipId!)).filter((e) => e.type === 'EMAIL_SENT');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.metadata).toMatchObject({ source: 'INSTANTLY', verified: true, campaignId: 'camp-rival' });
    const out = await svc.call<{ status: string; sentAt: string | null }>('GET', `/v1/link-building/campaign/outreach/${linker.outreachId}`, { token: a.key });
    expect(out.body.status).toBe('SENT');
    expect(out.body.sentAt).toBeTruthy();
    expect(await campaignOf(svc, a.key, c.id)).toMatchObject({ status: 'DONE', counts: { drafted: 1, approved: 1, sent: 1 } });

    expect(instantly.requests.filter((r) => r.path === '/api/v2/leads')).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
  }, 120_000);
});
