/** GET /v1/link-building/crm/account/:id/prices on the whole service, over recorded PRICES assertions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { insertAgency, insertApiKey, insertWorkspace } from '../../src/crm/db/tenants.ts';
import { upsertAccountByDomain } from '../../src/crm/db/accounts.ts';

describe('price history', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService('postgres');
  });
  afterAll(() => s?.close());

  it("lists shared prices and the caller's own, other agencies' without workspace; currency as quoted", async () => {
    const mine = await insertAgency(s.t.db, 'Mine');
    const other = await insertAgency(s.t.db, 'Other');
    const wsMine = (await insertWorkspace(s.t.db, mine.id, 'client')).workspace.id;
    const wsOther = (await insertWorkspace(s.t.db, other.id, 'rival')).workspace.id;
    const token = (await insertApiKey(s.t.db, mine.id, null, null)).apiKey;
    const acct = await upsertAccountByDomain(s.t.db, 'priced.example', 'MANUAL');
    const add = (id: string, ws: string, scope: string, value: object, at: string, evidence = 'REPLY_IN_OUR_THREAD') =>
      s.t.db.query(
        `insert into account_assertions (id, account_id, workspace_id, fact, value, source, evidence, scope, created_at) values ($1, $2, $3, 'PRICES', $4, 'CLASSIFIER', $5, $6, $7)`,
        [id, acct.id, ws, JSON.stringify(value), evidence, scope, at],
      );
    await add('asr_1', wsOther, 'SHARED', { priceLinkInsertion: 350, priceCurrency: 'USD' }, '2026-05-10T00:00:00Z');
    await add('asr_2', wsMine, 'SHARED', { priceGuestPost: 300, priceCurrency: 'EUR' }, '2026-06-01T00:00:00Z');
    await add('asr_3', wsOther, 'WORKSPACE', { priceLinkInsertion: 50, priceCurrency: 'USD' }, '2026-06-02T00:00:00Z', 'NONE');
    await add('asr_4', wsMine, 'WORKSPACE', { priceLinkInsertion: 200 }, '2026-06-03T00:00:00Z', 'NONE');

    const r = await s.call<{ data: unknown[] }>('GET', `/v1/link-building/crm/account/${acct.id}/prices`, { token });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([
      { type: 'LINK_INSERTION', amount: 350, currency: 'USD', at: '2026-05-10T00:00:00.000Z', fromThisAgency: false, workspaceId: null, source: 'PARTNER_THREAD' },
      { type: 'GUEST_POST', amount: 300, currency: 'EUR', at: '2026-06-01T00:00:00.000Z', fromThisAgency: true, workspaceId: wsMine, source: 'CLASSIFIER' },
      { type: 'LINK_INSERTION', amount: 200, currency: null, at: '2026-06-03T00:00:00.000Z', fromThisAgency: true, workspaceId: wsMine, source: 'CLASSIFIER' },
    ]);
    expect(JSON.stringify(r.body)).not.toContain(wsOther);
    expect((await s.call('GET', '/v1/link-building/crm/account/acct_0000000000000000000000000/prices', { token })).status).toBe(404);
  });
});
