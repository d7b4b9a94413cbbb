/**
 * POST /v1/slack/interactions (mount with prefix /v1/slack): Slack's interactivity requests. The raw body
 * is verified (v0 HMAC, 5-minute window, constant time) before anything is parsed; only the workspace's
 * allowed Slack users may decide. Slack wants an answer within 3 seconds: the decision (one short
 * transaction) races a timer, the 200 goes out, and chat.update / response_url follow afterwards.
 */
import express, { type Router } from 'express';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors.ts';
import { errorHandler } from '../errors.ts';
import { verifySlackSignature } from '../../respond/approvals/slack-signature.ts';
import { parseSlackInteraction, type SlackApprovalInteraction } from '../../respond/approvals/slack-interaction.ts';
import { getApproval } from '../../respond/approvals/db/approvals.ts';
import { decideApproval } from '../../respond/approvals/approval-service.ts';
import { updateSlackDecided } from '../../respond/approvals/approval-notifier.ts';
import { getWorkspace } from '../../crm/db/tenants.ts';
import type { SlackClient } from '../../respond/approvals/ports.ts';
import type { DecideOutcome } from '../../respond/approvals/types.ts';

export interface SlackInteractionsDeps {
  db: Db;
  enqueue: EnqueueInTx;
  /** SLACK_SIGNING_SECRET; unset → every request is refused (401). */
  signingSecret: string | undefined;
  /** Null without SLACK_BOT_TOKEN: decisions still work, the message is just not updated. */
  slack: SlackClient | null;
  log: Pick<Logger, 'warn' | 'error'>;
  now?: () => Date;
  /** How long the decision may take before Slack gets its 200 anyway (default 2500 ms). */
  ackWithinMs?: number;
}

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false as const, text });

function outcomeText(out: DecideOutcome | 'pending'): string {
  if (out === 'pending') return 'Working on it…';
  if (out.ok) return out.approval.status === 'APPROVED' ? 'Approved: the reply will be sent.' : 'Rejected: nothing will be sent.';
  if (out.reason === 'not-found') return 'This approval no longer exists.';
  return `Nothing changed: ${out.message}.`;
}

export function slackInteractionsRouter(deps: SlackInteractionsDeps): Router {
  const now = deps.now ?? (() => new Date());
  const router = express.Router();

  /** After the 200: show the outcome in the channel message and tell the clicker when it did not count. */
  async function followUp(i: SlackApprovalInteraction, out: DecideOutcome): Promise<void> {
    if (!deps.slack) return;
    try {
      if (out.ok || out.reason !== 'not-found') await updateSlackDecided({ db: deps.db, slack: deps.slack }, i.approvalId);
      if (!out.ok && i.responseUrl) await deps.slack.respond(i.responseUrl, ephemeral(outcomeText(out)));
    } catch (e) {
      deps.log.warn({ err: e, approvalId: i.approvalId }, 'Slack follow-up after a decision failed (the notify job retries chat.update)');
    }
  }

  router.post('/interactions', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const check = verifySlackSignature({
        signingSecret: deps.signingSecret ?? '',
        timestamp: req.get('x-slack-request-timestamp'),
        signature: req.get('x-slack-signature'),
        body,
        now: now(),
      });
      if (!check.ok) {
        deps.log.warn({ requestId: res.locals['requestId'], reason: check.reason, ip: req.ip }, 'Slack interaction refused');
        throw new AppError('UNAUTHORIZED', `Slack signature refused: ${check.reason}`);
      }
      const parsed = parseSlackInteraction(body);
      if (!parsed.ok) {
        if (parsed.reason === 'missing-payload' || parsed.reason === 'invalid-json' || parsed.reason === 'invalid-payload') {
          throw new AppError('VALIDATION', `payload: ${parsed.reason}${parsed.detail ? ` (${parsed.detail})` : ''}`, { field: 'payload' });
        }
        res.status(200).json({ ok: true, ignored: parsed.reason });
        return;
      }
      const i = parsed.interaction;
      const approval = await getApproval(deps.db, i.approvalId);
      const workspace = approval ? await getWorkspace(deps.db, approval.workspaceId) : null;
      if (!approval || !workspace) {
        res.status(200).json(ephemeral('This approval does not exist.'));
        return;
      }
      if (!workspace.approvers.slackUserIds.includes(i.slackUserId)) {
        res.status(200).json(ephemeral('You are not allowed to decide approvals for this workspace; nothing was changed.'));
        if (deps.slack && i.responseUrl) {
          deps.slack.respond(i.responseUrl, ephemeral('You are not allowed to decide approvals for this workspace; nothing was changed.'))
            .catch((e: unknown) => deps.log.warn({ err: e }, 'Slack response_url failed'));
        }
        return;
      }
      const decision = decideApproval(
        deps.db,
        { approvalId: i.approvalId, action: i.action, by: { channel: 'slack', actor: i.slackUserId }, now: now() },
        deps.enqueue,
      );
      let timer: NodeJS.Timeout | undefined;
      const first = await Promise.race([
        decision,
        new Promise<'pending'>((resolve) => {
          timer = setTimeout(() => resolve('pending'), deps.ackWithinMs ?? 2500);
        }),
      ]).finally(() => clearTimeout(timer));
      res.status(200).json(ephemeral(outcomeText(first)));
      decision.then((out) => followUp(i, out)).catch((e: unknown) => deps.log.error({ err: e, approvalId: i.approvalId }, 'Slack decision failed'));
    } catch (e) {
      next(e);
    }
  });
  router.use(errorHandler(deps.log));
  return router;
}
