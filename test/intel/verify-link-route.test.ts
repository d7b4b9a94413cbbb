/** POST /v1/link-building/crm/relationship/:id/verify-link on the whole service (HTTP, pg-boss, PostgreSQL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { insertAgency, insertApiKey, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { waitFor } from '../support/wait-for.ts';
import { startPartnerSite, OUR_CONTENT, type PartnerSite } from '../fakes/partner-pages.ts';

describe('verify-link route', () => {
  let s: TestService;
  let site: PartnerSite;
  let token: string;
  let ws: string;
  beforeAll(async () => {
    s = await startTestService('postgres');
    site = await startPartnerSite();
    const ag = await insertAgency(s.t.db, 'Agency');
    ws = (await insertWorkspace(s.t.db, ag.id, 'client')).workspace.id;
    token = (await insertApiKey(s.t.db, ag.id, null, null)).apiKey;
  });
  afterAll(async () => {
    await site?.close();
    await s?.close();
  });

  async function relationship(domain: string): Promise<string> {
    const acct = await upsertAccountByDomain(s.t.db, domain, 'MANUAL');
    return (await insertRelationship(s.t.db, { workspaceId: ws, accountId: acct.id, source: 'MANUAL', ourContent: OUR_CONTENT })).id;
  }
  const linkEvents = async (rel: string) =>
    (await s.t.db.query<{ type: string }>("select type from events where relationship_id = $1 and type in ('LINK_VERIFIED','LINK_ISSUE','LINK_LOST') order by occurred_at, id", [rel])).rows.map((r) => r.type);

  it('a LINK_PLACED posted to the CRM is checked now; the link removed and checked twice more is LINK_LOST', async () => {
    site.state.removableHasLink = true;
    const rel = await relationship('route-partner.example');
    const posted = await s.call('POST', '/v1/link-building/crm/event', { token, body: { relationshipId: rel, type: 'LINK_PLACED', metadata: { linkUrl: site.url('/removable') } } });
    expect(posted.status).toBe(201);
    const r = await s.call<{ watches: { url: string }[] }>('POST', `/v1/link-building/crm/relationship/${rel}/verify-link`, { token });
    expect(r.status).toBe(202);
    expect(r.body.watches.map((w) => w.url)).toEqual([site.url('/removable')]);
    await waitFor(async () => (await linkEvents(rel)).length === 1, { what: 'LINK_VERIFIED' });
    expect(await linkEvents(rel)).toEqual(['LINK_VERIFIED']);

    site.state.removableHasLink = false;
    const checks = async () => (await s.t.db.query<{ n: number }>('select checks_done as n from link_checks where relationship_id = $1', [rel])).rows[0]!.n;
    await s.call('POST', `/v1/link-building/crm/relationship/${rel}/verify-link`, { token });
    await waitFor(async () => (await checks()) === 2, { what: 'second check' });
    expect(await linkEvents(rel)).toEqual(['LINK_VERIFIED']); // one miss is not lost
    await s.call('POST', `/v1/link-building/crm/relationship/${rel}/verify-link`, { token });
    await waitFor(async () => (await linkEvents(rel)).length === 2, { what: 'LINK_LOST' });
    expect(await linkEvents(rel)).toEqual(['LINK_VERIFIED', 'LINK_LOST']);
  });

  it('409 without a placed link; 404 for an unknown relationship', async () => {
    const rel = await relationship('nothing-placed.example');
    expect((await s.call('POST', `/v1/link-building/crm/relationship/${rel}/verify-link`, { token })).status).toBe(409);
    expect((await s.call('POST', '/v1/link-building/crm/relationship/rel_0000000000000000000000000/verify-link', { token })).status).toBe(404);
  });
});
