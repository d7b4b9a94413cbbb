/**
 * Measures what a hostile reply costs a running service: posts an Instantly reply of 900,000 spaces
 * followed by "Sounds great!" to a service on BASE_URL (default http://localhost:3999, started with
 * ADMIN_TOKEN=admintoken-0123456789abcdef) while polling /healthz every 10 ms, and prints the
 * classification and the worst /healthz latency. Usage: node scripts/measure-hostile-reply.mjs
 */
/* global console, fetch, performance, process, setTimeout */
const base = process.env.BASE_URL ?? 'http://localhost:3999';
const A = { authorization: 'Bearer admintoken-0123456789abcdef', 'content-type': 'application/json' };
const j = async (m, p, b, h = A) => { const r = await fetch(base + p, { method: m, headers: h, body: b ? JSON.stringify(b) : undefined }); return { status: r.status, body: await r.json().catch(() => null) }; };
const ag = (await j('POST', '/v1/admin/agencies', { name: 'Smoke' })).body;
const ws = (await j('POST', '/v1/admin/workspaces', { agencyId: ag.id, name: 'One' })).body;
const key = (await j('POST', '/v1/admin/api-keys', { agencyId: ag.id })).body;
const K = { authorization: `Bearer ${key.apiKey}`, 'content-type': 'application/json' };
let worst = 0, n = 0, stop = false;
const poll = (async () => { while (!stop) { const t = performance.now(); await fetch(base + '/healthz'); const ms = performance.now() - t; worst = Math.max(worst, ms); n++; await new Promise((r) => setTimeout(r, 10)); } })();
const text = ' '.repeat(900_000) + 'Sounds great! Send the draft over.';
const t0 = performance.now();
const w = await j('POST', `/v1/webhooks/instantly/${ws.id}`, { event_type: 'reply_received', timestamp: new Date().toISOString(), lead_email: 'editor' + Math.floor(Math.random()*1e6) + '@bigblog.example', email_account: 'me@agency.example', email_id: 'e-' + Math.random(), reply_subject: 'Re: hi', reply_text: text }, { 'content-type': 'application/json', 'x-webhook-secret': ws.webhookSecret });
console.log('webhook', w.status, JSON.stringify(w.body).slice(0, 200));
let msg = null;
for (let i = 0; i < 300; i++) { const l = await j('GET', `/v1/link-building/inbound?workspaceId=${ws.id}`, null, K); msg = l.body?.data?.[0]; if (msg && msg.status !== 'RECEIVED') break; await new Promise((r) => setTimeout(r, 200)); }
stop = true; await poll;
console.log('status', msg?.status, 'intent', msg?.classification?.intent, 'decision', msg?.decision?.action, 'after', ((performance.now() - t0) / 1000).toFixed(1), 's; healthz polls', n, 'worst', worst.toFixed(1), 'ms');
