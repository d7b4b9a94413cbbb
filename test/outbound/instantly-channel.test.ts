/**
 * The Instantly channel of a campaign: approved first emails become leads of the campaign's Instantly
 * campaign (POST /api/v2/leads on the loopback fake, exactly once each, skip_if_in_workspace), the
 * relationship is QUEUED, and Instantly's email_sent webhook then records EMAIL_SENT → CONTACTED_BY_US.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';
import { startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { campaignOf, eventsOf, prospectsOf, seedAgency, startCampaignService, waitForCampaign, type Agency, type CampaignView } from './harness.ts';

describe('a campaign sending through Instantly', () => {
  let svc: TestService;
  let instantly: FakeInstantlyServer;
  let a: Agency;

  beforeAll(async () => {
    instantly = await startFakeInstantly();
    svc = await startCampaignService('postgres', { INSTANTLY_API_KEY: instantly.apiKey, INSTANTLY_BASE_URL: instantly.baseURL });
    a = await seedAgency(svc, 'Agency I');
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await instantly?.close();
  });

  it('adds each approved lead once, QUEUED, then CONTACTED_BY_US after email_sent', async () => {
    const started = await svc.call<CampaignView>('POST', '/v1/link-building/campaigns/import', {
      token: a.key,
      body: {
        workspaceId: a.ws1,
        prospects: [
          { domain: 'gamma.example', email: 'gil@gamma.example', firstName: 'Gil', lastName: 'Gamma', url: 'https://gamma.example/remote', title: 'Remote work' },
          { domain: 'delta.example', email: 'dee@delta.example', firstName: 'Dee' },
        ],
        pitch: { ourContent: 'https://client.example/guide', instantlyCampaignId: 'camp-outreach-1', fromName: 'Sam' },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const c = await waitForCampaign(svc, a.key, started.body.id);
    expect(c.status, c.error ?? '').toBe('WAITING_APPROVAL');
    const before = await prospectsOf(svc, a.key, c.id);
    const gamma = before.find((p) => p.domain === 'gamma.example')!;
    const delta = before.find((p) => p.domain === 'delta.example')!;

    // One email approved alone first (the single-approval path), then the rest in one action.
    const single = await svc.call('POST', `/v1/link-building/approvals/${gamma.approvalId}/approve`, { token: a.key, body: {} });
    expect(single.status).toBe(200);
    const all = await svc.call<{ approved: string[]; skipped: Array<{ outreachId: string }> }>('POST', `/v1/link-building/campaigns/${c.id}/approve`, { token: a.key, body: {} });
    expect(all.body.approved).toEqual([delta.outreachId]);

    await waitFor(async () => (await prospectsOf(svc, a.key, c.id)).every((p) => p.status === 'QUEUED'), { timeoutMs: 30_000, what: 'both leads queued' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(instantly.leads.map((l) => l.email).sort()).toEqual(['dee@delta.example', 'gil@gamma.example']);
    const lead = instantly.leads.find((l) => l.email === 'gil@gamma.example')!;
    expect(lead).toMatchObject({ campaign: 'camp-outreach-1', first_name: 'Gil', last_name: 'Gamma', website: 'https://gamma.example' });
    expect(lead.personalization).toContain('https://client.example/guide');
    const leadRequests = instantly.requests.filter((r) => r.path === '/api/v2/leads');
    expect(leadRequests).toHaveLength(2);
    expect(leadRequests.every((r) => (r.body as { skip_if_in_workspace?: boolean }).skip_if_in_workspace === true)).toBe(true);

    const rel = await svc.call<{ status: string }>('GET', `/v1/link-building/crm/relationship/${gamma.relationshipId}`, { token: a.key });
    expect(rel.body.status).toBe('QUEUED');
    const statuses = (await eventsOf(svc, a.key, gamma.relationshipId!)).filter((e) => e.type === 'STATUS_CHANGED').map((e) => e.metadata['to']);
    expect(statuses).toEqual(['APPROVED_TO_CONTACT', 'QUEUED']);
    expect((await eventsOf(svc, a.key, gamma.relationshipId!)).some((e) => e.type === 'EMAIL_SENT')).toBe(false);

    const hook = await svc.call('POST', `/v1/webhooks/instantly/${a.ws1}`, {
      headers: { 'x-webhook-secret': a.ws1Secret },
      body: { event_type: 'email_sent', timestamp: new Date().toISOString(), workspace: 'w-1', campaign_id: 'camp-outreach-1', lead_email: 'gil@gamma.example', email_account: 'sam@client.example', email_id: 'em-1' },
    });
    expect(hook.status).toBeLessThan(300);
    await waitFor(async () => (await svc.call<{ status: string }>('GET', `/v1/link-building/crm/relationship/${gamma.relationshipId}`, { token: a.key })).body.status === 'CONTACTED_BY_US', { timeoutMs: 20_000, what: 'CONTACTED_BY_US after email_sent' });
    // the email itself is SENT once Instantly says so (not left QUEUED)
    await waitFor(async () => (await prospectsOf(svc, a.key, c.id)).find((p) => p.domain === 'gamma.example')!.status === 'SENT', { timeoutMs: 20_000, what: 'the email SENT after email_sent' });
    expect((await prospectsOf(svc, a.key, c.id)).find((p) => p.domain === 'delta.example')!.status).toBe('QUEUED');
    const done = await campaignOf(svc, a.key, c.id);
    expect(done.status).toBe('DONE');
    expect(done.counts).toMatchObject({ drafted: 2, approved: 2, sent: 1 });
  });
});
