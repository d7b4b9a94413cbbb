/**
 * Measures what a hostile reply costs a running service: posts an Instantly reply of 900,000 spaces
 * followed by "Sounds great!" to a service on BASE_URL (default http://localhost:3999, started with
 * ADMIN_TOKEN=admintoken-0123456789abcdef) while polling /healthz every 10 ms, until the gates have
 * decided the reply (its status leaves RECEIVED and CLASSIFIED) and one second more (the respond and
 * notify steps), and prints the decision, the worst /healthz latency (with when it happened, counted
 * from the webhook's POST), the median and the machine's load average (the machine may be shared: a
 * worst poll at a high load says more about the scheduler than about the service).
 * Usage: node scripts/measure-hostile-reply.mjs
 */
/* global console, fetch, performance, process, setTimeout */
import { loadavg } from 'node:os';

const base = process.env.BASE_URL ?? 'http://localhost:3999';
const A = { authorization: 'Bearer admintoken-0123456789abcdef', 'content-type': 'application/json' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const j = async (m, p, b, h = A) => { const r = await fetch(base + p, { method: m, headers: h, body: b ? JSON.stringify(b) : undefined }); return { status: r.status, body: await r.json().catch(() => null) }; };
const ag = (await j('POST', '/v1/admin/agencies', { name: 'Smoke' })).body;
const ws = (await j('POST', '/v1/admin/workspaces', { agencyId: ag.id, name: 'One' })).body;
const key = (await j('POST', '/v1/admin/api-keys', { agencyId: ag.id })).body;
const K = { authorization: `Bearer ${key.apiKey}`, 'content-type': 'application/json' };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
const polls = [];
let stop = false;
let t0 = performance.now();
const poll = (async () => {
  while (!stop) {
    const t = performance.now();
    await fetch(base + '/healthz');
    polls.push({ at: t - t0, ms: performance.now() - t });
    await sleep(10);
  }
})();
await sleep(200); // a baseline before the reply arrives
const text = ' '.repeat(900_000) + 'Sounds great! Send the draft over.';
t0 = performance.now();
const w = await j('POST', `/v1/webhooks/instantly/${ws.id}`, { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: 'editor' + Math.floor(Math.random() * 1e6) + '@bigblog.example', email_account: 'me@agency.example', email_id: 'e-' + Math.random(), reply_subject: 'Re: hi', reply_text: text }, { 'content-type': 'application/json', 'x-webhook-secret': ws.webhookSecret });
console.log('webhook', w.status, JSON.stringify(w.body).slice(0, 200), 'posted at', new Date(Date.now() - (performance.now() - t0)).toISOString());
let msg = null;
for (let i = 0; i < 600; i++) {
  const l = await j('GET', `/v1/link-building/inbound?workspaceId=${ws.id}`, null, K);
  msg = l.body?.data?.[0];
  if (msg && msg.status !== 'RECEIVED' && msg.status !== 'CLASSIFIED') break;
  await sleep(100);
}
const decidedAfter = (performance.now() - t0) / 1000;
await sleep(1_000);
stop = true;
await poll;
const sorted = polls.map((p) => p.ms).sort((a, b) => a - b);
const worst = polls.reduce((a, b) => (b.ms > a.ms ? b : a), { at: 0, ms: 0 });
console.log(
  'status', msg?.status, 'intent', msg?.classification?.intent, 'decided after', decidedAfter.toFixed(1), 's;',
  'healthz polls', polls.length, 'median', sorted[Math.floor(sorted.length / 2)]?.toFixed(1), 'ms',
  'worst', worst.ms.toFixed(1), 'ms at', (worst.at / 1000).toFixed(2), 's;',
  'load average', loadBefore, '→', load(),
);
