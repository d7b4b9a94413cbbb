import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, jobsIn, QUEUES, seedTenant, seedWaitingMessage, startHarness, type Harness, type Tenant } from './harness.ts';
import { api } from './http-client.ts';

type A = { id: string; status: string; workspaceId: string; editedText: string | null };

describe('approvals API', () => {
  let h: Harness;
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    h = await startHarness();
    a = await seedTenant(h, 'Agency A', 'api-partner-a.example');
    b = await seedTenant(h, 'Agency B', 'api-partner-b.example');
  });
  afterAll(async () => h.close());

  it('lists the caller’s approvals with filters and keyset pages; gets one', async () => {
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await seedWaitingMessage(h, a)).approval);
    mine.sort((x, y) => (x.id < y.id ? -1 : 1)); // ids sort by creation millisecond, then at random
    await seedWaitingMessage(h, b);
    const p1 = await api<{ data: A[]; nextCursor: string | null }>(h.url, 'GET', '/v1/link-building/approvals?limit=2&status=PENDING', a.apiKey);
    expect(p1.status).toBe(200);
    expect(p1.body.data.map((x) => x.id)).toEqual(mine.slice(0, 2).map((x) => x.id));
    const p2 = await api<{ data: A[]; nextCursor: string | null }>(h.url, 'GET', `/v1/link-building/approvals?limit=2&status=PENDING&cursor=${p1.body.nextCursor}`, a.apiKey);
    expect(p2.body).toEqual({ data: [expect.objectContaining({ id: mine[2]!.id })], nextCursor: null });
    expect((await api<{ data: A[] }>(h.url, 'GET', `/v1/link-building/approvals?workspaceId=${a.workspaceId}&status=APPROVED`, a.apiKey)).body.data).toEqual([]);
    const one = await api<A & { slackTs?: string }>(h.url, 'GET', `/v1/link-building/approvals/${mine[0]!.id}`, a.apiKey);
    expect(one.body).toMatchObject({ id: mine[0]!.id, status: 'PENDING', gates: [{ gate: 'price-ceiling' }, { gate: 'intent-allowed' }] });
    expect(one.body).not.toHaveProperty('slackTs');
    expect((await api(h.url, 'GET', '/v1/link-building/approvals?status=MAYBE', a.apiKey)).body).toMatchObject({ error: { field: 'query.status' } });
  });

  it('approve with an edited body, then 409 "already decided" for a second decision', async () => {
    const { approval, inboundId } = await seedWaitingMessage(h, a);
    const ok = await api<A>(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/approve`, a.apiKey, { text: 'Hi Sam,\n\n$400 works for us.\n\nAlex' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'APPROVED', editedText: 'Hi Sam,\n\n$400 works for us.\n\nAlex', decidedBy: { channel: 'api', actor: `api:${a.agencyId}` } });
    const again = await api<{ error: { code: string; message: string } }>(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/reject`, a.apiKey, { reason: 'no' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/^already approved by api:ag_\w+ via the API at /) });
    expect(await jobsIn(h, QUEUES.respond, { approvalId: approval.id })).toEqual([{ inboundId, approvalId: approval.id }]);
  });

  it('reject with a reason; bodies are validated', async () => {
    const { approval } = await seedWaitingMessage(h, a);
    expect((await api(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/reject`, a.apiKey, { reason: 'x', extra: 1 })).status).toBe(400);
    expect((await api(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/approve`, a.apiKey, { text: '' })).status).toBe(400);
    const res = await api<A>(h.url, 'POST', `/v1/link-building/approvals/${approval.id}/reject`, a.apiKey, { reason: 'Ask them for a lower price' });
    expect(res.body).toMatchObject({ status: 'REJECTED', rejectReason: 'Ask them for a lower price' });
  });

  it('another agency’s approval is a 404 everywhere and nothing changes', async () => {
    const { approval } = await seedWaitingMessage(h, b);
    for (const [method, path, body] of [
      ['GET', `/v1/link-building/approvals/${approval.id}`, undefined],
      ['POST', `/v1/link-building/approvals/${approval.id}/approve`, {}],
      ['POST', `/v1/link-building/approvals/${approval.id}/reject`, { reason: 'A was here' }],
      ['GET', `/v1/link-building/approvals?workspaceId=${b.workspaceId}`, undefined],
    ] as const) {
      const res = await api(h.url, method, path, a.apiKey, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await api<{ data: A[] }>(h.url, 'GET', '/v1/link-building/approvals?limit=500', a.apiKey);
    expect(list.body.data.every((x) => x.workspaceId === a.workspaceId)).toBe(true);
    expect((await api<A>(h.url, 'GET', `/v1/link-building/approvals/${approval.id}`, b.apiKey)).body.status).toBe('PENDING');
    expect((await eventsOf(h, approval.id)).map((e) => e.type)).toEqual(['APPROVAL_REQUESTED']);
    expect((await api(h.url, 'GET', '/v1/link-building/approvals', 'lbk_wrong')).status).toBe(401);
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${h.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/link-building/approvals']));
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/v1/link-building/approvals/') && p.endsWith('/approve'))).toBe(true);
  });
});
