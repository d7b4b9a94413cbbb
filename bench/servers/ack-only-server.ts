/**
 * Design probe for benchmark 1 (not the service): what the webhook endpoint costs if the request
 * only makes the delivery durable — the raw `webhook_events` row and one pg-boss job per delivery,
 * group-committed with the service's own GroupCommitter — and matching, the InboundMessage and the
 * CRM event move into that job. Secret hash cached per workspace. Same express, same body parser,
 * same validation as the real route. DATABASE_URL (already migrated), PORT, HOST from the environment.
 */
import express from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createPgDb } from '../../src/db/pg-pool.ts';
import { GroupCommitter } from '../../src/db/group-commit.ts';
import { createBoss, enqueueWith } from '../../src/jobs/boss.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import { getWebhookSecretHash } from '../../src/crm/db/tenants.ts';
import { idempotencyKey, parseInstantlyWebhook, type InstantlyWebhookPayload } from '../../src/ingest/instantly/webhook-payload.ts';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const db = createPgDb(url, { max: 10 });
const boss = createBoss(db, url);
boss.on('error', () => {});
await boss.start();
const enqueue = enqueueWith(boss);

const committer = new GroupCommitter<{ workspaceId: string; payload: InstantlyWebhookPayload }, { id: string | null }>(db, async (tx, item) => {
  const r = await tx.query<{ id: string }>(
    `insert into webhook_events (workspace_id, event_type, idempotency_key, payload) values ($1, $2, $3, $4)
     on conflict (workspace_id, idempotency_key) do nothing returning id`,
    [item.workspaceId, item.payload.event_type, idempotencyKey(item.payload), JSON.stringify(item.payload)],
  );
  const id = r.rows[0]?.id ?? null;
  if (id) await enqueue(tx, QUEUES.classify, [{ webhookEventId: id }]);
  return { id };
});

const secrets = new Map<string, { hash: Buffer; at: number }>();
async function secretHash(workspaceId: string): Promise<Buffer | null> {
  const hit = secrets.get(workspaceId);
  if (hit && Date.now() - hit.at < 5_000) return hit.hash;
  const hex = await getWebhookSecretHash(db, workspaceId);
  if (!hex) return null;
  const hash = Buffer.from(hex, 'hex');
  secrets.set(workspaceId, { hash, at: Date.now() });
  return hash;
}

const app = express();
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.post('/v1/webhooks/instantly/:workspaceId', express.json({ limit: '1mb', strict: true }), async (req, res, next) => {
  try {
    const workspaceId = req.params['workspaceId'] ?? '';
    const given = createHash('sha256').update(req.get('x-webhook-secret') ?? '').digest();
    const stored = await secretHash(workspaceId);
    if (!stored || !timingSafeEqual(given, stored)) {
      res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'wrong secret' } });
      return;
    }
    const parsed = parseInstantlyWebhook(req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: { code: 'VALIDATION', message: parsed.message, field: parsed.field } });
      return;
    }
    const out = await committer.submit({ workspaceId, payload: parsed.payload });
    res.status(out.id ? 202 : 200).json({ ok: true, duplicate: !out.id });
  } catch (e) {
    next(e);
  }
});
const server = app.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => {
    void committer
      .drain()
      .then(() => boss.stop({ graceful: false, timeout: 1_000 }))
      .then(() => db.close())
      .then(() => process.exit(0));
  });
});
