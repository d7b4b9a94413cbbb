/**
 * The link verification workers on real pg-boss and PostgreSQL: a LINK_PLACED becomes LINK_VERIFIED
 * through the sweep and the check queue, and the next check is queued once, 2 days after placement.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoss, ensureQueues, type Boss } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { createLogger } from '../../src/logger.ts';
import { createMetrics } from '../../src/metrics.ts';
import { loadConfig } from '../../src/config.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { scheduleWith, startIntelWorkers } from '../../src/intel/workers.ts';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { waitFor } from '../support/wait-for.ts';
import { startPartnerSite, OUR_CONTENT, type PartnerSite } from '../fakes/partner-pages.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

describe('link verification workers (pg-boss)', () => {
  let t: TestDb;
  let boss: Boss;
  let site: PartnerSite;
  let workers: { close(): Promise<void> } | undefined;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    site = await startPartnerSite();
    boss = createBoss(t.db, t.url);
    await boss.start();
    await ensureQueues(boss);
    const config = loadConfig({ DATABASE_URL: t.url, ALLOW_PRIVATE_HOSTS: 'true', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://agent.example', ...(hasChromium ? { LINK_CHECK_CHROMIUM: CHROMIUM } : {}) });
    workers = await startIntelWorkers({ config, db: t.db, boss, log: createLogger('silent'), metrics: createMetrics(), providers: { serp: null, referringDomains: null, metrics: null, people: null } });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await workers?.close();
    await site?.close();
    await t?.drop();
  });

  it('LINK_PLACED → LINK_VERIFIED, next check queued once with startAfter', async () => {
    const ag = await insertAgency(t.db, 'Agency');
    const ws = (await insertWorkspace(t.db, ag.id, 'client')).workspace.id;
    const acct = await upsertAccountByDomain(t.db, 'worker-partner.example', 'MANUAL');
    const rel = await insertRelationship(t.db, { workspaceId: ws, accountId: acct.id, source: 'MANUAL', ourContent: OUR_CONTENT });
    const placedAt = new Date();
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: 'LINK_PLACED', occurredAt: placedAt, metadata: { linkUrl: site.url('/live') } }));
    await boss.send(QUEUES.intelLinkSweep, {}); // the cron sends this every minute; no need to wait for it

    await waitFor(async () => (await t.db.query("select 1 from events where relationship_id = $1 and type = 'LINK_VERIFIED'", [rel.id])).rows.length === 1, { what: 'LINK_VERIFIED' });
    expect(site.userAgents.at(-1)).toMatch(/^LinkbuildingAgentLinkCheck\/\S+ \(\+https:\/\/agent\.example;/);
    const next = async () =>
      (await t.db.query<{ start_after: Date }>("select start_after from pgboss.job where name = $1 and state = 'created'", [QUEUES.intelVerifyLink])).rows;
    await waitFor(async () => (await next()).length === 1, { what: 'next check queued' });
    const [job] = await next();
    expect(Math.abs(new Date(job!.start_after).getTime() - (placedAt.getTime() + 2 * 24 * 3600_000))).toBeLessThan(2000);

    // queuing the same watch again is dropped while one is queued (stately queue, singletonKey)
    await t.db.transaction((tx) => scheduleWith(boss)(tx, { relationshipId: rel.id, url: site.url('/live') }, new Date(placedAt.getTime() + 3 * 24 * 3600_000)));
    expect((await next()).length).toBe(1);
  });

  it.skipIf(!hasChromium)('with LINK_CHECK_CHROMIUM, a page whose script inserts the link is rendered and LINK_VERIFIED', async () => {
    const ag = await insertAgency(t.db, 'Agency JS');
    const ws = (await insertWorkspace(t.db, ag.id, 'client')).workspace.id;
    const acct = await upsertAccountByDomain(t.db, 'spa-partner.example', 'MANUAL');
    const rel = await insertRelationship(t.db, { workspaceId: ws, accountId: acct.id, source: 'MANUAL', ourContent: OUR_CONTENT });
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: 'LINK_PLACED', occurredAt: new Date(), metadata: { linkUrl: site.url('/spa') } }));
    await boss.send(QUEUES.intelLinkSweep, {});
    const outcome = async () => (await t.db.query<{ type: string; metadata: Record<string, unknown> }>("select type, metadata from events where relationship_id = $1 and type in ('LINK_VERIFIED','LINK_ISSUE','LINK_LOST')", [rel.id])).rows;
    await waitFor(async () => (await outcome()).length === 1, { what: 'the outcome of the rendered check', timeoutMs: 120_000 });
    expect(await outcome()).toEqual([{ type: 'LINK_VERIFIED', metadata: expect.objectContaining({ rendered: true, linkFound: true, anchorText: 'The complete guide', issues: [] }) }]);
  }, 180_000);
});
