/**
 * The respond step: send a decided email exactly once — a reply in its thread (`{inboundId}`) or a first
 * outreach email (`{outreachId}`); both go through the same claim, send, verify and record.
 *
 * 1. Claim (one transaction): the email must still be due; DO_NOT_CONTACT, cooling-off and an invalid
 *    address are checked again now (an approval given before a DNC arrived must not send); the send is
 *    recorded as STARTED with its Message-ID before anything leaves.
 * 2. Send, outside any transaction. A permanent SMTP error fails the send with its reason; a temporary
 *    one retries with backoff. If a previous attempt may have sent (a crash, or a connection lost after
 *    DATA), the Sent folder is searched for the Message-ID; if that cannot prove it, a human decides.
 * 3. Record (one transaction): EMAIL_SENT (metadata.messageId, so replies thread back), the send row and
 *    the email's status.
 * An automatic reply also holds its place under the auto-reply limits at claim time (auto-reply-limit.ts).
 * Every failure is counted in lb_sends_total and can be retried once fixed (send/retry-send.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { AppError, isAppError } from '../errors.ts';
import { appendEvent } from '../crm/append-event.ts';
import { getAccountForWorkspace } from '../crm/account-view.ts';
import { getContact } from '../crm/db/contacts.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import type { StoryLog } from '../logger.ts';
import { newMessageId } from './send/compose-reply.ts';
import type { OutgoingReply } from './send/ports.ts';
import { holdAutoReplyPlace, sendToHumanAtSend } from './send/auto-reply-limit.ts';
import { blockedReason } from './send/send-blocked.ts';
import type { RespondJob, SendTarget, SenderInfo } from './send/send-target.ts';
import { claimSend, sendOf, setSendStatus } from './send/sends-db.ts';
import { loadInboundTarget, type SenderFor } from './send/targets/inbound-target.ts';
import { loadOutreachTarget, type OutreachSenderFor } from './send/targets/outreach-target.ts';

export type { RespondJob } from './send/send-target.ts';
export type { SenderFor } from './send/targets/inbound-target.ts';
export type { OutreachSenderFor } from './send/targets/outreach-target.ts';

type Outcome =
  | { kind: 'nothing' }
  | { kind: 'sent'; messageId: string; channel: string; reply: OutgoingReply }
  | { kind: 'failed'; reason: string; sendRow: boolean; count?: { channel: string; result: string } }
  | { kind: 'uncertain'; reason: string; count?: { channel: string; result: string } };

export interface RespondDeps {
  db: Db;
  /** Replies: the mailbox the message came to, or Instantly. */
  senderFor: SenderFor;
  /** First outreach emails: the mailbox they name. Without it, outreach sends fail (never silently). */
  outreachSenderFor?: OutreachSenderFor;
  now: () => Date;
  metrics?: Metrics;
  log?: { warn: (o: object, m: string) => void };
  /** The message's story line ("sent" / "not-sent"), written once the outcome committed. */
  story?: StoryLog;
  /**
   * Asks a human (in the caller's transaction) for a reply stopped at send time by the auto-reply
   * limits. Without it such a reply fails instead; it is never sent.
   */
  requestApproval?: (tx: Queryable, inboundId: string) => Promise<unknown>;
}

function loader(deps: RespondDeps) {
  return (tx: Queryable, job: RespondJob, lock: boolean): Promise<SendTarget | null> => {
    if (job.outreachId) return loadOutreachTarget(tx, job.outreachId, job.approvalId, lock, deps.outreachSenderFor);
    if (job.inboundId) return loadInboundTarget(tx, job.inboundId, job.approvalId, lock, deps.senderFor);
    throw new AppError('PERMANENT', 'a respond job names neither an inbound message nor an outreach email');
  };
}

export function respondStep(deps: RespondDeps): StepHandler<RespondJob, Outcome> {
  const load = loader(deps);
  const attempt = async (job: RespondJob): Promise<Outcome> => {
    type Plan = { kind: 'send'; t: SendTarget; messageId: string } | { kind: 'verify'; t: SendTarget; messageId: string } | Outcome;
    const resolved: { info: SenderInfo | null } = { info: null };
    const plan: Plan = await deps.db.transaction(async (tx): Promise<Plan> => {
      const t = await load(tx, job, true);
      if (!t) return { kind: 'nothing' };
      const existing = await sendOf(tx, t.key);
      if (existing?.status === 'SENT') return { kind: 'nothing' };
      if (!t.due && !existing) return { kind: 'nothing' };
      const count = (result: string) => ({ channel: existing?.channel ?? t.channelHint, result });
      if (!t.relationshipId || !t.email.to) return { kind: 'failed', reason: 'no partner to write to', sendRow: false, count: count('failed') };
      const account = t.accountId ? await getAccountForWorkspace(tx, t.accountId, t.workspaceId) : null;
      const contact = t.contactId ? await getContact(tx, t.contactId) : null;
      const blocked = blockedReason(account, contact, deps.now());
      if (blocked && (!existing || existing.status === 'RETRYABLE')) return { kind: 'failed', reason: `not sent: ${blocked}`, sendRow: !!existing, count: count('blocked') };
      if (existing?.status === 'STARTED' || existing?.status === 'UNCERTAIN') return { kind: 'verify', t, messageId: existing.messageId };
      if (existing?.status === 'FAILED') return { kind: 'nothing' };
      if (t.autoReply && t.due) {
        const stopped = await holdAutoReplyPlace(tx, t.autoReply, deps.now());
        if (stopped) {
          for (const g of stopped) if (!g.passed) deps.metrics?.gateTrips.inc({ gate: g.gate });
          const why = stopped.filter((g) => !g.passed).map((g) => g.reason).join('; ');
          if (!deps.requestApproval) return { kind: 'failed', reason: `not sent: ${why}`, sendRow: !!existing, count: count('limited') };
          await sendToHumanAtSend(tx, t.autoReply.inboundId, stopped, deps.requestApproval);
          return { kind: 'nothing' };
        }
      }
      let senderInfo: SenderInfo;
      try {
        senderInfo = await t.sender(tx);
      } catch (e) {
        if (isAppError(e) && !e.retryable) return { kind: 'failed', reason: `cannot send: ${e.message}`, sendRow: !!existing, count: count('not-sendable') };
        throw e;
      }
      resolved.info = senderInfo;
      if (existing?.status === 'RETRYABLE') {
        await setSendStatus(tx, t.key, 'STARTED');
        return { kind: 'send', t, messageId: existing.messageId };
      }
      const messageId = newMessageId(senderInfo.from.address, `${Date.now().toString(36)}.${randomBytes(12).toString('hex')}`);
      await claimSend(tx, { key: t.key, approvalId: job.approvalId, workspaceId: t.workspaceId, relationshipId: t.relationshipId, channel: senderInfo.sender.channel, messageId });
      return { kind: 'send', t, messageId };
    });
    if (plan.kind !== 'send' && plan.kind !== 'verify') return plan;

    const { t } = plan;
    const info = resolved.info ?? (await t.sender(deps.db));
    if (!t.email.text) return { kind: 'failed', reason: 'no draft to send', sendRow: true, count: { channel: info.sender.channel, result: 'failed' } };
    const e = t.email;
    const reply: OutgoingReply = { from: info.from, to: e.to!, subject: e.subject, text: e.text!, html: e.html, messageId: plan.messageId, inReplyTo: e.inReplyTo, references: e.references };

    const verify = async (why: string): Promise<Outcome> => {
      const found = await info.sender.alreadySent(plan.messageId, reply);
      if (found) return { kind: 'sent', messageId: plan.messageId, channel: info.sender.channel, reply };
      return { kind: 'uncertain', reason: `${why}; it could not be found among what was sent, so it is not sent again: check the thread and send by hand if needed`, count: { channel: info.sender.channel, result: 'uncertain' } };
    };
    if (plan.kind === 'verify') return verify('an earlier attempt may have sent this email');

    const result = await info.sender.send(reply);
    deps.metrics?.sends.inc({ channel: info.sender.channel, result: result.ok ? 'sent' : result.failure.kind });
    if (result.ok) return { kind: 'sent', messageId: plan.messageId, channel: info.sender.channel, reply };
    if (result.failure.kind === 'permanent') return { kind: 'failed', reason: `the server refused the email: ${result.failure.reason}`, sendRow: true };
    if (result.failure.maybeSent) return verify(`the connection broke after the message was handed over (${result.failure.reason})`);
    await deps.db.transaction((tx) => setSendStatus(tx, t.key, 'RETRYABLE', result.failure.reason));
    throw new AppError('UNAVAILABLE', `temporary send failure: ${result.failure.reason}`, { retryable: true });
  };

  return {
    /** Every outcome is counted in lb_sends_total: sends by their result, and emails that fail without one. */
    async prepare(job) {
      const outcome = await attempt(job);
      if ((outcome.kind === 'failed' || outcome.kind === 'uncertain') && outcome.count) deps.metrics?.sends.inc(outcome.count);
      return outcome;
    },

    async apply(tx, job, outcome) {
      if (outcome.kind === 'nothing') return;
      const t = await load(tx, job, false);
      if (!t) return;
      const at = deps.now().toISOString();
      if (outcome.kind === 'sent') {
        await setSendStatus(tx, t.key, 'SENT');
        if (t.markQueued) {
          await t.markQueued(tx, at);
          return;
        }
        await appendEvent(tx, {
          relationshipId: t.relationshipId!,
          contactId: t.contactId,
          type: 'EMAIL_SENT',
          subject: outcome.reply.subject,
          content: outcome.reply.text,
          occurredAt: at,
          idempotencyKey: `${t.id}:sent`,
          metadata: { ...t.sentMetadata, approvalId: job.approvalId, messageId: outcome.messageId, channel: outcome.channel, to: outcome.reply.to, inReplyTo: outcome.reply.inReplyTo },
        });
        await t.markSent(tx, outcome.messageId);
        const story = deps.story;
        return story && (() => story('sent', { ...t.key, workspaceId: t.workspaceId, relationshipId: t.relationshipId, channel: outcome.channel, approvalId: job.approvalId, messageId: outcome.messageId }));
      }
      const reason = outcome.reason;
      if (outcome.kind === 'uncertain' || outcome.sendRow) await setSendStatus(tx, t.key, outcome.kind === 'uncertain' ? 'UNCERTAIN' : 'FAILED', reason);
      await t.markFailed(tx, reason);
      if (t.relationshipId) {
        await appendEvent(tx, {
          relationshipId: t.relationshipId, contactId: t.contactId, type: 'NOTE_ADDED', content: reason, occurredAt: at, idempotencyKey: `${t.id}:send-failed${t.retryRound ? `:retry-${t.retryRound}` : ''}`,
          metadata: { ...t.key, sendFailed: true, uncertain: outcome.kind === 'uncertain' },
        });
      }
      deps.log?.warn({ ...t.key, workspaceId: t.workspaceId, reason }, 'email not sent');
      const story = deps.story;
      return story && (() => story('not-sent', { ...t.key, workspaceId: t.workspaceId, relationshipId: t.relationshipId, uncertain: outcome.kind === 'uncertain', reason }));
    },
  };
}
