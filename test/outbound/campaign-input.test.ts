/**
 * Bad input on every campaign route: a 4xx naming the field, and nothing stored (no campaign, no job).
 * A campaign this process has no provider for is a 400 naming the missing keys and the field that needs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { seedAgency, sinkMailbox, startCampaignService, waitForCampaign, type Agency, type CampaignView } from './harness.ts';

type ErrorBody = { error: { code: string; message: string; field?: string } };

describe('campaign routes refuse bad input (postgres, no provider configured)', () => {
  let svc: TestService;
  let a: Agency;
  let b: Agency;
  let mailboxId: string;
  const pitch = () => ({ ourContent: 'https://client.example/guide', mailboxId });
  const stored = async () => (await svc.t.db.query<{ n: number }>('select (select count(*) from campaigns)::int + (select count(*) from campaign_prospects)::int as n')).rows[0]!.n;

  beforeAll(async () => {
    svc = await startCampaignService('postgres');
    a = await seedAgency(svc, 'Agency V');
    b = await seedAgency(svc, 'Agency W');
    mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', 1);
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
  });

  it.each<[string, string, () => Record<string, unknown>, number, string, RegExp?]>([
    ['serp: no keyword', '/serp_outreach', () => ({ workspaceId: a.ws1, pitch: pitch() }), 400, 'body.keyword'],
    ['serp: a blank keyword', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: '   ', pitch: pitch() }), 400, 'body.keyword'],
    ['serp: depth out of 10–100', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', depth: 500, pitch: pitch() }), 400, 'body.depth'],
    ['serp: language not ISO 639-1', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', language: 'english', pitch: pitch() }), 400, 'body.language'],
    ['serp: minDomainRating above max', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', filters: { minDomainRating: 60, maxDomainRating: 20 }, pitch: pitch() }), 400, 'body.filters.maxDomainRating'],
    ['serp: an unknown filter', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', filters: { minDR: 3 }, pitch: pitch() }), 400, 'body.filters.minDR'],
    ['serp: maxProspects 0', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', filters: { maxProspects: 0 }, pitch: pitch() }), 400, 'body.filters.maxProspects'],
    ['serp: no pitch', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k' }), 400, 'body.pitch'],
    ['serp: ourContent not a URL', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', pitch: { ...pitch(), ourContent: 'client.example' } }), 400, 'body.pitch.ourContent'],
    ['serp: both a mailbox and an Instantly campaign', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', pitch: { ...pitch(), instantlyCampaignId: 'c1' } }), 400, 'body.pitch.mailboxId'],
    ['serp: neither', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', pitch: { ourContent: 'https://client.example/guide' } }), 400, 'body.pitch.mailboxId'],
    ['serp: no provider key', '/serp_outreach', () => ({ workspaceId: a.ws1, keyword: 'k', pitch: pitch() }), 400, 'body.keyword', /DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or SERPAPI_KEY.*APOLLO_API_KEY/],
    ['serp: a workspace id of bad shape', '/serp_outreach', () => ({ workspaceId: 'acme', keyword: 'k', pitch: pitch() }), 400, 'body.workspaceId'],
    ["serp: another agency's workspace", '/serp_outreach', () => ({ workspaceId: b.ws1, keyword: 'k', pitch: pitch() }), 404, 'body.workspaceId'],
    ['competitor: not a domain', '/competitor_outreach', () => ({ workspaceId: a.ws1, competitorDomain: 'not a domain', pitch: pitch() }), 400, 'body.competitorDomain'],
    ['competitor: no provider key', '/competitor_outreach', () => ({ workspaceId: a.ws1, competitorDomain: 'rival.example', pitch: pitch() }), 400, 'body.competitorDomain', /AHREFS_API_KEY, or DATAFORSEO_LOGIN/],
    ['import: neither domains nor prospects', '/campaigns/import', () => ({ workspaceId: a.ws1, pitch: pitch() }), 400, 'body.domains'],
    ['import: both', '/campaigns/import', () => ({ workspaceId: a.ws1, domains: ['a.example'], prospects: [{ domain: 'b.example' }], pitch: pitch() }), 400, 'body.domains'],
    ['import: an empty list', '/campaigns/import', () => ({ workspaceId: a.ws1, domains: [], pitch: pitch() }), 400, 'body.domains'],
    ['import: a domain that is not one', '/campaigns/import', () => ({ workspaceId: a.ws1, domains: ['ok.example', 'http://'], pitch: pitch() }), 400, 'body.domains.1'],
    ['import: a bad email', '/campaigns/import', () => ({ workspaceId: a.ws1, prospects: [{ domain: 'a.example', email: 'nope' }], pitch: pitch() }), 400, 'body.prospects.0.email'],
    ['import: a prospect field we do not know', '/campaigns/import', () => ({ workspaceId: a.ws1, prospects: [{ domain: 'a.example', phone: '1' }], pitch: pitch() }), 400, 'body.prospects.0.phone'],
    ['import: a mailbox of another workspace', '/campaigns/import', () => ({ workspaceId: a.ws2, domains: ['a.example'], pitch: pitch() }), 400, 'body.pitch.mailboxId'],
    ['import: Instantly without INSTANTLY_API_KEY', '/campaigns/import', () => ({ workspaceId: a.ws1, domains: ['a.example'], pitch: { ourContent: 'https://client.example/guide', instantlyCampaignId: 'camp-1' } }), 400, 'body.pitch.instantlyCampaignId', /INSTANTLY_API_KEY/],
  ])('%s: a 4xx naming the field, nothing stored', async (_name, path, body, status, field, message) => {
    const before = await stored();
    const r = await svc.call<ErrorBody>('POST', `/v1/link-building${path}`, { token: a.key, body: body() });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (status === 400) expect(r.body.error.field).toBe(field);
    // the message names the field, or the provider keys it needs
    if (message) expect(r.body.error.message).toMatch(message);
    else if (status === 400) expect(r.body.error.message).toContain(field.replace(/^body\./, '').split('.')[0]!);
    expect(await stored()).toBe(before);
  });

  it('reads and the approve action refuse bad queries and ids, naming the field', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/campaigns/import', { token: a.key, body: { workspaceId: a.ws1, domains: ['a.example'], pitch: pitch() } });
    expect(started.status).toBe(202);
    const c = await waitForCampaign(svc, a.key, started.body.id);
    const cases: Array<[string, string, Record<string, unknown> | undefined, number, string | null]> = [
      ['GET', '/campaigns?status=SOMETIMES', undefined, 400, 'query.status'],
      ['GET', '/campaigns?limit=0', undefined, 400, 'query.limit'],
      ['GET', `/campaigns?workspaceId=${b.ws1}`, undefined, 404, null],
      ['GET', `/campaigns/${c.id}/prospects?kept=maybe`, undefined, 400, 'query.kept'],
      ['GET', '/campaigns/scmp_nope', undefined, 404, null],
      ['POST', `/campaigns/${c.id}/approve`, { outreachIds: ['not-an-id'] }, 400, 'body.outreachIds.0'],
      ['POST', `/campaigns/${c.id}/approve`, { outreachIds: ['out_0000000000000000000000'] }, 400, 'body.outreachIds'],
      ['POST', `/campaigns/${c.id}/approve`, { all: true }, 400, 'body.all'],
      ['POST', '/campaigns/scmp_nope/approve', {}, 404, null],
    ];
    for (const [method, path, body, status, field] of cases) {
      const r = await svc.call<ErrorBody>(method as 'GET' | 'POST', `/v1/link-building${path}`, { token: a.key, ...(body ? { body } : {}) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(status);
      if (field) expect(r.body.error.field, `${method} ${path}`).toBe(field);
    }
  });
});
