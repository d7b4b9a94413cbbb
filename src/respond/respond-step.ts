/**
 * The respond step: send the decided reply exactly once, in its thread.
 *
 * 1. Claim (one transaction): the message must still be due a reply; DO_NOT_CONTACT, cooling-off and
 *    an invalid address are checked again now (an approval given before a DNC arrived must not send);
 *    the send is recorded as STARTED with its Message-ID before anything leaves.
 * 2. Send, outside any transaction. A permanent SMTP error fails the send with its reason; a temporary
 *    one retries with backoff. If a previous attempt may have sent (a crash, or a connection lost after
 *    DATA), the Sent folder is searched for the Message-ID; if that cannot prove it, a human decides.
 * 3. Record (one transaction): EMAIL_SENT, the send row and the message status.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { AppError, isAppError } from '../errors.ts';
import { appendEvent } from '../crm/append-event.ts';
import { getAccount } from '../crm/db/accounts.ts';
import { getContact } from '../crm/db/contacts.ts';
import { getInbound, type InboundRow } from '../ingest/db/inbound.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import { newMessageId, replyHeaders } from './send/compose-reply.ts';
import type { OutgoingReply, ReplySender } from './send/ports.ts';
import { claimSend, sendOf, setSendStatus } from './send/sends-db.ts';

export interface RespondJob {
  inboundId: string;
  approvalId: string | null;
}

type Outcome =
  | { kind: 'nothing' }
  | { kind: 'sent'; messageId: string; channel: string; reply: OutgoingReply }
  | { kind: 'failed'; reason: string; sendRow: boolean }
  | { kind: 'uncertain'; reason: string };

/** Who sends for this message: its mailbox over SMTP, or Instantly. Throws AppError when it can't. */
export type SenderFor = (m: InboundRow, q: Queryable) => Promise<{ sender: ReplySender; from: { address: string; name: string } }>;

function blockedReason(account: { systemContactStatus: string; coolingOffUntil: string | null } | null, contact: { emailInvalidAt: string | null } | null, now: Date): string | null {
  if (account?.systemContactStatus === 'DO_NOT_CONTACT') return 'the partner is DO_NOT_CONTACT';
  if (account?.coolingOffUntil && new Date(account.coolingOffUntil) > now) return `the partner is cooling off until ${account.coolingOffUntil}`;
  if (contact?.emailInvalidAt) return 'the address hard-bounced';
  return null;
}

export function respondStep(deps: { db: Db; senderFor: SenderFor; now: () => Date; metrics?: Metrics; log?: { warn: (o: object, m: string) => void } }): StepHandler<RespondJob, Outcome> {
  return {
    async prepare(job) {
      type Plan = { kind: 'send'; m: InboundRow; messageId: string } | { kind: 'verify'; m: InboundRow; messageId: string } | Outcome;
      const resolved: { info: Awaited<ReturnType<SenderFor>> | null } = { info: null };
      const plan: Plan = await deps.db.transaction(async (tx): Promise<Plan> => {
        const { rows } = await tx.query<{ status: string }>('select status from inbound_messages where id = $1 for update', [job.inboundId]);
        const status = rows[0]?.status;
        const due = job.approvalId ? status === 'APPROVED' : status === 'CLASSIFIED';
        const m = (await getInbound(tx, job.inboundId))!;
        const existing = await sendOf(tx, job.inboundId);
        if (existing?.status === 'SENT') return { kind: 'nothing' };
        if (!due && !existing) return { kind: 'nothing' };
        if (!m.relationshipId || !m.fromAddress) return { kind: 'failed', reason: 'no partner to reply to', sendRow: false };
        const account = m.accountId ? await getAccount(tx, m.accountId) : null;
        const contact = m.contactId ? await getContact(tx, m.contactId) : null;
        const blocked = blockedReason(account, contact, deps.now());
        if (blocked && (!existing || existing.status === 'RETRYABLE')) return { kind: 'failed', reason: `not sent: ${blocked}`, sendRow: !!existing };
        if (existing?.status === 'STARTED' || existing?.status === 'UNCERTAIN') return { kind: 'verify', m, messageId: existing.messageId };
        if (existing?.status === 'FAILED') return { kind: 'nothing' };
        let senderInfo: Awaited<ReturnType<SenderFor>>;
        try {
          senderInfo = await deps.senderFor(m, tx);
        } catch (e) {
          if (isAppError(e) && !e.retryable) return { kind: 'failed', reason: `cannot send: ${e.message}`, sendRow: !!existing };
          throw e;
        }
        resolved.info = senderInfo;
        if (existing?.status === 'RETRYABLE') {
          await setSendStatus(tx, m.id, 'STARTED');
          return { kind: 'send', m, messageId: existing.messageId };
        }
        const messageId = newMessageId(senderInfo.from.address, `${Date.now().toString(36)}.${randomBytes(12).toString('hex')}`);
        await claimSend(tx, { inboundId: m.id, approvalId: job.approvalId, workspaceId: m.workspaceId, relationshipId: m.relationshipId, channel: senderInfo.sender.channel, messageId });
        return { kind: 'send', m, messageId };
      });
      if (plan.kind !== 'send' && plan.kind !== 'verify') return plan;

      const info = resolved.info ?? (await deps.senderFor(plan.m, deps.db));
      const draft = plan.m.draft as { subject?: string; text?: string; html?: string } | null;
      if (!draft?.text) return { kind: 'failed', reason: 'no draft to send', sendRow: true };
      const h = replyHeaders({ subject: plan.m.subject, messageId: plan.m.messageId, references: plan.m.references ?? [], inReplyTo: plan.m.inReplyTo });
      const reply: OutgoingReply = { from: info.from, to: plan.m.fromAddress!, subject: h.subject, text: draft.text, html: draft.html ?? null, messageId: plan.messageId, inReplyTo: h.inReplyTo, references: h.references };

      const verify = async (why: string): Promise<Outcome> => {
        const found = await info.sender.alreadySent(plan.messageId);
        if (found) return { kind: 'sent', messageId: plan.messageId, channel: info.sender.channel, reply };
        return { kind: 'uncertain', reason: `${why}; the reply was not found in the Sent folder, so it is not sent again: check the thread and send by hand if needed` };
      };
      if (plan.kind === 'verify') return verify('an earlier attempt may have sent this reply');

      const result = await info.sender.send(reply);
      deps.metrics?.sends.inc({ channel: info.sender.channel, result: result.ok ? 'sent' : result.failure.kind });
      if (result.ok) return { kind: 'sent', messageId: plan.messageId, channel: info.sender.channel, reply };
      if (result.failure.kind === 'permanent') return { kind: 'failed', reason: `the server refused the reply: ${result.failure.reason}`, sendRow: true };
      if (result.failure.maybeSent) return verify(`the connection broke after the message was handed over (${result.failure.reason})`);
      await deps.db.transaction((tx) => setSendStatus(tx, plan.m.id, 'RETRYABLE', result.failure.reason));
      throw new AppError('UNAVAILABLE', `temporary send failure: ${result.failure.reason}`, { retryable: true });
    },

    async apply(tx, job, outcome) {
      if (outcome.kind === 'nothing') return;
      const m = (await getInbound(tx, job.inboundId))!;
      const at = deps.now().toISOString();
      if (outcome.kind === 'sent') {
        await setSendStatus(tx, m.id, 'SENT');
        await appendEvent(tx, {
          relationshipId: m.relationshipId!,
          contactId: m.contactId,
          type: 'EMAIL_SENT',
          subject: outcome.reply.subject,
          content: outcome.reply.text,
          occurredAt: at,
          idempotencyKey: `${m.id}:sent`,
          metadata: { inboundId: m.id, approvalId: job.approvalId, messageId: outcome.messageId, channel: outcome.channel, auto: !job.approvalId, to: outcome.reply.to, inReplyTo: outcome.reply.inReplyTo },
        });
        await tx.query('update inbound_messages set status = $2, updated_at = now() where id = $1', [m.id, job.approvalId ? 'SENT' : 'AUTO_REPLIED']);
        return;
      }
      const reason = outcome.reason;
      if (outcome.kind === 'uncertain' || outcome.sendRow) await setSendStatus(tx, m.id, outcome.kind === 'uncertain' ? 'UNCERTAIN' : 'FAILED', reason);
      await tx.query(`update inbound_messages set status = 'FAILED', decision = coalesce(decision, '{}'::jsonb) || jsonb_build_object('sendError', $2::text), updated_at = now() where id = $1`, [m.id, reason]);
      if (m.relationshipId) {
        await appendEvent(tx, { relationshipId: m.relationshipId, contactId: m.contactId, type: 'NOTE_ADDED', content: reason, occurredAt: at, idempotencyKey: `${m.id}:send-failed`, metadata: { inboundId: m.id, sendFailed: true, uncertain: outcome.kind === 'uncertain' } });
      }
      deps.log?.warn({ inboundId: m.id, reason }, 'reply not sent');
    },
  };
}
