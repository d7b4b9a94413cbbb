/** The Ahrefs metrics refresh on real PostgreSQL against the loopback Ahrefs fake. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { getAccount, upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { createProviders } from '../../src/outbound/providers/create-providers.ts';
import { refreshMetrics } from '../../src/intel/metrics/refresh-metrics.ts';
import { nextBatchSize } from '../../src/intel/metrics/refresh-plan.ts';
import { startFakeAhrefs, type FakeAhrefsServer } from '../fakes/ahrefs-server.ts';
import type { RelationshipStatus } from '../../src/crm/types.ts';

describe('nextBatchSize', () => {
  it.each([
    [{ batchSize: 25, monthlyUnits: undefined, usedThisMonth: 1e9, unitsPerDomain: 5 }, 25],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 0, unitsPerDomain: null }, 25],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 1000, unitsPerDomain: null }, 0],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 1200, unitsPerDomain: 5 }, 0],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 950, unitsPerDomain: 5 }, 10],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 0, unitsPerDomain: 5 }, 25],
    [{ batchSize: 25, monthlyUnits: 1000, usedThisMonth: 996, unitsPerDomain: 5 }, 0],
  ])('%j → %s', (input, want) => expect(nextBatchSize(input)).toBe(want));
});

describe('metrics refresh (PostgreSQL, fake Ahrefs)', () => {
  let t: TestDb;
  let ahrefs: FakeAhrefsServer;
  let ws: string;
  const now = new Date('2026-06-15T03:00:00Z');

  beforeAll(async () => {
    t = await createTestDb('postgres');
    const metrics = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x, i) => [`${x}-partner.example`, { domain_rating: 40 + i, org_traffic: 1000 * (i + 1), org_keywords: 10 * (i + 1), refdomains: 100 + i, backlinks: 5000 + i }]));
    ahrefs = await startFakeAhrefs({ metrics, unitsPerRow: 10 });
    const ag = await insertAgency(t.db, 'Agency');
    ws = (await insertWorkspace(t.db, ag.id, 'client')).workspace.id;
  });
  afterAll(async () => {
    await ahrefs.close();
    await t.drop();
  });

  async function account(domain: string, status: RelationshipStatus | null, updatedAt: string | null): Promise<string> {
    const acct = await upsertAccountByDomain(t.db, domain, 'MANUAL');
    if (status) await insertRelationship(t.db, { workspaceId: ws, accountId: acct.id, source: 'MANUAL', status });
    await t.db.query('update accounts set ahref_stats_updated_at = $2, domain_rating = 12 where id = $1', [acct.id, updatedAt]);
    return acct.id;
  }

  const provider = () => createProviders({ AHREFS_API_KEY: ahrefs.apiKey, AHREFS_BASE_URL: ahrefs.baseURL, DATAFORSEO_BASE_URL: 'http://127.0.0.1:9', SERPAPI_BASE_URL: 'http://127.0.0.1:9', APOLLO_BASE_URL: 'http://127.0.0.1:9' }, { ahrefsBatchSize: 2 }).metrics!;

  it('refreshes stale accounts of active pipelines only, in batches, and records the units', async () => {
    const stale = await account('a-partner.example', 'CONTACTED_BY_US', '2026-04-01T00:00:00Z');
    const never = await account('b-partner.example', 'LINK_PLACED', null);
    const staleToo = await account('c-partner.example', 'PROSPECTING', '2026-05-01T00:00:00Z');
    const fresh = await account('d-partner.example', 'ACTIVELY_ENGAGED', '2026-06-01T00:00:00Z');
    const dead = await account('e-partner.example', 'NOT_INTERESTED', null);
    const orphan = await account('f-partner.example', null, null);

    const r = await refreshMetrics({ db: t.db, provider: provider(), now: () => now, maxAgeDays: 30, monthlyUnits: undefined });
    expect(r).toMatchObject({ requested: 3, updated: 3, units: 30, stoppedByBudget: false });
    expect(ahrefs.batchTargets().sort()).toEqual(['a-partner.example', 'b-partner.example', 'c-partner.example']);
    const a = await getAccount(t.db, stale);
    expect(a).toMatchObject({ domainRating: 40, organicTraffic: 1000, organicKeywords: 10, referringDomains: 100, backlinks: 5000 });
    expect(new Date(a!.ahrefStatsUpdatedAt!).toISOString()).toBe(now.toISOString());
    expect((await getAccount(t.db, never))?.domainRating).toBe(41);
    expect((await getAccount(t.db, staleToo))?.domainRating).toBe(42);
    for (const id of [fresh, dead, orphan]) expect((await getAccount(t.db, id))?.domainRating).toBe(12);
    const { rows } = await t.db.query<{ units_used: number; accounts_requested: number; accounts_updated: number; finished_at: Date | null }>('select * from metrics_refresh_runs where id = $1', [r.runId]);
    expect(rows[0]).toMatchObject({ units_used: 30, accounts_requested: 3, accounts_updated: 3 });
    expect(rows[0]?.finished_at).not.toBeNull();

    // a second run the same day has nothing stale to pay for
    const again = await refreshMetrics({ db: t.db, provider: provider(), now: () => now, maxAgeDays: 30, monthlyUnits: undefined });
    expect(again).toMatchObject({ requested: 0, units: 0 });
  });

  it('stops at the monthly unit budget, and the budget comes back next month', async () => {
    await t.db.query('delete from metrics_refresh_runs');
    await account('g-partner.example', 'QUEUED', null);
    await t.db.query("update accounts set ahref_stats_updated_at = null where domain in ('a-partner.example','b-partner.example','c-partner.example')");
    const before = ahrefs.batchTargets().length;
    // 10 units a domain; 25 units a month: one batch of 2 (20 units), then 5 left pays for none
    const r = await refreshMetrics({ db: t.db, provider: provider(), now: () => now, maxAgeDays: 30, monthlyUnits: 25 });
    expect(r).toMatchObject({ requested: 2, units: 20, stoppedByBudget: true });
    expect(ahrefs.batchTargets().length - before).toBe(2);
    const spent = await refreshMetrics({ db: t.db, provider: provider(), now: () => now, maxAgeDays: 30, monthlyUnits: 25 });
    expect(spent).toMatchObject({ requested: 0, stoppedByBudget: true });
    const nextMonth = new Date('2026-07-01T03:00:00Z');
    const july = await refreshMetrics({ db: t.db, provider: provider(), now: () => nextMonth, maxAgeDays: 30, monthlyUnits: 25 });
    expect(july).toMatchObject({ requested: 2, units: 20, stoppedByBudget: true });
  });
});
