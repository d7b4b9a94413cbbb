/**
 * Reconciliation, which webhooks alone cannot give: every few minutes, list the replies Instantly
 * received since the last run, and its failed webhook deliveries, and ingest whatever the webhooks
 * missed. Instantly's email objects carry no workspace of ours, so an email is attributed through
 * the sending account (`eaccount`) that earlier webhooks of a workspace used; unattributable emails
 * are counted and left alone.
 */
import type { Db, Queryable } from '../../db/types.ts';
import type { StepHandler } from '../../jobs/run-step.ts';
import type { EnqueueInTx } from '../ports.ts';
import { ingestInbound, type IngestResult } from '../ingest-inbound.ts';
import { handleInstantlyWebhook } from './handle-webhook.ts';
import { inboundFromApiEmail, instantlyDraft } from './inbound-fields.ts';
import { planReconciliation, type ReconcilePlan } from './reconcile-plan.ts';
import type { InstantlyClient } from './adapters/instantly-client.ts';
import type { InstantlyEmail } from './api-types.ts';
import { boundEmailBody } from '../stored-text.ts';

const STATE_ID = 'default';
/** Overlap with the previous run, so an email stored late by Instantly is still seen. */
const OVERLAP_MS = 15 * 60_000;
const FIRST_RUN_LOOKBACK_MS = 24 * 3600_000;

export interface ReconcileResult {
  listed: number;
  ingested: number;
  replayed: number;
  unattributed: number;
  skipped: number;
}

interface Prepared {
  plan: ReconcilePlan;
  listed: number;
  startedAt: string;
}

async function workspaceOfAccount(tx: Queryable, eaccount: string | null | undefined): Promise<string | null> {
  if (!eaccount) return null;
  const { rows } = await tx.query<{ workspace_id: string }>(
    `select workspace_id from webhook_events where lower(payload->>'email_account') = lower($1) order by received_at desc limit 1`,
    [eaccount],
  );
  return rows[0]?.workspace_id ?? null;
}

export function reconcileStep(deps: { db: Db; client: InstantlyClient; enqueue: EnqueueInTx; now: () => Date; onResult?: (r: ReconcileResult) => void; onIngested?: (r: IngestResult) => void }): StepHandler<object, Prepared> {
  return {
    async prepare() {
      const now = deps.now();
      const state = await deps.db.query<{ watermark: Date | string }>('select watermark from instantly_reconcile_state where id = $1', [STATE_ID]);
      const since = state.rows[0] ? new Date(new Date(state.rows[0].watermark).getTime() - OVERLAP_MS) : new Date(now.getTime() - FIRST_RUN_LOOKBACK_MS);
      const emails = await deps.client.listAllEmails({ emailType: 'received', minTimestampCreated: since.toISOString(), sortOrder: 'asc', previewOnly: false, limit: 100 }, 5);
      const events = (await deps.client.listWebhookEvents({ success: false, from: since.toISOString().slice(0, 10), limit: 100 })).items;
      const ids = emails.map((e) => e.id);
      const known = await deps.db.query<{ external_id: string }>(`select external_id from inbound_messages where source = 'INSTANTLY' and external_id = any($1)`, [ids]);
      const keys = await deps.db.query<{ idempotency_key: string }>('select idempotency_key from webhook_events where received_at > $1', [since.toISOString()]);
      const plan = planReconciliation({
        emails,
        webhookEvents: events,
        ingested: { emailIds: new Set(known.rows.map((r) => r.external_id)), idempotencyKeys: new Set(keys.rows.map((r) => r.idempotency_key)) },
      });
      return { plan, listed: emails.length, startedAt: now.toISOString() };
    },
    async apply(tx, _job, p) {
      const ingested: IngestResult[] = [];
      const result: ReconcileResult = { listed: p.listed, ingested: 0, replayed: 0, unattributed: 0, skipped: p.plan.skipped.length };
      for (const email of p.plan.emailsToIngest) {
        const workspaceId = await workspaceOfAccount(tx, email.eaccount);
        const f = inboundFromApiEmail(email as InstantlyEmail);
        if (!workspaceId || !f) {
          result.unattributed++;
          continue;
        }
        const r = await ingestInbound(
          tx,
          // the raw email is kept with its body bounded like the message's own (src/ingest/stored-text.ts)
          instantlyDraft(workspaceId, f, { reconciled: true, email: email.body ? { ...email, body: boundEmailBody(email.body) } : email }),
          deps.enqueue,
          { autoReplyHint: f.autoReply },
        );
        if (!r.duplicate) {
          result.ingested++;
          ingested.push(r);
        }
      }
      for (const d of p.plan.webhookPayloadsToReplay) {
        const workspaceId = await workspaceOfAccount(tx, d.payload.email_account);
        if (!workspaceId) {
          result.unattributed++;
          continue;
        }
        const outcome = await handleInstantlyWebhook(tx, workspaceId, d.payload, { enqueue: deps.enqueue, enrich: false });
        if (!outcome.duplicate) result.replayed++;
        if (outcome.ingested?.inboundId) ingested.push(outcome.ingested);
      }
      await tx.query(
        `insert into instantly_reconcile_state (id, last_run_at, watermark, last_result) values ($1, now(), $2, $3)
         on conflict (id) do update set last_run_at = now(), watermark = $2, last_result = $3`,
        [STATE_ID, p.startedAt, JSON.stringify(result)],
      );
      // after commit: the summary, and each message's first story line
      return () => {
        deps.onResult?.(result);
        for (const r of ingested) deps.onIngested?.(r);
      };
    },
  };
}
