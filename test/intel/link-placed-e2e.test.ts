/**
 * "Done when": a partner's reply "it's live: <url>" becomes LINK_PLACED (the rules classifier), then
 * LINK_VERIFIED within a minute — through the whole service (webhook → classify → CRM event → the
 * sweep → the check queue → a real fetch of a local partner page). The time it took is printed for the
 * record; the test waits for the event with a generous ceiling and asserts nothing about speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { seedAgency } from '../support/test-app.ts';
import { inboundOfEmail } from '../support/inbound-of.ts';
import { waitFor } from '../support/wait-for.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { upsertContactByEmail } from '../../src/crm/db/contacts.ts';
import { startPartnerSite, OUR_CONTENT, type PartnerSite } from '../fakes/partner-pages.ts';

describe('a reply "it\'s live" is verified through the whole service', () => {
  let svc: TestService;
  let site: PartnerSite;
  beforeAll(async () => {
    site = await startPartnerSite();
    svc = await startTestService('postgres');
  });
  afterAll(async () => {
    await svc?.close();
    await site?.close();
  });

  it('LINK_PLACED from the reply, then LINK_VERIFIED with what was found', async () => {
    const s = await seedAgency(svc, 'Live Agency');
    // The partner's site is this machine, 127.0.0.1. The classifier records LINK_PLACED at once only for
    // a URL on the partner's own domain (or a subdomain of it): an account domain of "0.0.1" makes
    // 127.0.0.1 one (a real domain cannot resolve to loopback here without touching the system's DNS).
    const account = await upsertAccountByDomain(svc.t.db, '0.0.1', 'MANUAL');
    await upsertContactByEmail(svc.t.db, account.id, 'ed@0.0.1', { firstName: 'Ed' });
    const rel = await insertRelationship(svc.t.db, { workspaceId: s.ws1, accountId: account.id, source: 'MANUAL', ourContent: OUR_CONTENT });
    const page = site.url('/live');
    const sentAt = Date.now();
    const res = await svc.call('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: 'ed@0.0.1', email_id: 'live-1', email_account: 'Sam <sam@agency.example>', reply_subject: 'Re: your guide', reply_text: `Hi Sam,\n\nit's live: ${page}\n\nThanks,\nEd` },
    });
    expect(res.status).toBe(202);
    const inbound = await inboundOfEmail(svc.t.db, s.ws1, 'live-1');
    const events = async () =>
      (await svc.t.db.query<{ type: string; metadata: Record<string, unknown>; at: Date; relationship_id: string }>(
        "select type, metadata, created_at as at, relationship_id from events where type in ('LINK_PLACED','LINK_VERIFIED','LINK_ISSUE','LINK_LOST') order by created_at, id",
      )).rows;
    try {
      await waitFor(async () => (await events()).some((e) => e.type !== 'LINK_PLACED'), { what: 'the outcome of the link check', timeoutMs: 180_000 });
    } catch (e) {
      const m = (await svc.t.db.query('select status, relationship_id, account_id, classification, decision from inbound_messages where id = $1', [inbound])).rows[0];
      const all = (await svc.t.db.query('select type, relationship_id, metadata from events order by created_at')).rows;
      const watches = (await svc.t.db.query('select * from link_checks')).rows;
      throw new Error(`${String(e)}: what the service did: ${JSON.stringify({ rel: rel.id, m, all, watches })}`, { cause: e });
    }
    const [placed, outcome] = await events();
    expect(placed).toMatchObject({ type: 'LINK_PLACED', relationship_id: rel.id, metadata: { inboundId: inbound, url: page } });
    expect(outcome).toMatchObject({ type: 'LINK_VERIFIED', relationship_id: rel.id, metadata: { url: page, status: 200, linkFound: true, anchorText: 'The complete guide', rel: [], issues: [] } });
    const placedToOutcome = new Date(outcome!.at).getTime() - new Date(placed!.at).getTime();
    console.log(`link-placed-e2e: reply accepted → LINK_VERIFIED ${Date.now() - sentAt} ms (observed); LINK_PLACED → LINK_VERIFIED ${placedToOutcome} ms`);
  }, 240_000);
});
