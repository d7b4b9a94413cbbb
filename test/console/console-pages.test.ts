/**
 * The console's read pages over HTTP: a partner's whole thread (the agency's workspaces only), the
 * pipeline (a status change appends STATUS_CHANGED), the inbound list and the same filters in the JSON
 * API; another agency's ids are a 404 page; what came in an email is escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { Browserish, seedTenant, seedWaitingMessage, startConsoleHarness, type ConsoleHarness, type Tenant } from './harness.ts';

const EVIL_SUBJECT = 'Re: <script>window.__xss=1</script>';
const EVIL_TEXT = 'Price is $450 <img src=x onerror="window.__xss=2"> "quoted" & more';

describe('console pages (PostgreSQL, whole service)', () => {
  let h: ConsoleHarness;
  let a: Tenant;
  let b: Tenant;
  let br: Browserish;
  let evilInbound: string;
  let otherWs: string;
  beforeAll(async () => {
    h = await startConsoleHarness();
    a = await seedTenant(h, 'Pages A', 'pages-alpha.example', 'ana@pages-a.example');
    b = await seedTenant(h, 'Pages B', 'pages-beta.example', 'bo@pages-b.example');
    // a second workspace of agency A with the same partner: the partner page shows both
    otherWs = (await insertWorkspace(h.svc.t.db, a.agencyId, 'Pages A second client')).workspace.id;
    const rel2 = await insertRelationship(h.svc.t.db, { workspaceId: otherWs, accountId: a.accountId, source: 'MANUAL', ourContent: null });
    await h.svc.t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel2.id, type: 'NOTE_ADDED', content: 'Second client met them at a conference', occurredAt: new Date() }));
    evilInbound = (await seedWaitingMessage(h, a, { subject: EVIL_SUBJECT, text: EVIL_TEXT, fromName: '<b onmouseover=alert(1)>Sam</b>' })).inboundId;
    await seedWaitingMessage(h, b, { subject: 'Agency B private subject' });
    br = new Browserish(h.url);
    await br.signIn(a.apiKey, 'Ana');
  }, 60_000);
  afterAll(() => h?.close());

  it('escapes what came in an email on every page', async () => {
    for (const path of ['/console/approvals', `/console/partners/${a.accountId}`, '/console/inbound']) {
      const { status, html } = await br.get(path);
      expect(status, path).toBe(200);
      expect(html, path).not.toContain('<script>window');
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).not.toContain('<b onmouseover');
      expect(html, path).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    }
  });

  it("shows a partner's whole thread across the agency's workspaces, and nothing of another agency", async () => {
    const { html } = await br.get(`/console/partners/${a.accountId}`);
    expect(html).toContain('Pages A client');
    expect(html).toContain('Pages A second client');
    expect(html).toContain('Second client met them at a conference');
    expect(html).toContain('PRICE_QUOTE 93%');
    expect(html).toContain('price-ceiling');
    expect(html).toContain('APPROVAL_REQUESTED');
    expect(html).toContain(evilInbound);
    // B's partner, B's approval: 404 pages
    const other = await br.get(`/console/partners/${b.accountId}`);
    expect(other.status).toBe(404);
    expect(other.html).toContain('Not found');
    expect(other.html).not.toContain('pages-beta.example');
    expect((await br.get('/console/partners/acct_doesnotexist')).status).toBe(404);
  });

  it('counts the pipeline per status and changes a status by appending STATUS_CHANGED', async () => {
    const page = await br.get(`/console/pipeline?workspaceId=${a.workspaceId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('pages-alpha.example');
    const moved = await br.post('/console/pipeline/status', { relationshipId: a.relationshipId, status: 'ACTIVELY_ENGAGED', workspaceId: a.workspaceId });
    expect(moved.status).toBe(303);
    const after = await br.get(moved.location!);
    expect(after.html).toContain('pages-alpha.example is now ACTIVELY_ENGAGED.');
    const { rows } = await h.svc.t.db.query<{ metadata: Record<string, unknown> }>("select metadata from events where relationship_id = $1 and type = 'STATUS_CHANGED'", [a.relationshipId]);
    expect(rows.map((r) => r.metadata)).toEqual([expect.objectContaining({ to: 'ACTIVELY_ENGAGED', by: 'Ana', channel: 'console' })]);
    expect((await h.svc.t.db.query<{ status: string }>('select status from relationships where id = $1', [a.relationshipId])).rows[0]!.status).toBe('ACTIVELY_ENGAGED');
    // another agency's relationship or workspace: 404, nothing appended
    expect((await br.post('/console/pipeline/status', { relationshipId: b.relationshipId, status: 'INACTIVE' })).status).toBe(404);
    expect((await br.get(`/console/pipeline?workspaceId=${b.workspaceId}`)).status).toBe(404);
    expect((await h.svc.t.db.query("select 1 from events where relationship_id = $1 and type = 'STATUS_CHANGED'", [b.relationshipId])).rows).toHaveLength(0);
    expect((await br.post('/console/pipeline/status', { relationshipId: a.relationshipId, status: 'NOPE' })).status).toBe(400);
  });

  it('lists inbound messages with filters and a search, the same as the JSON API', async () => {
    const all = await br.get('/console/inbound');
    expect(all.html).toContain(evilInbound);
    expect(all.html).not.toContain('Agency B private subject');
    const byDomain = await br.get('/console/inbound?q=PAGES-ALPHA');
    expect(byDomain.html).toContain(evilInbound);
    expect((await br.get('/console/inbound?q=nobody.example')).html).toContain('No messages match.');
    expect((await br.get('/console/inbound?intent=PRICE_QUOTE&decision=WAITING_APPROVAL')).html).toContain(evilInbound);
    expect((await br.get('/console/inbound?intent=INTERESTED')).html).toContain('No messages match.');
    expect((await br.get('/console/inbound?intent=BOGUS')).status).toBe(400);
    expect((await br.get(`/console/inbound?workspaceId=${b.workspaceId}`)).status).toBe(404);

    const api = async (query: string) => h.svc.call<{ data: Array<{ id: string }>; error?: { message: string } }>('GET', `/v1/link-building/inbound?${query}`, { token: a.apiKey });
    expect((await api('q=sam@pages-alpha')).body.data.map((m) => m.id)).toContain(evilInbound);
    expect((await api('q=pages-beta')).body.data).toEqual([]);
    expect((await api('q=100%25')).body.data).toEqual([]);
    expect((await api('intent=PRICE_QUOTE&decision=WAITING_APPROVAL')).body.data.map((m) => m.id)).toContain(evilInbound);
    expect((await api('decision=AUTO_REPLY')).body.data).toEqual([]);
    const bad = await api('intent=BOGUS');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('intent');
  });
});
