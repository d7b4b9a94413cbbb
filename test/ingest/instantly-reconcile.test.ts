import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/jobs/queues.ts';
import { fakeEmail, startFakeInstantly, type FakeInstantlyServer } from '../fakes/instantly-server.ts';
import { seedAgency } from '../support/test-app.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { waitFor } from '../support/wait-for.ts';

describe('Instantly reconciliation ingests what the webhooks missed', () => {
  let instantly: FakeInstantlyServer;
  let svc: TestService;
  let s: Awaited<ReturnType<typeof seedAgency>>;

  beforeAll(async () => {
    instantly = await startFakeInstantly({ apiKey: 'rk' });
    svc = await startTestService('postgres', { INSTANTLY_API_KEY: 'rk', INSTANTLY_BASE_URL: instantly.baseURL });
    s = await seedAgency(svc as never, 'Reconcile');
  });
  afterAll(async () => {
    await svc.close();
    await instantly.close();
  });

  it('a reply whose webhook never arrived is found through the API, attributed by its sending account, and ingested once', async () => {
    const now = new Date().toISOString();
    // an earlier webhook tells us which workspace sends from outreach@rec.example
    const first = await svc.call<{ inboundId: string }>('POST', `/v1/webhooks/instantly/${s.ws1}`, {
      headers: { 'x-webhook-secret': s.ws1Secret },
      body: { event_type: 'reply_received', timestamp: now, lead_email: 'a@seen.example', email_id: 'seen-1', email_account: 'outreach@rec.example', reply_text: 'Thanks!' },
    });
    expect(first.status).toBe(202);
    instantly.emails.push(fakeEmail({ id: 'seen-1', eaccount: 'outreach@rec.example', from_address_email: 'a@seen.example', lead: 'a@seen.example', timestamp_created: now }));
    instantly.emails.push(fakeEmail({ id: 'missed-1', eaccount: 'outreach@rec.example', from_address_email: 'b@missed.example', lead: 'b@missed.example', subject: 'Re: the missed one', body: { text: 'We are interested, send details.', html: null }, timestamp_created: now, timestamp_email: now }));
    instantly.emails.push(fakeEmail({ id: 'foreign-1', eaccount: 'someone-else@other.example', timestamp_created: now }));

    const run = async () => {
      const before = (await svc.t.db.query<{ last_run_at: Date | null }>('select last_run_at from instantly_reconcile_state')).rows[0]?.last_run_at?.getTime() ?? 0;
      await svc.service.boss.send(QUEUES.instantlyReconcile, {});
      await waitFor(async () => ((await svc.t.db.query<{ last_run_at: Date }>('select last_run_at from instantly_reconcile_state')).rows[0]?.last_run_at?.getTime() ?? 0) > before, { what: 'a reconciliation run' });
    };
    await run();
    const rows = (await svc.t.db.query<{ external_id: string; workspace_id: string; subject: string }>(`select external_id, workspace_id, subject from inbound_messages order by external_id`)).rows;
    expect(rows.map((r) => r.external_id)).toEqual(['missed-1', 'seen-1']);
    expect(rows[0]).toMatchObject({ workspace_id: s.ws1, subject: 'Re: the missed one' });
    const state = (await svc.t.db.query<{ last_result: Record<string, number> }>('select last_result from instantly_reconcile_state')).rows[0]!;
    expect(state.last_result).toMatchObject({ ingested: 1, unattributed: 1 });

    await run(); // a second run finds nothing new
    expect((await svc.t.db.query('select 1 from inbound_messages')).rows).toHaveLength(2);
  });
});
