/**
 * Link verification end to end on real PostgreSQL: LINK_PLACED events → the sweep starts watching →
 * checks fetch a real local HTTP server with the real fetcher → outcome events in the CRM log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { appendEvent } from '../../src/crm/append-event.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';
import { insertRelationship } from '../../src/crm/db/relationships.ts';
import { createPageFetcher } from '../../src/intel/links/fetch-page.ts';
import { linkSweepStep, verifyLinkStep, type ScheduleCheck } from '../../src/intel/links/verify-link-step.ts';
import { getWatch, type WatchKey } from '../../src/intel/links/db/link-checks.ts';
import { startPartnerSite, OUR_CONTENT, type PartnerSite } from '../fakes/partner-pages.ts';

const UA = 'LinkbuildingAgentLinkCheck/test (+https://agent.example)';
const meta = { id: 'job', retryCount: 0 };

describe('link verification (PostgreSQL, local partner site)', () => {
  let t: TestDb;
  let site: PartnerSite;
  let ws: string;
  const scheduled: { key: WatchKey; at: Date | null }[] = [];
  const schedule: ScheduleCheck = async (_tx, key, at) => void scheduled.push({ key, at });
  const fetchPage = createPageFetcher({ allowPrivateHosts: true, userAgent: UA, timeoutMs: 1000 });

  beforeAll(async () => {
    t = await createTestDb('postgres');
    site = await startPartnerSite();
    const ag = await insertAgency(t.db, 'Agency');
    ws = (await insertWorkspace(t.db, ag.id, 'client')).workspace.id;
  });
  afterAll(async () => {
    await site.close();
    await t.drop();
  });

  let n = 0;
  /** A relationship whose partner placed a link on `path`, adopted by the sweep. */
  async function placed(path: string, metadataKey: 'linkUrl' | 'url' = 'linkUrl'): Promise<WatchKey> {
    const acct = await upsertAccountByDomain(t.db, `partner-${++n}.example`, 'MANUAL');
    const rel = await insertRelationship(t.db, { workspaceId: ws, accountId: acct.id, source: 'MANUAL', ourContent: OUR_CONTENT });
    const at = new Date('2026-05-01T10:00:00Z');
    await t.db.transaction((tx) => appendEvent(tx, { relationshipId: rel.id, type: 'LINK_PLACED', occurredAt: at, metadata: { [metadataKey]: site.url(path) } }));
    const before = scheduled.length;
    await t.db.transaction((tx) => linkSweepStep({ db: t.db, schedule, now: () => at }).apply(tx, {}, undefined, meta));
    const mine = scheduled.slice(before).find((s) => s.key.relationshipId === rel.id);
    expect(mine?.at).toBeNull(); // the first check is queued at once
    return mine!.key;
  }

  /** Runs the check that is due next (the clock set to its due time), as the job would. */
  async function checkDue(key: WatchKey): Promise<void> {
    const due = (await getWatch(t.db, key))!.nextCheckAt;
    const step = verifyLinkStep({ db: t.db, fetchPage, schedule, now: () => due });
    const prepared = await step.prepare!(key, meta);
    await t.db.transaction((tx) => step.apply(tx, key, prepared, meta));
  }

  async function outcomes(key: WatchKey): Promise<{ type: string; metadata: Record<string, unknown> }[]> {
    const { rows } = await t.db.query<{ type: string; metadata: Record<string, unknown> }>(
      "select type, metadata from events where relationship_id = $1 and type like 'LINK\\_%' and type <> 'LINK_PLACED' order by occurred_at, id",
      [key.relationshipId],
    );
    return rows;
  }

  it.each([
    { path: '/live', type: 'LINK_VERIFIED', issues: undefined },
    { path: '/gzip', type: 'LINK_VERIFIED', issues: undefined },
    { path: '/nofollow', type: 'LINK_ISSUE', issues: ['nofollow'] },
    { path: '/sponsored', type: 'LINK_ISSUE', issues: ['sponsored'] },
    { path: '/noindex-meta', type: 'LINK_ISSUE', issues: ['noindex'] },
    { path: '/noindex-header', type: 'LINK_ISSUE', issues: ['noindex'] },
    { path: '/canonical', type: 'LINK_ISSUE', issues: ['canonical_elsewhere'] },
    { path: '/missing-page', type: 'LINK_ISSUE', issues: ['link_missing'] },
  ])('$path → $type $issues', async ({ path, type, issues }) => {
    const key = await placed(path);
    await checkDue(key);
    const events = await outcomes(key);
    expect(events.map((e) => e.type)).toEqual([type]);
    if (issues) expect(events[0]!.metadata['issues']).toEqual(issues);
    if (type === 'LINK_VERIFIED') expect(events[0]!.metadata).toMatchObject({ anchorText: 'The complete guide', rel: [], status: 200 });
  });

  it('follows a redirect chain and reports it', async () => {
    const key = await placed('/r1', 'url'); // the classifier's LINK_PLACED carries `url`
    await checkDue(key);
    const [e] = await outcomes(key);
    expect(e?.type).toBe('LINK_VERIFIED');
    expect(e?.metadata['redirects']).toEqual([site.url('/r1'), site.url('/r2'), site.url('/r3')]);
    expect(e?.metadata['finalUrl']).toBe(site.url('/live'));
  });

  it('a removed link is LINK_LOST only after two clean misses, and the schedule moves on', async () => {
    site.state.removableHasLink = true;
    const key = await placed('/removable');
    await checkDue(key);
    expect((await getWatch(t.db, key))!.nextCheckAt.toISOString()).toBe('2026-05-03T10:00:00.000Z'); // +2 days
    site.state.removableHasLink = false;
    await checkDue(key);
    expect((await outcomes(key)).map((e) => e.type)).toEqual(['LINK_VERIFIED']);
    const watch = await getWatch(t.db, key);
    expect(watch?.lastVerdict).toBe('MISSING');
    await checkDue(key); // the confirmation check, 6 hours later
    expect((await outcomes(key)).map((e) => e.type)).toEqual(['LINK_VERIFIED', 'LINK_LOST']);
    expect((await getWatch(t.db, key))!.nextCheckAt.toISOString()).toBe('2026-05-08T10:00:00.000Z'); // +7 days
    await checkDue(key);
    expect((await outcomes(key)).map((e) => e.type)).toEqual(['LINK_VERIFIED', 'LINK_LOST']); // no repeat
  });

  it('503 then back: inconclusive, never lost, and no event until the page answers', async () => {
    site.state.flakyFailures = 1;
    const key = await placed('/flaky');
    await checkDue(key);
    expect(await outcomes(key)).toEqual([]);
    expect((await getWatch(t.db, key))?.lastVerdict).toBe('INCONCLUSIVE');
    await checkDue(key);
    expect((await outcomes(key)).map((e) => e.type)).toEqual(['LINK_VERIFIED']);
  });

  it('a page that never answers is inconclusive (timeout)', async () => {
    const key = await placed('/hang');
    await checkDue(key);
    const watch = await getWatch(t.db, key);
    expect(watch?.lastVerdict).toBe('INCONCLUSIVE');
    expect(watch?.lastResult).toMatchObject({ failure: 'timeout' });
    expect(await outcomes(key)).toEqual([]);
  });

  it('a check delivered twice applies once', async () => {
    const key = await placed('/live');
    const due = (await getWatch(t.db, key))!.nextCheckAt;
    const step = verifyLinkStep({ db: t.db, fetchPage, schedule, now: () => due });
    const a = await step.prepare!(key, meta);
    const b = await step.prepare!(key, meta);
    await t.db.transaction((tx) => step.apply(tx, key, a, meta));
    await t.db.transaction((tx) => step.apply(tx, key, b, meta));
    expect((await getWatch(t.db, key))?.checksDone).toBe(1);
    expect((await outcomes(key)).length).toBe(1);
  });

  it('the sweep adopts a LINK_PLACED once', async () => {
    const key = await placed('/live');
    const before = scheduled.length;
    await t.db.transaction((tx) => linkSweepStep({ db: t.db, schedule, now: () => new Date('2026-05-01T10:00:30Z') }).apply(tx, {}, undefined, meta));
    expect(scheduled.slice(before).filter((s) => s.key.relationshipId === key.relationshipId)).toEqual([]);
  });

  it('sends our user agent', () => expect(site.userAgents.every((ua) => ua === UA)).toBe(true));
});

describe('page fetcher safety and politeness', () => {
  let site: PartnerSite;
  beforeAll(async () => {
    site = await startPartnerSite();
  });
  afterAll(() => site.close());

  it('refuses loopback and private targets unless allowed', async () => {
    const strict = createPageFetcher({ allowPrivateHosts: false, userAgent: UA });
    expect(await strict(site.url('/live'))).toMatchObject({ kind: 'failed', reason: 'private_address' });
    // a public-looking name that resolves to loopback is refused too (resolved once, then pinned)
    const lying = createPageFetcher({ allowPrivateHosts: false, userAgent: UA, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await lying('http://partner.example/live')).toMatchObject({ kind: 'failed', reason: 'private_address' });
    expect(await strict('file:///etc/passwd')).toMatchObject({ kind: 'failed', reason: 'invalid_url' });
  });

  it('connects to the address it checked, naming the host', async () => {
    const port = new URL(site.url('/')).port;
    const pinned = createPageFetcher({ allowPrivateHosts: true, userAgent: UA, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const r = await pinned(`http://partner.example:${port}/canonical`);
    expect(r).toMatchObject({ kind: 'response', status: 200 });
    expect(r.kind === 'response' && r.body).toContain(`http://partner.example:${port}/original`);
  });

  it('stops after 5 redirects', async () => {
    const f = createPageFetcher({ allowPrivateHosts: true, userAgent: UA });
    expect(await f(site.url('/loop'))).toMatchObject({ kind: 'failed', reason: 'too_many_redirects' });
  });

  it('caps the body', async () => {
    const f = createPageFetcher({ allowPrivateHosts: true, userAgent: UA, maxBytes: 50 });
    const r = await f(site.url('/live'));
    expect(r).toMatchObject({ kind: 'response', truncated: true });
    expect(r.kind === 'response' && r.body.length).toBe(50);
  });

  it('fetches one page at a time per host', async () => {
    const f = createPageFetcher({ allowPrivateHosts: true, userAgent: UA });
    const results = await Promise.all([f(site.url('/slow')), f(site.url('/slow')), f(site.url('/slow'))]);
    expect(results.every((r) => r.kind === 'response' && r.status === 200)).toBe(true);
    expect(site.maxConcurrent).toBe(1);
  });
});
