/**
 * The QUEUES.approvalsNotify job handler: asks the workspace's approvers (Slack channel and/or email),
 * reminds them once before expiry, and updates the Slack message once someone decided.
 *
 * At least once, without repeats that matter: Slack is posted only while the approval has no slack_ts;
 * emails go only to recipients not yet recorded as emailed for this purpose. Each email carries its own
 * fresh random token, created here; only its SHA-256 is stored, so the raw token exists only in the
 * email. (A crash between sending and recording means that recipient gets a second email whose link
 * works just like the first.) Both channels are tried before the first failure is rethrown for a retry.
 */
import type { Db } from '../../db/types.ts';
import type { StepHandler } from '../../jobs/run-step.ts';
import { gatherBeforeCommit } from '../../jobs/deferred-enqueue.ts';
import type { Logger } from '../../logger.ts';
import { createApprovalToken } from './approval-token.ts';
import { buildApprovalEmail } from './approval-email.ts';
import { toSlackView } from './approval-view.ts';
import { buildApprovalDecidedMessage, buildApprovalRequestMessage, slackDate } from './slack-message.ts';
import { loadApprovalContext, loadApprovalContexts, type ApprovalContext } from './db/approval-context.ts';
import { recordNotified, recordNotifiedMany, setSlackMessage, type NotifiedRecord } from './db/approvals.ts';
import { emailedRecipients, insertLink, markLinkEmailed, type LinkPurpose } from './db/approval-links.ts';
import type { ApprovalMailer, SlackClient } from './ports.ts';
import type { NotifyJob } from './types.ts';

export interface NotifyDeps {
  db: Db;
  slack: SlackClient | null;
  mailer: ApprovalMailer | null;
  /** PUBLIC_URL: without it no email link can be made, so no email is sent. */
  publicUrl: string | null;
  log?: Pick<Logger, 'info' | 'warn'>;
  now?: () => Date;
}

export interface NotifyReport {
  slack: 'posted' | 'already-posted' | 'updated' | 'skipped';
  emailed: string[];
  skipped: string[];
}

export const approvalLink = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/+$/, '')}/approve/${token}`;

async function emailApprovers(deps: NotifyDeps, ctx: ApprovalContext, purpose: LinkPurpose, report: NotifyReport): Promise<void> {
  const { mailer, publicUrl } = deps;
  if (!mailer || !publicUrl) {
    if (ctx.workspace.approverEmails.length) report.skipped.push(!mailer ? 'email: SMTP_URL not set' : 'email: PUBLIC_URL not set');
    return;
  }
  const done = await emailedRecipients(deps.db, ctx.approval.id, purpose);
  const view = toSlackView(ctx);
  for (const to of ctx.workspace.approverEmails) {
    if (done.has(to.toLowerCase())) continue;
    const { token, hash } = createApprovalToken();
    await insertLink(deps.db, { tokenHash: hash, approvalId: ctx.approval.id, recipient: to, purpose });
    await mailer.send(buildApprovalEmail({ to, view, link: approvalLink(publicUrl, token), workspaceName: ctx.workspace.name, reminder: purpose === 'reminder' }));
    await markLinkEmailed(deps.db, hash, (deps.now ?? (() => new Date()))());
    report.emailed.push(to);
  }
}

async function postToSlack(deps: NotifyDeps, ctx: ApprovalContext, purpose: LinkPurpose, report: NotifyReport): Promise<void> {
  const channel = ctx.workspace.slackChannelId;
  if (!deps.slack || !channel) {
    if (channel) report.skipped.push('slack: SLACK_BOT_TOKEN not set');
    return;
  }
  const a = ctx.approval;
  if (purpose === 'request') {
    if (a.slackTs) {
      report.slack = 'already-posted';
      return;
    }
    const msg = buildApprovalRequestMessage(toSlackView(ctx));
    const posted = await deps.slack.postMessage({ channel, text: msg.text, blocks: msg.blocks });
    await setSlackMessage(deps.db, a.id, posted.channel, posted.ts);
    report.slack = 'posted';
    return;
  }
  // A reminder: a reply in the request's thread (or a new message when the request was never posted).
  const text = `:alarm_clock: Reminder: the ${ctx.outreach ? 'first email' : 'reply'} to ${ctx.account.domain} still needs a decision; it expires ${slackDate(new Date(a.expiresAt))}.`;
  await deps.slack.postMessage({ channel: a.slackChannel ?? channel, text, ...(a.slackTs ? { threadTs: a.slackTs } : {}) });
  report.slack = 'posted';
}

/** Request or reminder: Slack and email, each only when configured; what was done is recorded on the approval. */
export async function notifyApprovers(deps: NotifyDeps, approvalId: string, purpose: LinkPurpose = 'request'): Promise<NotifyReport> {
  const out = await notifyWith(deps, await loadApprovalContext(deps.db, approvalId), approvalId, purpose);
  if (out.record) await recordNotified(deps.db, approvalId, out.record.key, out.record.value);
  if (out.failure) throw out.failure.error;
  return out.report;
}

/** What notifying did: the report, what to record on the approval (none when it was not found), the first failure. */
interface Notified {
  report: NotifyReport;
  record: NotifiedRecord | null;
  failure: { error: unknown } | null;
}

async function notifyWith(deps: NotifyDeps, ctx: ApprovalContext | null, approvalId: string, purpose: LinkPurpose): Promise<Notified> {
  const report: NotifyReport = { slack: 'skipped', emailed: [], skipped: [] };
  if (!ctx) return { report: { ...report, skipped: ['approval not found'] }, record: null, failure: null };
  if (ctx.approval.status !== 'PENDING') return { report: { ...report, skipped: [`approval is ${ctx.approval.status}`] }, record: null, failure: null };
  const failures: unknown[] = [];
  for (const step of [postToSlack, emailApprovers]) {
    try {
      await step(deps, ctx, purpose, report);
    } catch (e) {
      failures.push(e);
    }
  }
  if (report.slack === 'skipped' && !report.emailed.length && !failures.length && !ctx.workspace.approverEmails.length && !ctx.workspace.slackChannelId) {
    report.skipped.push('the workspace has no approvers configured (PUT /v1/admin/workspaces/:id/approvers)');
  }
  if (report.skipped.length) deps.log?.warn({ approvalId, purpose, skipped: report.skipped }, 'approval notification incomplete');
  return {
    report,
    record: { approvalId, key: purpose, value: { ...report, at: (deps.now ?? (() => new Date()))().toISOString() } },
    failure: failures.length ? { error: failures[0] } : null,
  };
}

/** After a decision (any channel, or expiry): the Slack message shows who decided, and the buttons go. Idempotent. */
export async function updateSlackDecided(deps: Pick<NotifyDeps, 'db' | 'slack'>, approvalId: string, preloaded?: ApprovalContext | null): Promise<boolean> {
  if (!deps.slack) return false;
  const ctx = preloaded !== undefined ? preloaded : await loadApprovalContext(deps.db, approvalId);
  const a = ctx?.approval;
  if (!ctx || !a || a.status === 'PENDING' || !a.slackChannel || !a.slackTs || !a.decidedAt) return false;
  const by = a.decidedBy;
  const msg = buildApprovalDecidedMessage(toSlackView(ctx), {
    outcome: a.status,
    decidedBy: { channel: by?.channel ?? 'system', slackUserId: by?.channel === 'slack' ? by.actor : null, label: by?.channel === 'slack' ? null : (by?.actor ?? null) },
    decidedAt: new Date(a.decidedAt),
    reason: a.status === 'REJECTED' ? a.rejectReason : null,
    edited: a.editedText !== null,
  });
  await deps.slack.update({ channel: a.slackChannel, ts: a.slackTs, text: msg.text, blocks: msg.blocks });
  return true;
}

/** The handler of one QUEUES.approvalsNotify job. */
export async function handleNotifyJob(deps: NotifyDeps, job: NotifyJob): Promise<void> {
  if (job.kind === 'decided') await updateSlackDecided(deps, job.approvalId);
  else await notifyApprovers(deps, job.approvalId, job.kind);
}

/**
 * The QUEUES.approvalsNotify step: a batch's approval contexts read at once (`preload`); Slack and email
 * outside any transaction, one job after another (`prepare`); what each did recorded on its approval
 * in one statement for the batch (`apply`, before the commit). A job whose approval an earlier job of
 * the batch already handled reads its context afresh (it may have posted to Slack since). A failed
 * job records what it did at once, then fails (and is retried), as `notifyApprovers` does.
 */
export function notifyStep(deps: NotifyDeps): StepHandler<NotifyJob, NotifiedRecord | null, Map<string, ApprovalContext>> {
  const seen = new WeakMap<Map<string, ApprovalContext>, Set<string>>();
  return {
    preload: (jobs) => loadApprovalContexts(deps.db, jobs.map((j) => j.data.approvalId)),
    async prepare(job, _meta, contexts) {
      let ctx: ApprovalContext | null | undefined;
      if (contexts) {
        const handled = seen.get(contexts) ?? new Set<string>();
        seen.set(contexts, handled);
        if (!handled.has(job.approvalId)) ctx = contexts.get(job.approvalId) ?? null;
        handled.add(job.approvalId);
      }
      if (job.kind === 'decided') {
        await updateSlackDecided(deps, job.approvalId, ctx);
        return null;
      }
      const out = await notifyWith(deps, ctx === undefined ? await loadApprovalContext(deps.db, job.approvalId) : ctx, job.approvalId, job.kind);
      if (out.failure) {
        if (out.record) await recordNotified(deps.db, job.approvalId, out.record.key, out.record.value);
        throw out.failure.error;
      }
      return out.record;
    },
    async apply(tx, _job, record) {
      if (record) await recordNotifiedOnce(tx, record);
    },
  };
}

/** A batch's records in one statement before its commit (or one at once outside a step's batch). */
const recordNotifiedOnce = gatherBeforeCommit<NotifiedRecord>((tx, records) => recordNotifiedMany(tx, records));
