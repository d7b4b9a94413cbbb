/**
 * The classify step: rules first (pure), then the model when configured (outside any transaction),
 * then, in one transaction, MESSAGE_CLASSIFIED, the CRM effects and the gates job. A retry finds the
 * message already CLASSIFIED and does nothing.
 */
import type { Db, Queryable } from '../db/types.ts';
import { flushRecords, recordEvent, rememberPartners } from '../crm/append-event.ts';
import { getAccount } from '../crm/db/accounts.ts';
import { accountKey, getAccountForWorkspace, readAccountViews } from '../crm/account-view.ts';
import { getContact } from '../crm/db/contacts.ts';
import { readPartners, type PartnerSnapshot } from '../crm/partner-snapshot.ts';
import { applyEffect } from './apply-effects.ts';
import { getRelationship } from '../crm/db/relationships.ts';
import { historyTotalsOf, NO_HISTORY, type HistoryTotals } from '../crm/db/history.ts';
import { inboundEvidence } from '../crm/db/evidence.ts';
import type { InboundEvidence } from '../crm/shared-facts.ts';
import { beforeCommit } from '../jobs/deferred-enqueue.ts';
import { setClassified } from './db/classified.ts';
import type { Account } from '../crm/types.ts';
import type { WorkspaceAccountFacts } from '../crm/db/workspace-facts.ts';
import { draftOfRow, getInbound, getInbounds, lockInboundHeads, type InboundHead, type InboundRow } from '../ingest/db/inbound.ts';
import type { ParsedEmail } from '../ingest/types.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import type { StoryLog } from '../logger.ts';
import { AppError } from '../errors.ts';
import { classifyWithRules } from './rules/classify-rules.ts';
import { planClassifyEffects } from './effects.ts';
import { getGatePolicy } from '../crm/db/tenants.ts';
import { summaryOf } from './history.ts';
import type { ModelClassifier, RulesClassifier } from './ports.ts';
import type { Classification } from './types.ts';

export interface ClassifyJob {
  inboundId: string;
  /** Imported history (backfill): learn from it, never answer it. */
  history?: boolean;
}

export function toParsedEmail(m: InboundRow): ParsedEmail {
  const { workspaceId: _ws, source: _src, mailboxId: _mb, externalId: _ext, receivedAt, ...fields } = draftOfRow(m);
  return { ...fields, replyTo: null, date: new Date(receivedAt), rawSha256: '', rawSize: 0, parseWarnings: [] };
}

interface Prepared {
  classification: Classification;
  accountId: string | null;
}

/**
 * What a part of a batch reads before its first `apply`, in a few queries (and its messages locked,
 * in id order). The partner rows describe the CRM before the part's first write: a message whose
 * account or relationship an earlier message of the part already wrote to reads its own afresh.
 */
interface Loaded extends PartnerSnapshot {
  messages: Map<string, InboundHead>;
  /** each message's account as its workspace sees it, by `accountKey` */
  accounts: Map<string, Account>;
  /** what those views are made of: the shared rows (by id) and the workspaces' own facts (by `accountKey`) */
  shared: Map<string, Account>;
  facts: Map<string, WorkspaceAccountFacts>;
  /** accounts and relationships written by an `apply` of this part so far */
  written: Set<string>;
  /**
   * What each message's workspace's threads prove about its partner (the evidence of its shared facts
   * and contact signals), read for the whole part: no write of this step changes it (it appends no
   * send and changes no address).
   */
  evidence: Map<string, InboundEvidence>;
  /** each relationship's history totals (all its events, folded by the database), by relationship id */
  histories: Map<string, HistoryTotals>;
  /** The part's classifications, written in one statement before it commits (null: written one by one). */
  classified: Array<{ id: string; classification: Classification }> | null;
}

async function loadPart(tx: Queryable, ids: readonly string[]): Promise<Loaded> {
  // locked; their bodies were read (and classified) before the transaction
  const messages = await lockInboundHeads(tx, ids);
  const pending = [...messages.values()].filter((m) => m.status === 'RECEIVED');
  const partners = await readPartners(tx, pending);
  const { views: accounts, shared, facts } = await readAccountViews(tx, pending.flatMap((m) => {
    const rel = m.relationshipId ? partners.relationships.get(m.relationshipId) : undefined;
    return m.accountId && rel ? [{ accountId: m.accountId, workspaceId: rel.organizationId }] : [];
  }));
  // their account and workspace are all appendEvent reads of a relationship
  rememberPartners(tx, partners.relationships.values());
  const histories = await historyTotalsOf(tx, [...partners.relationships.values()].map((r) => ({ id: r.id, workspaceId: r.organizationId })));
  const evidence = await inboundEvidence(tx, pending.flatMap((m) => (m.accountId && m.relationshipId ? [{ inboundId: m.id, workspaceId: m.workspaceId, accountId: m.accountId }] : [])));
  const classified: NonNullable<Loaded['classified']> = [];
  const deferred = beforeCommit(tx, () => setClassified(tx, classified));
  return { messages, ...partners, accounts, shared, facts, written: new Set(), evidence, histories, classified: deferred ? classified : null };
}

/** The partner of a message as `apply` decides with it: from the part's reads, or afresh when the part already wrote to it. */
async function partnerOf(tx: Queryable, m: InboundHead, loaded: Loaded | undefined) {
  const fresh = loaded && !(m.accountId && loaded.written.has(m.accountId)) && !(m.relationshipId && loaded.written.has(m.relationshipId));
  if (loaded && fresh) {
    const rel = (m.relationshipId && loaded.relationships.get(m.relationshipId)) || null;
    const shared = m.accountId ? loaded.shared.get(m.accountId) : undefined;
    return {
      rel,
      // the shared row and the workspace's own facts as read, not written since: the effects need not read them again
      read: rel && shared && rel.organizationId === m.workspaceId ? { shared, own: loaded.facts.get(accountKey(shared.id, rel.organizationId)) ?? null } : null,
      // the workspace's own view; without a relationship, the shared account as it is
      account: !m.accountId ? null : rel ? loaded.accounts.get(accountKey(m.accountId, rel.organizationId)) ?? null : await getAccount(tx, m.accountId),
      contact: (m.contactId && loaded.contacts.get(m.contactId)) || null,
      history: (rel && loaded.histories.get(rel.id)) || NO_HISTORY,
      policy: rel ? loaded.policies.get(rel.organizationId) ?? null : null,
    };
  }
  // what the part already wrote (its records included) is in what this reads
  if (loaded) await flushRecords(tx);
  const rel = m.relationshipId ? await getRelationship(tx, m.relationshipId) : null;
  return {
    rel,
    read: null,
    // The workspace's own view: its typed-in DR is the sender DR it decides with, never another agency's.
    account: m.accountId ? (rel ? await getAccountForWorkspace(tx, m.accountId, rel.organizationId) : await getAccount(tx, m.accountId)) : null,
    contact: m.contactId ? await getContact(tx, m.contactId) : null,
    history: (rel && (await historyTotalsOf(tx, [{ id: rel.id, workspaceId: rel.organizationId }])).get(rel.id)) || NO_HISTORY,
    policy: rel ? await getGatePolicy(tx, rel.organizationId) : null,
  };
}

export function classifyStep(deps: {
  db: Db;
  enqueue: EnqueueInTx;
  model: ModelClassifier | null;
  now: () => Date;
  metrics?: Metrics;
  /** The message's story line, written once the classification committed. */
  story?: StoryLog;
  /** The rules off the event loop (adapters/rules-thread.ts); in-line when absent. */
  rules?: RulesClassifier;
}): StepHandler<ClassifyJob, Prepared | null, Map<string, InboundRow>, Loaded> {
  return {
    // the batch's messages in one query
    preload: (jobs) => getInbounds(deps.db, jobs.map((j) => j.data.inboundId)),
    // reads and decides only (a model call, when configured, is the slow part): a batch's run side by side
    prepareConcurrency: 4,
    async prepare(job, _meta, batch) {
      const m = batch?.get(job.inboundId) ?? (await getInbound(deps.db, job.inboundId));
      if (!m) throw new AppError('PERMANENT', `inbound message ${job.inboundId} not found`);
      if (m.status !== 'RECEIVED') return null;
      const email = toParsedEmail(m);
      const ourAddresses = (m.toAddresses ?? []).map((a) => a.address);
      const input = { email, ourAddresses, now: deps.now() };
      const rules = deps.rules ? await deps.rules(input) : classifyWithRules(input);
      const classification = deps.model ? await deps.model.classify({ email, rules }) : rules;
      return { classification, accountId: m.accountId };
    },
    lockKey: (_job, prepared) => prepared?.accountId ?? null,
    load: (tx, items) => loadPart(tx, items.flatMap((i) => (i.prepared ? [i.data.inboundId] : []))),
    async apply(tx, job, prepared, _meta, loaded) {
      if (!prepared) return;
      const { classification } = prepared;
      let m: InboundHead | undefined;
      if (loaded) {
        m = loaded.messages.get(job.inboundId);
        // a second job of the same message in this part finds it classified, as a fresh read would
        loaded.messages.delete(job.inboundId);
      } else {
        const { rows } = await tx.query<{ status: string }>('select status from inbound_messages where id = $1 for update', [job.inboundId]);
        if (rows[0]?.status === 'RECEIVED') m = (await getInbound(tx, job.inboundId)) ?? undefined;
      }
      if (m?.status !== 'RECEIVED') return;
      const { rel, account, contact, history, policy, read } = await partnerOf(tx, m, loaded);
      const stored = policy as { minConfidence?: unknown } | null;
      const minConfidence = typeof stored?.minConfidence === 'number' ? stored.minConfidence : undefined;
      const planned = planClassifyEffects(classification, { contactEmail: contact?.email ?? null, now: deps.now(), accountDomain: account?.domain ?? null, ...(minConfidence === undefined ? {} : { minConfidence }) });
      const final: Classification = {
        ...classification,
        senderDomainRating: account?.domainRating ?? null,
        history: rel ? summaryOf(history, rel) : null,
        ...(planned.confirm.length ? { pendingEffects: planned.confirm } : {}),
      };
      const at = deps.now().toISOString();
      const effects = planned.apply;
      // only an effect writes what a later message of the part reads (MESSAGE_CLASSIFIED alone is in no summary)
      if (effects.length) for (const id of [m.accountId, m.relationshipId]) if (id) loaded?.written.add(id);
      if (loaded?.classified) loaded.classified.push({ id: m.id, classification: final });
      else await setClassified(tx, [{ id: m.id, classification: final }]);
      if (rel && account) {
        const known = { evidence: loaded?.evidence.get(m.id), contact };
        const dnc = effects.find((e) => e.kind === 'do-not-contact');
        // before this message's effects: the stored prices, and the shared status unless its do-not-contact changes it first
        const before = read && { prices: { shared: read.shared, workspace: read.own }, ...(dnc ? {} : { accountStatus: read.shared.systemContactStatus }) };
        // a record (one insert for the batch), unless it carries a do-not-contact the CRM applies now
        await recordEvent(tx, {
          relationshipId: rel.id,
          contactId: contact?.id ?? null,
          type: 'MESSAGE_CLASSIFIED',
          occurredAt: at,
          idempotencyKey: `${m.id}:classified`,
          metadata: {
            inboundId: m.id,
            intent: final.intent,
            confidence: final.confidence,
            intents: final.intents,
            facts: final.facts,
            model: final.model,
            ...(final.rules ? { rules: final.rules } : {}),
            ...(final.agreement ? { agreement: final.agreement } : {}),
            effects: effects.map((e) => e.kind),
            ...(planned.confirm.length ? { pendingEffects: planned.confirm.map((p) => p.question) } : {}),
            ...(dnc ? { doNotContact: true, reason: dnc.kind === 'do-not-contact' ? dnc.reason : undefined } : {}),
          },
        }, known);
        for (const e of effects) {
          await applyEffect(tx, e, { inboundId: m.id, relationshipId: rel.id, accountId: account.id, contactId: contact?.id ?? null, at, workspaceId: m.workspaceId, ...known, ...before });
        }
      }
      await deps.enqueue(tx, QUEUES.gates, [{ inboundId: m.id, ...(job.history ? { history: true } : {}) }]);
      deps.metrics?.modelTokens.inc({ direction: 'input' }, final.model?.inputTokens ?? 0);
      deps.metrics?.modelTokens.inc({ direction: 'output' }, final.model?.outputTokens ?? 0);
      if (final.model?.latencyMs !== undefined) deps.metrics?.modelSeconds.observe({ outcome: final.model.available ? 'ok' : 'unavailable' }, final.model.latencyMs / 1000);
      const story = deps.story;
      return story && (() => story('classified', {
        inboundId: m.id, workspaceId: m.workspaceId, relationshipId: rel?.id ?? null, intent: final.intent, confidence: final.confidence,
        by: final.model ? 'model' : 'rules', effects: effects.map((e) => e.kind),
      }));
    },
  };
}
