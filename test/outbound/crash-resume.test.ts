/**
 * A campaign's steps re-run after a crash (pg-boss delivers at least once) repeat nothing paid: the
 * research, enrich and discover steps are run, "crashed" before their transaction commits (or half-way
 * through the domains), and run again; the provider fakes count every call. The steps are driven
 * directly (no pg-boss), with the job queue and the database passed through their ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/types.ts';
import { createTestDb, DB_KINDS, type TestDb } from '../support/test-db.ts';
import { insertAgency, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { insertMailbox } from '../../src/ingest/mailboxes/mailboxes-db.ts';
import { createSecretBox } from '../../src/ingest/mailboxes/secret-box.ts';
import { createProviders } from '../../src/outbound/providers/create-providers.ts';
import { startCampaign } from '../../src/outbound/start-campaign.ts';
import { campaignStep, type CampaignDeps } from '../../src/outbound/chain/campaign-step.ts';
import { researchStep } from '../../src/outbound/chain/research.ts';
import { enrichStep } from '../../src/outbound/chain/enrich.ts';
import { filterStep } from '../../src/outbound/chain/filter.ts';
import { discoverStep } from '../../src/outbound/chain/discover.ts';
import { draftStep } from '../../src/outbound/chain/draft.ts';
import { getCampaign, publicCampaigns } from '../../src/outbound/db/campaigns-db.ts';
import { templateFirstEmailDrafter } from '../../src/respond/outreach/first-email-drafter.ts';
import type { CampaignStep } from '../../src/outbound/types.ts';
import { startFakeDataForSeo, type FakeDataForSeoServer } from '../fakes/dataforseo-server.ts';
import { startFakeAhrefs, type FakeAhrefsServer } from '../fakes/ahrefs-server.ts';
import { startFakeApollo, type FakeApolloServer } from '../fakes/apollo-server.ts';
import { METRICS, PEOPLE, SERP } from './fixtures.ts';

describe.each(DB_KINDS)('a campaign resumed after crashes (%s)', (kind) => {
  let t: TestDb;
  let dfs: FakeDataForSeoServer;
  let ahrefs: FakeAhrefsServer;
  let apollo: FakeApolloServer;
  const queued: Array<{ queue: string; payloads: ReadonlyArray<Record<string, unknown>> }> = [];
  /** Set to make the next transaction fail, as a process killed before its commit would. */
  let crashNextTransaction = 0;

  beforeAll(async () => {
    t = await createTestDb(kind);
    dfs = await startFakeDataForSeo({ serp: { 'remote work tools': SERP } });
    ahrefs = await startFakeAhrefs({ metrics: METRICS });
    apollo = await startFakeApollo({ people: PEOPLE });
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    await Promise.all([dfs?.close(), ahrefs?.close(), apollo?.close()]);
  });

  it('never pays twice for the same call', async () => {
    const db: Db = {
      kind: t.db.kind,
      query: (sql, params) => t.db.query(sql, params),
      close: () => t.db.close(),
      async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
        if (crashNextTransaction > 0 && --crashNextTransaction === 0) throw new Error('crashed before commit');
        return t.db.transaction(fn);
      },
    };
    const providers = createProviders({
      DATAFORSEO_LOGIN: dfs.login, DATAFORSEO_PASSWORD: dfs.password, DATAFORSEO_BASE_URL: dfs.baseURL, SERPAPI_KEY: undefined, SERPAPI_BASE_URL: 'https://serpapi.com',
      AHREFS_API_KEY: ahrefs.apiKey, AHREFS_BASE_URL: ahrefs.baseURL, APOLLO_API_KEY: apollo.apiKey, APOLLO_BASE_URL: apollo.baseURL,
    });
    const deps: CampaignDeps = {
      db, providers, drafter: templateFirstEmailDrafter, now: () => new Date(), metricsMaxAgeDays: 30,
      enqueue: async (_tx, queue, payloads) => void queued.push({ queue, payloads }),
    };
    await t.db.query(`insert into accounts (id, domain, system_contact_status) values ('acct_dnc', 'dnc-serp.example', 'DO_NOT_CONTACT')`);
    const agency = await insertAgency(t.db, 'A');
    const { workspace } = await insertWorkspace(t.db, agency.id, 'client');
    const server = { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' };
    const mailbox = await insertMailbox(t.db, { workspaceId: workspace.id, address: 'sam@client.example', imap: server, smtp: server, folders: { inbox: 'INBOX', sent: 'Sent' } }, createSecretBox('k'.repeat(40)));
    const c = await startCampaign(
      { db: t.db, enqueue: deps.enqueue, missingProvider: () => null, now: new Date() },
      { agencyId: agency.id, workspaceIds: [workspace.id] },
      workspace.id,
      { kind: 'SERP', keyword: 'remote work tools', depth: 20, filters: { minDomainRating: 30 }, pitch: { ourContent: 'https://client.example/guide', mailboxId: mailbox.id } },
    );
    const job = { campaignId: c.id };
    const meta = { id: 'job-1', retryCount: 0 };
    const steps: Record<Exclude<CampaignStep, 'done'>, ReturnType<typeof campaignStep>> = {
      research: campaignStep(deps, 'research', { step: 'enrich', queue: 'campaign.enrich' }, (x) => researchStep(deps, x)),
      enrich: campaignStep(deps, 'enrich', { step: 'filter', queue: 'campaign.filter' }, (x) => enrichStep(deps, x)),
      filter: campaignStep(deps, 'filter', { step: 'discover', queue: 'campaign.discover' }, (x) => filterStep(deps, x)),
      discover: campaignStep(deps, 'discover', { step: 'draft', queue: 'campaign.draft' }, (x) => discoverStep(deps, x)),
      draft: campaignStep(deps, 'draft', { step: 'done', queue: null }, (x) => draftStep(deps, x)),
    };
    /** prepare, then apply in one transaction (what registerStep does). */
    const run = async (step: keyof typeof steps) => {
      const prepared = await steps[step].prepare!(job, meta);
      await t.db.transaction((tx) => steps[step].apply(tx, job, prepared, meta));
    };

    // research: the provider answered, then the process died before the step's commit; the redelivered job runs again.
    await steps.research.prepare!(job, meta);
    await run('research');
    // and a duplicate delivery after the step moved on does nothing
    await run('research');
    expect(dfs.serpKeywords()).toEqual(['remote work tools']);

    await steps.enrich.prepare!(job, meta);
    await run('enrich');
    const targets = ahrefs.batchTargets();
    expect(targets.length).toBe(new Set(targets).size);

    await run('filter');

    // discover: the first domain's contact was revealed and stored, then its transaction never committed.
    crashNextTransaction = 2;
    await expect(steps.discover.prepare!(job, meta)).rejects.toThrow('crashed before commit');
    expect(apollo.revealedIds()).toEqual(['p-alpha-editor']);
    await run('discover');
    expect(apollo.revealedIds().sort()).toEqual(['p-alpha-editor', 'p-beta', 'p-locked']);
    expect(apollo.searchedDomains().sort()).toEqual(['alpha.example', 'beta.example', 'locked.example', 'nobody.example']);

    await run('draft');
    await run('draft');
    const done = (await publicCampaigns(t.db, [(await getCampaign(t.db, c.id))!]))[0]!;
    expect(done.status).toBe('WAITING_APPROVAL');
    expect(done.counts).toMatchObject({ kept: 4, noContact: 2, drafted: 2 });
    expect(done.cost['dataforseo']).toEqual({ calls: 1, units: 0.002 });
    expect(done.cost['apollo']!.calls).toBe(7);
    const { rows } = await t.db.query<{ n: number }>(`select count(*)::int as n from events where type = 'CONTACT_RESEARCH'`);
    expect(rows[0]!.n).toBe(4);
    expect(queued.filter((q) => q.queue === 'campaign.draft')).toHaveLength(1);
  });
});
