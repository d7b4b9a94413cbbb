/**
 * SERP and COMPETITOR campaigns end to end against the loopback fakes of DataForSEO, Ahrefs and Apollo
 * (their documented shapes), through the whole service, on real PostgreSQL and on the embedded default:
 * dedupe, a reason for every domain, shared accounts enriched and created with their source, one reveal
 * per kept domain (never a dropped one), NO_CONTACT kept, drafts waiting for approval, cost on the
 * campaign, and a provider failure failing the campaign with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { DB_KINDS } from '../support/test-db.ts';
import { startFakeDataForSeo, type FakeDataForSeoServer } from '../fakes/dataforseo-server.ts';
import { startFakeAhrefs, type FakeAhrefsServer } from '../fakes/ahrefs-server.ts';
import { startFakeApollo, type FakeApolloServer } from '../fakes/apollo-server.ts';
import { METRICS, PEOPLE, SERP } from './fixtures.ts';
import { eventsOf, markDoNotContact, prospectsOf, seedAgency, sinkMailbox, startCampaignService, startMailboxSmtp, waitForCampaign, type Agency, type CampaignView } from './harness.ts';

const KEYWORD = 'remote work tools';

describe.each(DB_KINDS)('SERP and COMPETITOR campaigns against the provider fakes (%s)', (kind) => {
  let svc: TestService;
  let smtp: Awaited<ReturnType<typeof startMailboxSmtp>>;
  let dfs: FakeDataForSeoServer;
  let ahrefs: FakeAhrefsServer;
  let apollo: FakeApolloServer;
  let a: Agency;
  let b: Agency;
  let mailboxId: string;
  const pitch = () => ({ ourContent: 'https://client.example/remote-work-guide', angle: 'our survey of 2,000 remote workers', mailboxId, fromName: 'Sam Writer' });

  beforeAll(async () => {
    smtp = await startMailboxSmtp();
    dfs = await startFakeDataForSeo({ serp: { [KEYWORD]: SERP } });
    ahrefs = await startFakeAhrefs({
      metrics: METRICS,
      refdomains: { 'rival.example': [
        { domain: 'linker.example', domain_rating: 52, traffic_domain: 3000 },
        { domain: 'www.linker.example', domain_rating: 52, traffic_domain: 3000 },
        { domain: 'rival.example', domain_rating: 60 },
        { domain: 'lowdr.example', domain_rating: 12 },
        { domain: 'reddit.com', domain_rating: 91 },
      ] },
    });
    apollo = await startFakeApollo({ people: PEOPLE });
    svc = await startCampaignService(kind, {
      DATAFORSEO_LOGIN: dfs.login, DATAFORSEO_PASSWORD: dfs.password, DATAFORSEO_BASE_URL: dfs.baseURL,
      AHREFS_API_KEY: ahrefs.apiKey, AHREFS_BASE_URL: ahrefs.baseURL, APOLLO_API_KEY: apollo.apiKey, APOLLO_BASE_URL: apollo.baseURL,
    });
    a = await seedAgency(svc, 'Agency A');
    b = await seedAgency(svc, 'Agency B');
    mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', smtp.port);
    await svc.call('POST', '/v1/link-building/crm/account', { token: a.key, body: { domain: 'dnc-serp.example' } });
    await markDoNotContact(svc, 'dnc-serp.example');
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await Promise.all([smtp?.close(), dfs?.close(), ahrefs?.close(), apollo?.close()]);
  });

  let serp: CampaignView;

  it('a keyword becomes deduplicated, filtered prospects with one revealed contact per kept domain and drafts waiting for approval', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/serp_outreach', {
      token: a.key, body: { workspaceId: a.ws1, keyword: KEYWORD, language: 'en', depth: 20, filters: { minDomainRating: 30 }, pitch: pitch() },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    serp = await waitForCampaign(svc, a.key, started.body.id);
    expect(serp.status, serp.error ?? '').toBe('WAITING_APPROVAL');
    expect(serp.counts).toEqual({ found: 8, kept: 4, dropped: 4, noContact: 2, drafted: 2, approved: 0, sent: 0 });

    const ps = await prospectsOf(svc, a.key, serp.id);
    const by = new Map(ps.map((p) => [p.domain, p]));
    expect(by.get('alpha.example')).toMatchObject({ rank: 1, url: 'https://www.alpha.example/best-remote-tools', domainRating: 55, kept: true, status: 'WAITING_APPROVAL', contact: { email: 'ada@alpha.example', name: 'Ada Editor', position: 'Managing Editor' } });
    expect(by.get('en.wikipedia.org')).toMatchObject({ kept: false, reason: 'PLATFORM' });
    expect(by.get('lowdr.example')).toMatchObject({ kept: false, reason: 'DR_BELOW_MIN' });
    expect(by.get('dnc-serp.example')).toMatchObject({ kept: false, reason: 'DO_NOT_CONTACT' });
    expect(by.get('blog.client.example')).toMatchObject({ kept: false, reason: 'OWN_DOMAIN' });
    expect(by.get('nobody.example')).toMatchObject({ kept: true, status: 'NO_CONTACT', contact: null });
    expect(by.get('locked.example')).toMatchObject({ kept: true, status: 'NO_CONTACT', contact: null });
    expect(by.get('locked.example')!.statusReason).toMatch(/no usable address/);
    expect(by.get('beta.example')).toMatchObject({ kept: true, status: 'WAITING_APPROVAL', contact: { email: 'bea@beta.example' } });

    // Money: one SERP call; each found domain's metrics bought once; people searched and revealed only for kept domains, once.
    expect(dfs.serpKeywords()).toEqual([KEYWORD]);
    expect([...ahrefs.batchTargets()].sort()).toEqual([...new Set(ahrefs.batchTargets())].sort());
    expect(apollo.searchedDomains().sort()).toEqual(['alpha.example', 'beta.example', 'locked.example', 'nobody.example']);
    expect(apollo.revealedIds().sort()).toEqual(['p-alpha-editor', 'p-beta', 'p-locked']);
    expect(serp.cost['dataforseo']).toEqual({ calls: 1, units: 0.002 });
    expect(serp.cost['apollo']!.calls).toBe(7);
    expect(serp.cost['ahrefs']!.calls).toBeGreaterThanOrEqual(1);
  });

  it('enriches the shared account and records the source on account and relationship', async () => {
    const alpha = (await prospectsOf(svc, a.key, serp.id)).find((p) => p.domain === 'alpha.example')!;
    const acct = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${alpha.accountId}`, { token: a.key });
    expect(acct.body).toMatchObject({ source: 'SEARCH', domainRating: 55, organicTraffic: 12000, referringDomains: 900 });
    expect(acct.body['ahrefStatsUpdatedAt']).toBeTruthy();
    expect(JSON.parse(acct.body['sourceDetails'] as string)).toEqual({ campaignId: serp.id, serpRank: 1, url: 'https://www.alpha.example/best-remote-tools' });
    const rel = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/relationship/${alpha.relationshipId}`, { token: a.key });
    expect(rel.body).toMatchObject({ source: 'SEARCH', status: 'PROSPECTING', targetBlogPost: 'https://www.alpha.example/best-remote-tools' });
    const contact = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/contact/${alpha.contact!.id}`, { token: a.key });
    expect(contact.body).toMatchObject({ apolloPersonId: 'p-alpha-editor', firstName: 'Ada' });
    const research = (await eventsOf(svc, a.key, alpha.relationshipId!)).find((e) => e.type === 'CONTACT_RESEARCH')!;
    expect(research.content).toContain('Managing Editor');
    const out = await svc.call<{ text: string; subject: string }>('GET', `/v1/link-building/campaign/outreach/${alpha.outreachId}`, { token: a.key });
    expect(out.body.subject).toContain('The 12 best remote work tools');
    expect(out.body.text).toContain('Hi Ada,');
    expect(out.body.text).toContain('https://www.alpha.example/best-remote-tools');
    expect(out.body.text).toContain(KEYWORD);
  });

  it('a competitor domain becomes its referring domains, filtered, with sourceDetails naming the competitor', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/competitor_outreach', {
      token: a.key, body: { workspaceId: a.ws2, competitorDomain: 'https://www.rival.example/', filters: { minDomainRating: 20 }, pitch: { ...pitch(), mailboxId: await sinkMailbox(svc, a.ws2, 'sam2@client.example', smtp.port) } },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const c = await waitForCampaign(svc, a.key, started.body.id);
    expect(c.status, c.error ?? '').toBe('WAITING_APPROVAL');
    const ps = await prospectsOf(svc, a.key, c.id);
    // Ahrefs answers best DR first; www.linker.example is the same partner as linker.example.
    expect(ps.map((p) => [p.domain, p.kept, p.reason])).toEqual([
      ['reddit.com', false, 'PLATFORM'],
      ['rival.example', false, 'COMPETITOR'],
      ['linker.example', true, 'NEW_PROSPECT'],
      ['lowdr.example', false, 'DR_BELOW_MIN'],
    ]);
    const linker = ps[2]!;
    expect(linker.contact?.email).toBe('lin@linker.example');
    const acct = await svc.call<Record<string, unknown>>('GET', `/v1/link-building/crm/account/${linker.accountId}`, { token: a.key });
    expect(acct.body['source']).toBe('COMPETITOR');
    expect(JSON.parse(acct.body['sourceDetails'] as string)).toEqual({ campaignId: c.id, competitorDomain: 'rival.example' });
    expect(c.cost['ahrefs']!.calls).toBeGreaterThanOrEqual(2);
    expect(apollo.revealedIds().filter((id) => id === 'p-lowdr')).toEqual([]);
  });

  it('another agency never sees nor approves it', async () => {
    expect((await svc.call('GET', `/v1/link-building/campaigns/${serp.id}`, { token: b.key })).status).toBe(404);
    expect((await svc.call('POST', `/v1/link-building/campaigns/${serp.id}/approve`, { token: b.key, body: {} })).status).toBe(404);
  });

  it('a provider failure fails the campaign with a clear error and keeps what was done', async () => {
    dfs.injectStatus('request', 40100, 'You are not authorized to access this resource.', undefined, 5);
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/serp_outreach', {
      token: a.key, body: { workspaceId: a.ws1, keyword: 'something else', pitch: pitch() },
    });
    const c = await waitForCampaign(svc, a.key, started.body.id, ['FAILED', 'WAITING_APPROVAL', 'DONE'], 60_000);
    expect(c.status).toBe('FAILED');
    expect(c.error).toMatch(/^research: dataforseo/);
    expect(c.counts.found).toBe(0);
  });
});
