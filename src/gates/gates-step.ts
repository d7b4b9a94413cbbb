/**
 * The gates step: in one transaction, read the classified message and its partner, run the gates,
 * draft a reply unless no reply is due, run the draft checks, append GATES_EVALUATED (every gate's
 * inputs and result) and REPLY_DRAFTED, and hand over: NO_REPLY ends here, AUTO_REPLY enqueues the
 * send, WAITING_APPROVAL asks a human. A retry finds the message already decided and does nothing.
 */
import type { Db, Queryable } from '../db/types.ts';
import { recordEvent } from '../crm/append-event.ts';
import { accountKey, getAccountForWorkspace, getAccountsForWorkspaces } from '../crm/account-view.ts';
import { getContact } from '../crm/db/contacts.ts';
import { readPartners, type PartnerSnapshot } from '../crm/partner-snapshot.ts';
import { getRelationship, publicRelationship } from '../crm/db/relationships.ts';
import { getGatePolicy } from '../crm/db/tenants.ts';
import type { Account } from '../crm/types.ts';
import { resolveSender } from '../respond/draft/sender.ts';
import { senderSettingsOf } from '../respond/draft/db/sender-settings.ts';
import { draftOfRow, getInbound, getInbounds, type InboundRow } from '../ingest/db/inbound.ts';
import { readArrival } from '../ingest/message-kind.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import type { Classification } from '../classify/types.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import type { StoryLog } from '../logger.ts';
import type { Draft } from '../respond/draft/templates.ts';
import type { Drafter, DraftResult } from '../respond/draft/drafter.ts';
import { listEvents } from '../crm/db/events.ts';
import { agencyWorkspaceIds, priceEntriesOf } from '../intel/prices/db/price-entries.ts';
import { priceHistoryLine } from '../intel/prices/price-summary.ts';
import { checkDraft } from './draft-checks/check-draft.ts';
import { applyDraftChecks, evaluateGates, publicDecision } from './engine.ts';
import { DEFAULT_POLICY, parseGatePolicy } from './policy.ts';
import { readGateHistory } from './db/gate-history.ts';
import { countAutoReplies, lockAutoReplies, reserveAutoReply } from './db/auto-reply-reservations.ts';
import { recheckLimits } from './limits.ts';
import { unknownSenderDecision } from './unknown-sender.ts';
import type { GatePolicy } from './policy.ts';
import type { Decision, GateResult, SendChannel } from './types.ts';

type GateResultLike = Pick<GateResult, 'gate' | 'passed' | 'reason'>;

export interface GatesJob {
  inboundId: string;
  /** Imported history (backfill): never answered. */
  history?: boolean;
  /** A rejected approval asked for a new draft: its id, and the approver's reason as guidance. */
  redraftOf?: string;
  guidance?: string | null;
}

/** What happens when a human must decide; the approvals module provides it. */
export type RequestApproval = (tx: Queryable, inboundId: string) => Promise<string | null>;

interface GatesPlan {
  accountId: string | null;
  decision: Decision;
  draft: DraftResult | null;
  relationshipId: string | null;
  workspaceId: string | null;
  contactId: string | null;
  policy: GatePolicy | null;
}

/**
 * `prepare` reads a snapshot and decides (the model, when it drafts, is called with no transaction
 * open); `apply` writes the outcome if the message is still undecided. The send step re-checks
 * do-not-contact and cooling-off at send time, so a change between the two cannot cause a send.
 */
/** Whether the reply to this message could be sent, and how (src/respond/send/adapters/reply-senders.ts). */
export type SendChannelOf = (m: InboundRow, q: Queryable) => Promise<SendChannel>;

/** Tells a text's language off the event loop (the rules thread's `detectLanguage`); null when it cannot. */
export type DetectLanguage = (text: string) => Promise<string | null>;

/**
 * What a batch's `prepare` calls read, in a few queries before the first of them: the messages, their
 * partners, the workspaces' policies and the first events of each relationship. A snapshot, as the
 * per-job reads were (all of them happen before the batch's first `apply`).
 */
interface GatesBatch extends PartnerSnapshot {
  messages: Map<string, InboundRow>;
  accounts: Map<string, Account>;
  /** sender settings per workspace and mailbox, read once per batch */
  senders: Map<string, ReturnType<typeof senderSettingsOf>>;
  /** each workspace's agency, read once per batch */
  agencies: Map<string, Promise<string[]>>;
}

const THREAD_EVENTS = 200;

async function preloadBatch(db: Queryable, ids: readonly string[]): Promise<GatesBatch> {
  const messages = await getInbounds(db, ids);
  const pending = [...messages.values()].filter((m) => m.status === 'CLASSIFIED');
  return {
    messages,
    ...(await readPartners(db, pending, THREAD_EVENTS)),
    accounts: await getAccountsForWorkspaces(db, pending.flatMap((m) => (m.accountId ? [{ accountId: m.accountId, workspaceId: m.workspaceId }] : []))),
    senders: new Map(),
    agencies: new Map(),
  };
}

export function gatesStep(deps: { db: Db; drafter: Drafter; enqueue: EnqueueInTx; requestApproval: RequestApproval; sendChannel: SendChannelOf; now: () => Date; metrics?: Metrics; story?: StoryLog; detectLanguage?: DetectLanguage }): StepHandler<GatesJob, GatesPlan | null, GatesBatch, Map<string, string>> {
  return {
    preload: (jobs) => preloadBatch(deps.db, jobs.map((j) => j.data.inboundId)),
    // reads and decides only (a model call, when configured, is the slow part): a batch's run side by side
    prepareConcurrency: 4,
    async prepare(job, _meta, batch) {
      const db = deps.db;
      const m = batch ? batch.messages.get(job.inboundId) ?? null : await getInbound(db, job.inboundId);
      if (!m || m.status !== 'CLASSIFIED') return null;
      const classification = m.classification as Classification;
      const rel = !m.relationshipId ? null : batch ? batch.relationships.get(m.relationshipId) ?? null : await getRelationship(db, m.relationshipId);
      const account = !m.accountId ? null : batch ? batch.accounts.get(accountKey(m.accountId, m.workspaceId)) ?? null : await getAccountForWorkspace(db, m.accountId, m.workspaceId);
      if (job.history) {
        const imported: GateResultLike = { gate: 'imported-history', passed: false, reason: 'imported by a backfill: history is recorded, never answered' };
        return { accountId: null, decision: { action: 'NO_REPLY', gates: [imported], approvalId: null }, draft: null, relationshipId: null, workspaceId: null, contactId: null, policy: null };
      }
      if (!rel || !account) {
        // nobody to draft for yet: a person goes to a human ("who is this?"), machine mail ends here
        const decision = unknownSenderDecision({ inboundId: m.id, fromAddress: m.fromAddress, intent: classification.intent, arrivalKind: readArrival(draftOfRow(m)).kind });
        return { accountId: null, decision, draft: null, relationshipId: null, workspaceId: m.workspaceId, contactId: null, policy: null };
      }
      const contact = !m.contactId ? null : batch ? batch.contacts.get(m.contactId) ?? null : await getContact(db, m.contactId);
      // the mailbox's sender name and signature, else the workspace's (src/respond/draft/sender.ts)
      const senderKey = `${rel.organizationId}:${m.mailboxId ?? ''}`;
      const settings = batch?.senders.get(senderKey) ?? senderSettingsOf(db, rel.organizationId, m.mailboxId);
      batch?.senders.set(senderKey, settings);
      const sender = resolveSender({ ...(await settings), ourDisplayName: m.toAddresses?.[0]?.name ?? null });
      const agencyOf = (ws: string) => {
        const ids = batch?.agencies.get(ws) ?? agencyWorkspaceIds(db, ws);
        batch?.agencies.set(ws, ids);
        return ids;
      };
      const stored = parseGatePolicy((batch ? batch.policies.get(rel.organizationId) : await getGatePolicy(db, rel.organizationId)) ?? {});
      const policy = stored.ok ? stored.policy : DEFAULT_POLICY;
      const now = deps.now();
      const history = await readGateHistory(db, rel, now, m.id);
      let decision = evaluateGates({
        message: { id: m.id, source: m.source, from: { address: m.fromAddress ?? '', name: m.fromName }, subject: m.subject ?? '', text: m.text ?? '', attachments: m.attachments ?? [], receivedAt: m.receivedAt },
        classification,
        account,
        relationship: publicRelationship(rel),
        contact,
        history,
        sendChannel: await deps.sendChannel(m, db),
        policy,
        now,
      });
      let draft: DraftResult | null = null;
      if (decision.action !== 'NO_REPLY') {
        const earlier = (batch?.events.get(rel.id) ?? (await listEvents(db, { workspaceIds: [rel.organizationId], relationshipId: rel.id, limit: THREAD_EVENTS })).data)
          .filter((e) => (e.type === 'EMAIL_SENT' || e.type === 'EMAIL_RECEIVED') && e.metadata?.['inboundId'] !== m.id && e.content)
          .slice(-5)
          .map((e) => `${e.type === 'EMAIL_SENT' ? 'We wrote' : 'They wrote'}: ${e.content ?? ''}`);
        draft = await deps.drafter.draft({
          classification,
          inbound: { subject: m.subject ?? '', text: m.text ?? '', fromName: m.fromName },
          contactFirstName: contact?.firstName ?? null,
          senderName: sender.name,
          signature: sender.signature,
          relationship: rel,
          thread: earlier,
          policy,
          guidance: job.guidance ?? null,
          priceHistory: priceHistoryLine(await priceEntriesOf(db, account.id, await agencyOf(rel.organizationId), { exceptInboundId: m.id })),
        });
        const checks = checkDraft({ ...draft.draft, by: draft.by }, {
          // our own signature may hold our links and addresses
          threadTexts: [m.text ?? '', ...earlier, ...(sender.signature ? [sender.signature] : [])],
          threadAddresses: [m.fromAddress ?? '', ...(m.toAddresses ?? []).map((a) => a.address), ...(m.ccAddresses ?? []).map((a) => a.address)],
          relationship: rel,
          offerTypes: classification.facts.offers.map((o) => o.type),
          partnerLanguage: classification.facts.language ?? null,
          intents: classification.intents,
          // told on the rules thread, and only when there is a partner language to compare with
          draftLanguage: classification.facts.language && deps.detectLanguage ? await deps.detectLanguage(draft.draft.text) : null,
        }, policy);
        decision = applyDraftChecks(decision, checks);
      }
      return { accountId: account.id, decision, draft, relationshipId: rel.id, workspaceId: rel.organizationId, contactId: contact?.id ?? null, policy };
    },

    lockKey: (_job, plan) => plan?.accountId ?? null,
    // the part's messages locked in one statement (in id order), and their statuses
    load: async (tx, items) => {
      const ids = [...new Set(items.flatMap((i) => (i.prepared ? [i.data.inboundId] : [])))].sort();
      if (!ids.length) return new Map<string, string>();
      const { rows } = await tx.query<{ id: string; status: string }>('select id, status from inbound_messages where id = any($1) order by id for update', [ids]);
      return new Map(rows.map((r) => [r.id, r.status]));
    },
    async apply(tx, job, plan, _meta, statuses) {
      if (!plan) return;
      let current: string | undefined;
      if (statuses) {
        current = statuses.get(job.inboundId);
        // a second job of the same message in this part finds it decided, as a fresh read would
        statuses.delete(job.inboundId);
      } else {
        const { rows } = await tx.query<{ status: string }>('select status from inbound_messages where id = $1 for update', [job.inboundId]);
        current = rows[0]?.status;
      }
      if (current !== 'CLASSIFIED') return;
      const { draft } = plan;
      let decision = plan.decision;
      const now = deps.now();
      const at = now.toISOString();
      // The limits count reservations; take this reply's place under the workspace's lock, or send it
      // to a human if the place went to a reply decided since `prepare` read the counts.
      if (decision.action === 'AUTO_REPLY' && plan.relationshipId && plan.workspaceId && plan.policy) {
        await lockAutoReplies(tx, plan.workspaceId);
        const counts = await countAutoReplies(tx, { workspaceId: plan.workspaceId, relationshipId: plan.relationshipId, now, except: job.inboundId });
        decision = recheckLimits(decision, counts, plan.policy);
        if (decision.action === 'AUTO_REPLY') await reserveAutoReply(tx, { inboundId: job.inboundId, workspaceId: plan.workspaceId, relationshipId: plan.relationshipId, now });
      }
      // each round of drafting (the first, and one per "reject and redraft") has its own events
      const round = job.redraftOf ? `:${job.redraftOf}` : '';
      if (plan.relationshipId) {
        await recordEvent(tx, {
          relationshipId: plan.relationshipId, contactId: plan.contactId, type: 'GATES_EVALUATED', occurredAt: at, idempotencyKey: `${job.inboundId}:gates${round}`,
          metadata: { inboundId: job.inboundId, action: decision.action, gates: decision.gates, policy: plan.policy },
        });
      }
      if (draft && plan.relationshipId) {
        await recordEvent(tx, {
          relationshipId: plan.relationshipId, contactId: plan.contactId, type: 'REPLY_DRAFTED', occurredAt: at, idempotencyKey: `${job.inboundId}:drafted${round}`,
          subject: draft.draft.subject, content: draft.draft.text, metadata: { inboundId: job.inboundId, by: draft.by, model: draft.model ?? null, html: draft.draft.html, ...(job.redraftOf ? { redraftOf: job.redraftOf, guidance: job.guidance ?? null } : {}) },
        });
      }
      const pub = publicDecision(decision);
      const status = decision.action === 'NO_REPLY' ? 'NO_REPLY' : decision.action === 'WAITING_APPROVAL' ? 'WAITING_APPROVAL' : 'CLASSIFIED';
      const stored: Draft | null = draft?.draft ?? null;
      await tx.query('update inbound_messages set decision = $2, draft = $3, status = $4, updated_at = now() where id = $1', [
        job.inboundId, JSON.stringify(pub), stored ? JSON.stringify(stored) : null, status,
      ]);
      if (decision.action === 'AUTO_REPLY') await deps.enqueue(tx, QUEUES.respond, [{ inboundId: job.inboundId, approvalId: null }]);
      const approvalId = decision.action === 'WAITING_APPROVAL' ? await deps.requestApproval(tx, job.inboundId) : null;
      deps.metrics?.decisions.inc({ action: decision.action });
      for (const g of decision.gates) if (!g.passed) deps.metrics?.gateTrips.inc({ gate: g.gate });
      const story = deps.story;
      const tripped = decision.gates.filter((g) => !g.passed);
      return story && (() => story('decided', {
        inboundId: job.inboundId, workspaceId: plan.workspaceId, relationshipId: plan.relationshipId, decision: decision.action,
        ...(tripped.length ? { gates: tripped.map((g) => g.gate), reasons: tripped.map((g) => g.reason) } : {}),
        ...(approvalId ? { approvalId } : {}), ...(draft ? { draftedBy: draft.by } : {}), ...(job.redraftOf ? { redraftOf: job.redraftOf } : {}),
      }));
    },
  };
}
