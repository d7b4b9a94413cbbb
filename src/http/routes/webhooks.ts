import express, { type Router } from 'express';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { GroupCommitter } from '../../db/group-commit.ts';
import { getWebhookSecretHash } from '../../crm/db/tenants.ts';
import { parseInstantlyWebhook } from '../../ingest/instantly/webhook-payload.ts';
import { storeDeliveries, type Delivery, type StoredDelivery } from '../../ingest/instantly/store-deliveries.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { errorHandler } from '../errors.ts';
import { jsonBody, requireJsonContentType } from '../json-body.ts';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../metrics.ts';

const WS_ID = /^ws_[a-z0-9]{1,64}$/;

/**
 * The payload parser names fields from the payload's root (`event_type`, or `body` for the whole of it)
 * and starts its message with that name; the API's wording is `body.event_type: is required`.
 */
export function webhookValidationError(field: string, message: string): AppError {
  const full = field === 'body' || field.startsWith('body.') ? field : `body.${field}`;
  const reason = message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  return new AppError('VALIDATION', `${full}: ${reason}`, { field: full });
}

function secretMatches(given: string, storedHash: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /v1/webhooks/instantly/:workspaceId. Answers 2xx only once the delivery is committed together
 * with the job that processes it (src/ingest/instantly/store-deliveries.ts); 503 when the database is unavailable so Instantly retries; 400 naming
 * the field for a malformed payload (never a 5xx for bad data: Instantly disables failing webhooks).
 */
export function webhookRouter(deps: { db: Db; enqueue: EnqueueInTx; log: Logger; metrics?: Metrics }): { router: Router; committer: GroupCommitter<Delivery, StoredDelivery> } {
  const committer = new GroupCommitter<Delivery, StoredDelivery>(deps.db, (tx, items) => storeDeliveries(tx, items, deps.enqueue));
  // The secret's hash, cached for a few seconds: one SELECT per request would cost as much as the
  // acknowledgement itself under load. A rotated secret takes effect within SECRET_TTL_MS.
  const SECRET_TTL_MS = 5_000;
  const secrets = new Map<string, { hash: string | null; at: number }>();
  const secretHashOf = async (workspaceId: string): Promise<string | null> => {
    const hit = secrets.get(workspaceId);
    if (hit && Date.now() - hit.at < SECRET_TTL_MS) return hit.hash;
    const hash = await getWebhookSecretHash(deps.db, workspaceId);
    if (secrets.size > 10_000) secrets.clear();
    secrets.set(workspaceId, { hash, at: Date.now() });
    return hash;
  };
  const router = express.Router();
  router.post('/instantly/:workspaceId', requireJsonContentType, jsonBody('1mb'), async (req, res, next) => {
    try {
      const workspaceId = String(req.params['workspaceId'] ?? '');
      const secret = req.get('x-webhook-secret');
      const hash = WS_ID.test(workspaceId) ? await secretHashOf(workspaceId) : null;
      const refused = !secret ? 'no X-Webhook-Secret header' : !hash ? 'unknown workspace' : !secretMatches(secret, hash) ? 'wrong X-Webhook-Secret' : null;
      if (refused) {
        // never the secret itself: who tried, for which workspace, and why it was refused
        deps.log.warn({ requestId: res.locals['requestId'], workspaceId: workspaceId.slice(0, 80), reason: refused, ip: req.ip }, 'Instantly webhook refused');
        throw new AppError('UNAUTHORIZED', 'unknown workspace or wrong X-Webhook-Secret');
      }
      const parsed = parseInstantlyWebhook(req.body);
      if (!parsed.ok) throw webhookValidationError(parsed.field, parsed.message);
      const stored = await committer.submit({ workspaceId, payload: parsed.payload });
      deps.metrics?.webhookDeliveries.inc({ outcome: stored.duplicate ? 'duplicate' : 'stored' });
      res.status(stored.duplicate ? 200 : 202).json({ ok: true, duplicate: stored.duplicate, deliveryId: stored.deliveryId });
    } catch (e) {
      deps.metrics?.webhookDeliveries.inc({ outcome: (e as { code?: string }).code === 'UNAVAILABLE' ? 'unavailable' : 'rejected' });
      next(e);
    }
  });
  router.use(errorHandler(deps.log));
  return { router, committer };
}
