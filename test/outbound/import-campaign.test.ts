/**
 * An IMPORT campaign end to end, with no provider at all, on real PostgreSQL and on the embedded
 * default: dedupe, reasons for every domain, shared accounts and relationships with their source,
 * CONTACTED_BY_OTHER_ORG, NO_CONTACT kept, personalised drafts waiting for approval, one campaign-wide
 * approval → exactly one send each, a DNC arriving after drafting → not sent, cross-agency 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { TestService } from '../support/test-service.ts';
import { DB_KINDS } from '../support/test-db.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  campaignOf, contactedByWorkspace, eventsOf, markDoNotContact, prospectsOf, seedAgency, sinkMailbox, startCampaignService, startMailboxSmtp,
  waitForCampaign, type Agency, type CampaignView,
} from './harness.ts';

describe.each(DB_KINDS)('an IMPORT campaign (%s)', (kind) => {
  let svc: TestService;
  let smtp: Awaited<ReturnType<typeof startMailboxSmtp>>;
  let a: Agency;
  let b: Agency;
  let mailboxId: string;
  let campaign: CampaignView;

  beforeAll(async () => {
    smtp = await startMailboxSmtp();
    svc = await startCampaignService(kind);
    a = await seedAgency(svc, 'Agency A');
    b = await seedAgency(svc, 'Agency B');
    mailboxId = await sinkMailbox(svc, a.ws1, 'sam@client.example', smtp.port);
    // Facts the filter must respect.
    await svc.call('POST', '/v1/link-building/crm/account', { token: a.key, body: { domain: 'dnc.example' } });
    await markDoNotContact(svc, 'dnc.example');
    const inPipe = await svc.call<{ id: string }>('POST', '/v1/link-building/crm/account', { token: a.key, body: { domain: 'inpipe.example' } });
    await svc.call('POST', '/v1/link-building/crm/relationship', { token: a.key, body: { workspaceId: a.ws1, accountId: inPipe.body.id } });
    await contactedByWorkspace(svc, b.ws1, 'shared.example', new Date(Date.now() - 3 * 86_400_000));
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await smtp?.close();
  });

  it('answers 202 RUNNING and reaches WAITING_APPROVAL with a reason for every domain', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/campaigns/import', {
      token: a.key,
      body: {
        workspaceId: a.ws1,
        prospects: [
          { domain: 'https://www.Alpha-Blog.example/posts/remote', email: 'anna@alpha-blog.example', firstName: 'anna', url: 'https://alpha-blog.example/posts/remote', title: 'Remote work, done right' },
          { domain: 'alpha-blog.example', email: 'other@alpha-blog.example' },
          { domain: 'beta.example', email: 'ben@beta.example', firstName: 'Ben' },
          { domain: 'noemail.example' },
          { domain: 'en.wikipedia.org' },
          { domain: 'blog.client.example', email: 'me@client.example' },
          { domain: 'dnc.example', email: 'x@dnc.example' },
          { domain: 'inpipe.example', email: 'x@inpipe.example' },
          { domain: 'shared.example', email: 'sara@shared.example', firstName: 'Sara' },
          { domain: 'skipme.example', email: 'x@skipme.example' },
        ],
        filters: { excludeDomains: ['skipme.example'] },
        pitch: { ourContent: 'https://client.example/remote-work-guide', angle: 'a data-backed guide to remote onboarding', mailboxId, fromName: 'Sam Writer' },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.id).toMatch(/^scmp_/);
    expect(started.body.status).toBe('RUNNING');
    expect(started.body.kind).toBe('IMPORT');

    campaign = await waitForCampaign(svc, a.key, started.body.id);
    expect(campaign.status, campaign.error ?? '').toBe('WAITING_APPROVAL');
    expect(campaign.counts).toEqual({ found: 9, kept: 4, dropped: 5, noContact: 1, drafted: 3, approved: 0, sent: 0 });
    expect(campaign.cost).toEqual({});

    const ps = await prospectsOf(svc, a.key, campaign.id);
    const by = new Map(ps.map((p) => [p.domain, p]));
    expect(ps.map((p) => p.domain)).toEqual([
      'alpha-blog.example', 'beta.example', 'noemail.example', 'en.wikipedia.org', 'blog.client.example', 'dnc.example', 'inpipe.example', 'shared.example', 'skipme.example',
    ]);
    expect(by.get('en.wikipedia.org')).toMatchObject({ kept: false, reason: 'PLATFORM', accountId: null, relationshipId: null });
    expect(by.get('blog.client.example')).toMatchObject({ kept: false, reason: 'OWN_DOMAIN' });
    expect(by.get('dnc.example')).toMatchObject({ kept: false, reason: 'DO_NOT_CONTACT' });
    expect(by.get('inpipe.example')).toMatchObject({ kept: false, reason: 'IN_PIPELINE' });
    expect(by.get('skipme.example')).toMatchObject({ kept: false, reason: 'EXCLUDED' });
    expect(by.get('noemail.example')).toMatchObject({ kept: true, reason: 'NEW_PROSPECT', status: 'NO_CONTACT', contact: null, outreachId: null });
    expect(by.get('noemail.example')!.statusReason).toMatch(/no address/);
    expect(by.get('shared.example')).toMatchObject({ kept: true, reason: 'CONTACTED_BY_OTHER_ORG', status: 'WAITING_APPROVAL' });
    const alpha = by.get('alpha-blog.example')!;
    expect(alpha).toMatchObject({ kept: true, status: 'WAITING_APPROVAL', contact: { email: 'anna@alpha-blog.example', name: 'anna' } });
    expect(alpha.outreachId).toMatch(/^out_/);
    expect(alpha.approvalId).toMatch(/^apr_/);
    for (const p of ps) if (p.kept === false) expect(p.reasonDetail, p.domain).toBeTruthy();
  });

  it('creates shared accounts and relationships with the campaign as their source', async () => {
    const ps = await prospectsOf(svc, a.key, campaign.id);
    const alpha = ps.find((p) => p.domain === 'alpha-blog.example')!;
    const acct = await svc.call<{ source: string; sourceDetails: string }>('GET', `/v1/link-building/crm/account/${alpha.accountId}`, { token: a.key });
    expect(acct.body.source).toBe('IMPORT');
    expect(JSON.parse(acct.body.sourceDetails)).toMatchObject({ campaignId: campaign.id });
    const rel = await svc.call<{ source: string; status: string; targetBlogPost: string | null; ourContent: string; sourceDetails: string }>('GET', `/v1/link-building/crm/relationship/${alpha.relationshipId}`, { token: a.key });
    expect(rel.body).toMatchObject({ source: 'IMPORT', status: 'PROSPECTING', targetBlogPost: 'https://alpha-blog.example/posts/remote', ourContent: 'https://client.example/remote-work-guide' });
    const shared = ps.find((p) => p.domain === 'shared.example')!;
    const sharedRel = await svc.call<{ status: string }>('GET', `/v1/link-building/crm/relationship/${shared.relationshipId}`, { token: a.key });
    expect(sharedRel.body.status).toBe('CONTACTED_BY_OTHER_ORG');

    const types = (await eventsOf(svc, a.key, alpha.relationshipId!)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CONTACT_RESEARCH', 'GATES_EVALUATED', 'REPLY_DRAFTED', 'APPROVAL_REQUESTED']));
    const noContact = ps.find((p) => p.domain === 'noemail.example')!;
    const research = (await eventsOf(svc, a.key, noContact.relationshipId!)).filter((e) => e.type === 'CONTACT_RESEARCH');
    expect(research).toHaveLength(1);
    expect(research[0]!.metadata['chosen']).toBeNull();
  });

  it('drafts a personalised first email naming their page, our content and the first name', async () => {
    const ps = await prospectsOf(svc, a.key, campaign.id);
    const alpha = ps.find((p) => p.domain === 'alpha-blog.example')!;
    const out = await svc.call<{ subject: string; text: string; status: string; campaignId: string; to: string }>('GET', `/v1/link-building/campaign/outreach/${alpha.outreachId}`, { token: a.key });
    expect(out.body).toMatchObject({ status: 'WAITING_APPROVAL', campaignId: campaign.id, to: 'anna@alpha-blog.example' });
    expect(out.body.subject).toContain('Remote work, done right');
    expect(out.body.text).toMatch(/^Hi Anna,/);
    expect(out.body.text).toContain('https://alpha-blog.example/posts/remote');
    expect(out.body.text).toContain('https://client.example/remote-work-guide');
    expect(out.body.text).toContain('remote onboarding');
    expect(out.body.text).toContain('Sam Writer');
    expect(smtp.received).toHaveLength(0);
  });

  it('hides the campaign from another agency (404 everywhere)', async () => {
    for (const [method, path] of [
      ['GET', `/v1/link-building/campaigns/${campaign.id}`],
      ['GET', `/v1/link-building/campaigns/${campaign.id}/prospects`],
      ['POST', `/v1/link-building/campaigns/${campaign.id}/approve`],
    ] as const) {
      const r = await svc.call(method, path, { token: b.key, ...(method === 'POST' ? { body: {} } : {}) });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    const list = await svc.call<{ data: CampaignView[] }>('GET', '/v1/link-building/campaigns', { token: b.key });
    expect(list.body.data.map((c) => c.id)).not.toContain(campaign.id);
    const foreign = await svc.call('POST', '/v1/link-building/campaigns/import', {
      token: b.key, body: { workspaceId: a.ws1, domains: ['x.example'], pitch: { ourContent: 'https://client.example/x', mailboxId } },
    });
    expect(foreign.status).toBe(404);
    const mine = await svc.call<{ data: CampaignView[] }>('GET', `/v1/link-building/campaigns?workspaceId=${a.ws1}`, { token: a.key });
    expect(mine.body.data.map((c) => c.id)).toContain(campaign.id);
  });

  it('one approval sends each email exactly once; a DNC that arrived after drafting wins', async () => {
    await markDoNotContact(svc, 'beta.example');
    const r = await svc.call<{ approved: string[]; skipped: unknown[]; campaign: CampaignView }>('POST', `/v1/link-building/campaigns/${campaign.id}/approve`, { token: a.key, body: {} });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.approved).toHaveLength(3);
    expect(r.body.campaign.status).toBe('DONE');

    await waitFor(async () => {
      const ps = await prospectsOf(svc, a.key, campaign.id);
      return ps.filter((p) => p.outreachId).every((p) => p.status === 'SENT' || p.status === 'FAILED');
    }, { timeoutMs: 30_000, what: 'every approved email to be sent or stopped' });
    await new Promise((res) => setTimeout(res, 1000)); // a duplicate send would show up here
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['anna@alpha-blog.example', 'sara@shared.example']);

    const ps = await prospectsOf(svc, a.key, campaign.id);
    const beta = ps.find((p) => p.domain === 'beta.example')!;
    expect(beta.status).toBe('FAILED');
    const alpha = ps.find((p) => p.domain === 'alpha-blog.example')!;
    const rel = await svc.call<{ status: string }>('GET', `/v1/link-building/crm/relationship/${alpha.relationshipId}`, { token: a.key });
    expect(rel.body.status).toBe('CONTACTED_BY_US');
    const events = await eventsOf(svc, a.key, alpha.relationshipId!);
    expect(events.filter((e) => e.type === 'EMAIL_SENT')).toHaveLength(1);
    expect(events.some((e) => e.type === 'STATUS_CHANGED' && e.metadata['to'] === 'APPROVED_TO_CONTACT')).toBe(true);

    const done = await campaignOf(svc, a.key, campaign.id);
    expect(done.counts).toMatchObject({ drafted: 3, approved: 3, sent: 2 });
  });

  it('documents every campaign route in the OpenAPI document', async () => {
    type Op = { operationId: string; responses: Record<string, { content?: unknown }> };
    const doc = (await svc.call<{ paths: Record<string, Record<string, Op>> }>('GET', '/openapi.json')).body;
    const lb = (p: string) => doc.paths[`/v1/link-building${p}`]!;
    expect(lb('/serp_outreach')['post']!.operationId).toBe('postSerpOutreach');
    expect(lb('/serp_outreach')['post']!.responses['202']!.content).toBeTruthy();
    expect(lb('/competitor_outreach')['post']!.operationId).toBe('postCompetitorOutreach');
    expect(lb('/campaigns/import')['post']!.operationId).toBe('postCampaignsImport');
    expect(lb('/campaigns')['get']!.operationId).toBe('listCampaigns');
    expect(lb('/campaigns/{id}')['get']!.operationId).toBe('getCampaignsById');
    expect(lb('/campaigns/{id}/prospects')['get']!.operationId).toBe('listCampaignsByIdProspects');
    expect(lb('/campaigns/{id}/approve')['post']!.operationId).toBe('postCampaignsByIdApprove');

    // What the service answers is what the document says (closed objects: no field added or dropped).
    const full = (await svc.call<{ components: Record<string, unknown>; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>> }>('GET', '/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
    const check = async (path: string, url: string) => {
      const schema = full.paths[`/v1/link-building${path}`]!['get']!.responses['200']!.content!['application/json']!.schema;
      const validate = ajv.compile({ components: full.components, ...schema });
      const body = (await svc.call('GET', `/v1/link-building${url}`, { token: a.key })).body;
      expect(validate(body), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    await check('/campaigns/{id}', `/campaigns/${campaign.id}`);
    await check('/campaigns/{id}/prospects', `/campaigns/${campaign.id}/prospects`);
    await check('/campaigns', `/campaigns?workspaceId=${a.ws1}`);
  });

  it('refuses bad input naming the field, and a SERP campaign without its provider keys', async () => {
    const bad = await svc.call<{ error: { field: string } }>('POST', '/v1/link-building/campaigns/import', {
      token: a.key, body: { workspaceId: a.ws1, domains: ['x.example'], pitch: { ourContent: 'not a url', mailboxId } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.pitch.ourContent');
    const serp = await svc.call<{ error: { message: string } }>('POST', '/v1/link-building/serp_outreach', {
      token: a.key, body: { workspaceId: a.ws1, keyword: 'remote work', pitch: { ourContent: 'https://client.example/x', mailboxId } },
    });
    expect(serp.status).toBe(400);
    expect(serp.body.error.message).toContain('DATAFORSEO_LOGIN');
    const { rows } = await svc.t.db.query<{ n: number }>('select count(*)::int as n from campaigns');
    expect(rows[0]!.n).toBe(1);
  });
});
