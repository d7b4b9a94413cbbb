/**
 * Per-host politeness across worker processes: two fetchers, each with its own connection pool (what
 * two worker processes on one PostgreSQL are), fetch the same partner host at once. With the host
 * lease, the site never sees two requests at a time; without it, it does.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { createPgDb } from '../../src/db/pg-pool.ts';
import type { Db } from '../../src/db/types.ts';
import { createPageFetcher, type PageFetcher } from '../../src/intel/links/fetch-page.ts';
import { dbHostLock, takeHostLease } from '../../src/intel/links/db/host-lock.ts';
import { startPartnerSite, type PartnerSite } from '../fakes/partner-pages.ts';

const UA = 'LinkbuildingAgentLinkCheck/test (+https://agent.example)';

describe('one request at a time per host, across processes', () => {
  let t: TestDb;
  let second: Db;
  let site: PartnerSite;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    second = createPgDb(t.url!, { max: 4 });
  });
  afterAll(async () => {
    await second?.close();
    await t?.drop();
  });
  beforeEach(async () => {
    site = await startPartnerSite();
  });
  afterEach(() => site.close());

  /** A worker process: its own pool, its own fetcher (its own in-process per-host queue). */
  const worker = (db: Db | null, waitMs?: number): PageFetcher =>
    createPageFetcher({ allowPrivateHosts: true, userAgent: UA, ...(db ? { hostLock: dbHostLock(db, { leaseMs: 30_000, pollMs: 20, ...(waitMs !== undefined ? { waitMs } : {}) }) } : {}) });
  const both = (a: PageFetcher, b: PageFetcher, path: string) => Promise.all([a, b, a, b].map((f) => f(site.url(path))));

  it('two workers with the host lease: never two requests at once, every fetch answered', async () => {
    const results = await both(worker(t.db), worker(second), '/slow');
    expect(results.map((r) => (r.kind === 'response' ? r.status : r.reason))).toEqual([200, 200, 200, 200]);
    expect(site.maxConcurrent).toBe(1);
    expect((await t.db.query('select * from link_host_leases')).rows).toEqual([]); // released
  });

  it('without it (the in-process queue alone), two workers do fetch one host at once', async () => {
    await both(worker(null), worker(null), '/slower');
    expect(site.maxConcurrent).toBe(2);
  });

  it('a host busy past the wait is inconclusive (a timeout), and the page is not fetched', async () => {
    expect(await takeHostLease(t.db, '127.0.0.1', 'another-worker', 60_000)).toBe(true);
    const r = await worker(second, 50)(site.url('/live'));
    expect(r).toMatchObject({ kind: 'failed', reason: 'timeout', detail: expect.stringContaining('another worker') });
    expect(site.userAgents).toEqual([]);
    await t.db.query('delete from link_host_leases');
  });

  it("a dead worker's lease expires: the host is taken over", async () => {
    await t.db.query("insert into link_host_leases (host, holder, until) values ('127.0.0.1', 'dead-worker', now() - interval '1 second')");
    const r = await worker(second, 0)(site.url('/live'));
    expect(r).toMatchObject({ kind: 'response', status: 200 });
  });
});
