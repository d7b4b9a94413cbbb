/**
 * The gates step: in one transaction, read the classified message and its partner, run the gates,
 * draft a reply unless no reply is due, run the draft checks, append GATES_EVALUATED (every gate's
 * inputs and result) and REPLY_DRAFTED, and hand over: NO_REPLY ends here, AUTO_REPLY enqueues the
 * send, WAITING_APPROVAL asks a human. A retry finds the message already decided and does nothing.
 */
import type { Db, Queryable } from '../db/types.ts';
import { recordEvent, rememberPartners } from '../crm/append-event.ts';
import { accountKey, getAccountForWorkspace } from '../crm/account-view.ts';
import { getContact } from '../crm/db/contacts.ts';
import { getRelationship, publicRelationship } from '../crm/db/relationships.ts';
import { getGatePolicy } from '../crm/db/tenants.ts';
import { resolveSender } from '../respond/draft/sender.ts';
import { senderSettingsOf } from '../respond/draft/db/sender-settings.ts';
import { draftOfRow, getInbound, type InboundRow } from '../ingest/db/inbound.ts';
import { readArrival } from '../ingest/message-kind.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import type { Classification } from '../classify/types.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import type { StoryLog } from '../logger.ts';
import type { Draft } from '../respond/draft/templates.ts';
import type { Drafter, DraftResult } from '../respond/draft/drafter.ts';
import { agencyWorkspaceIds, priceEntriesIn, priceEntriesOf } from '../intel/prices/db/price-entries.ts';
import { priceHistoryLine } from '../intel/prices/price-summary.ts';
import { checkDraft } from './draft-checks/check-draft.ts';
import { applyDraftChecks, evaluateGates, publicDecision } from './engine.ts';
import { DEFAULT_POLICY, parseGatePolicy } from './policy.ts';
import { gateHistoryOf, readGateHistory } from './db/gate-history.ts';
import { lockAutoRepliesOf, reserveAutoReply, tallyAutoReplies, type AutoReplyTally } from './db/auto-reply-reservations.ts';
import { lockMessagesToDecide, writeDecisions, type DecisionWrite, type LockedMessage } from './db/decided-messages.ts';
import { countsOf, refreshLimits, tallyReserved } from './limits.ts';
import { readDraft, readTrippedGates } from '../respond/approvals/approval-facts.ts';
import type { ApprovalSubject } from '../respond/approvals/db/approval-subject.ts';
import { gatherBeforeCommit } from '../jobs/deferred-enqueue.ts';
import { unknownSenderDecision } from './unknown-sender.ts';
import { awaitsGates, preloadBatch, type GatesBatch } from './gates-batch.ts';
import { threadOf } from './gates-thread.ts';
import type { GatePolicy } from './policy.ts';
import type { Decision, GateDetections, GateResult, SendChannel } from './types.ts';
import type { RecheckMessage } from './detect/recheck.ts';

type GateResultLike = Pick<GateResult, 'gate' | 'passed' | 'reason'>;

export interface GatesJob {
  inboundId: string;
  /** Imported history (backfill): never answered. */
  history?: boolean;
  /** A rejected approval asked for a new draft: its id, and the approver's reason as guidance. */
  redraftOf?: string;
  guidance?: string | null;
}

/**
 * What happens when humans must decide; the approvals module provides it (`requestInboundApprovals`):
 * the approvals of several messages the caller has locked, by message id, `created` false for one that
 * was already PENDING. The caller stores WAITING_APPROVAL and `decision.approvalId` of the created ones.
 */
export type RequestApprovals = (tx: Queryable, subjects: ApprovalRequest[]) => Promise<Map<string, { approvalId: string; created: boolean }>>;

/** A message going to a human, as the approval snapshots it (what `lockSubject` reads back from the row). */
export type ApprovalRequest = ApprovalSubject & { ref: { kind: 'inbound'; id: string } };

interface GatesPlan {
  accountId: string | null;
  /** The relationship's own account (never changes), so the part's appends need not read it back. */
  partnerAccountId?: string;
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

/** Runs the gates' detectors again on a message off the event loop (the rules thread's `recheck`). */
export type Recheck = (message: RecheckMessage) => Promise<GateDetections>;

/** What a part's `apply` calls share, read in its transaction (`load`). */
interface GatesPart {
  /** the part's messages, locked; a second job of a message in the part finds it gone (decided) */
  messages: Map<string, LockedMessage>;
  /** the limit counts of the part's gated plans (under their workspaces' locks for AUTO_REPLY plans); updated as replies are reserved */
  tally: AutoReplyTally;
}

export function gatesStep(deps: { db: Db; drafter: Drafter; enqueue: EnqueueInTx; requestApprovals: RequestApprovals; sendChannel: SendChannelOf; now: () => Date; metrics?: Metrics; story?: StoryLog; detectLanguage?: DetectLanguage; recheck?: Recheck }): StepHandler<GatesJob, GatesPlan | null, GatesBatch, GatesPart> {
  /**
   * Locks the part's messages, then the workspaces of its AUTO_REPLY plans (sorted, before any partner
   * row: the steps' lock order), and counts the reservations of every gated plan's workspace and thread
   * once; `apply` decides each reply on those counts plus the places taken by the part's earlier
   * replies (`tallyReserved`), as one message at a time under the lock would.
   */
  const loadPart = async (tx: Queryable, items: ReadonlyArray<{ data: GatesJob; prepared: GatesPlan | null }>): Promise<GatesPart> => {
    const messages = await lockMessagesToDecide(tx, items.flatMap((i) => (i.prepared ? [i.data.inboundId] : [])));
    // a relationship's account and workspace never change: the part's GATES_EVALUATED, REPLY_DRAFTED and
    // APPROVAL_REQUESTED need not read them back one message at a time
    rememberPartners(tx, items.flatMap(({ prepared: p }) => (p?.relationshipId && p.partnerAccountId && p.workspaceId ? [{ id: p.relationshipId, accountId: p.partnerAccountId, organizationId: p.workspaceId }] : [])));
    const gated = items.flatMap((i) => {
      const p = i.prepared;
      const m = messages.get(i.data.inboundId);
      return p && p.relationshipId && p.workspaceId && p.policy && m && awaitsGates(m.status, m.action)
        ? [{ inboundId: i.data.inboundId, workspaceId: p.workspaceId, relationshipId: p.relationshipId, autoReply: p.decision.action === 'AUTO_REPLY' }]
        : [];
    });
    // only a reply that may take a place needs its workspace's lock; the others' counts only refresh their limit gates
    await lockAutoRepliesOf(tx, gated.filter((g) => g.autoReply).map((g) => g.workspaceId));
    const tally = await tallyAutoReplies(tx, {
      workspaceIds: gated.map((l) => l.workspaceId), relationshipIds: gated.map((l) => l.relationshipId), inboundIds: gated.map((l) => l.inboundId), now: deps.now(),
    });
    return { messages, tally };
  };

  /**
   * Writes what a part decided once, just before its transaction commits (or at once outside a step's
   * batch): the approvals of the replies that go to a human, then every message's decision, draft and
   * status in one statement (with `decision.approvalId` of a new approval).
   */
  const decide = gatherBeforeCommit<Decided>(async (tx, decided) => {
    const waiting = decided.filter((d) => d.approval);
    const approvals = waiting.length ? await deps.requestApprovals(tx, waiting.map((d) => d.approval!)) : new Map<string, { approvalId: string; created: boolean }>();
    await writeDecisions(tx, decided.map((d) => {
      const a = approvals.get(d.row.id);
      d.approvalId.value = a?.approvalId ?? null;
      return a?.created ? { ...d.row, decision: { ...(d.row.decision as object), approvalId: a.approvalId } } : d.row;
    }));
  });

  return {
    preload: (jobs) => preloadBatch(deps.db, jobs.map((j) => j.data.inboundId), deps.now()),
    // reads and decides only (a model call, when configured, is the slow part): a batch's run side by side
    prepareConcurrency: 4,
    async prepare(job, _meta, batch) {
      const db = deps.db;
      const m = batch ? batch.messages.get(job.inboundId) ?? null : await getInbound(db, job.inboundId);
      if (!m || !awaitsGates(m.status, (m.decision as { action?: string } | null)?.action ?? null)) return null;
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
      const history = batch ? gateHistoryOf(batch.histories, rel, m.id) : await readGateHistory(db, rel, now, m.id);
      const message = { id: m.id, source: m.source, from: { address: m.fromAddress ?? '', name: m.fromName }, subject: m.subject ?? '', text: m.text ?? '', attachments: m.attachments ?? [], receivedAt: m.receivedAt };
      let decision = evaluateGates({
        message,
        // the red flags and injection signs read again, on the rules thread (else in-line by the gates)
        detected: deps.recheck ? await deps.recheck(message) : undefined,
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
        const earlier = (await threadOf(db, m, rel, batch ? await batch.threads() : null))
          .map((e) => `${e.type === 'EMAIL_SENT' ? 'We wrote' : 'They wrote'}: ${e.content}`);
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
          priceHistory: priceHistoryLine(batch
            ? priceEntriesIn(batch.prices, account.id, await agencyOf(rel.organizationId), { exceptInboundId: m.id })
            : await priceEntriesOf(db, account.id, await agencyOf(rel.organizationId), { exceptInboundId: m.id })),
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
      return { accountId: account.id, partnerAccountId: rel.accountId, decision, draft, relationshipId: rel.id, workspaceId: rel.organizationId, contactId: contact?.id ?? null, policy };
    },

    lockKey: (_job, plan) => plan?.accountId ?? null,
    // the part's messages locked in one statement (in id order), the limit counts it needs read once
    load: (tx, items) => loadPart(tx, items),
    async apply(tx, job, plan, _meta, loaded) {
      if (!plan) return;
      const part = loaded ?? (await loadPart(tx, [{ data: job, prepared: plan }]));
      const locked = part.messages.get(job.inboundId);
      // a second job of the same message in this part finds it decided, as a fresh read would
      part.messages.delete(job.inboundId);
      if (!locked || !awaitsGates(locked.status, locked.action)) return;
      const { draft } = plan;
      let decision = plan.decision;
      const now = deps.now();
      const at = now.toISOString();
      // The limits count reservations; take this reply's place under the workspace's lock (taken by
      // `load`), or send it to a human if the place went to a reply decided since `prepare` read the
      // counts — in this part (the tally counts the places its earlier replies took) or elsewhere. Every
      // decision's limit gates show those counts, as one message at a time would.
      if (plan.relationshipId && plan.workspaceId && plan.policy) {
        const ref = { inboundId: job.inboundId, workspaceId: plan.workspaceId, relationshipId: plan.relationshipId };
        decision = refreshLimits(decision, countsOf(part.tally, ref), plan.policy);
        if (decision.action === 'AUTO_REPLY') {
          await reserveAutoReply(tx, { ...ref, now });
          tallyReserved(part.tally, ref, now);
        }
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
      // the approval snapshots what the message stores (the draft, the tripped gates), as read back from its row
      const approval: ApprovalRequest | null = decision.action === 'WAITING_APPROVAL'
        ? { ref: { kind: 'inbound', id: job.inboundId }, workspaceId: locked.workspaceId, relationshipId: locked.relationshipId, contactId: locked.contactId, draft: readDraft(jsonRoundTrip(stored)), gates: readTrippedGates(jsonRoundTrip(pub)) }
        : null;
      const approvalId = { value: null as string | null };
      await decide(tx, { row: { id: job.inboundId, decision: pub, draft: stored, status }, approval, approvalId });
      if (decision.action === 'AUTO_REPLY') await deps.enqueue(tx, QUEUES.respond, [{ inboundId: job.inboundId, approvalId: null }]);
      deps.metrics?.decisions.inc({ action: decision.action });
      for (const g of decision.gates) if (!g.passed) deps.metrics?.gateTrips.inc({ gate: g.gate });
      const story = deps.story;
      const tripped = decision.gates.filter((g) => !g.passed);
      return story && (() => story('decided', {
        inboundId: job.inboundId, workspaceId: plan.workspaceId, relationshipId: plan.relationshipId, decision: decision.action,
        ...(tripped.length ? { gates: tripped.map((g) => g.gate), reasons: tripped.map((g) => g.reason) } : {}),
        ...(approvalId.value ? { approvalId: approvalId.value } : {}), ...(draft ? { draftedBy: draft.by } : {}), ...(job.redraftOf ? { redraftOf: job.redraftOf } : {}),
      }));
    },
  };
}

/** A message decided by a part, written with the part's others before it commits. */
interface Decided {
  row: DecisionWrite;
  approval: ApprovalRequest | null;
  /** set when written: the approval the message waits on (for the story line after the commit) */
  approvalId: { value: string | null };
}

/** A value as it reads back from a jsonb column (what the approval snapshotted when it read the row). */
const jsonRoundTrip = (v: unknown): unknown => (v === null || v === undefined ? null : JSON.parse(JSON.stringify(v)));
