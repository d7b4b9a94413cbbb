/**
 * The gates step: in one transaction, read the classified message and its partner, run the gates,
 * draft a reply unless no reply is due, run the draft checks, append GATES_EVALUATED (every gate's
 * inputs and result) and REPLY_DRAFTED, and hand over: NO_REPLY ends here, AUTO_REPLY enqueues the
 * send, WAITING_APPROVAL asks a human. A retry finds the message already decided and does nothing.
 */
import type { Queryable } from '../db/types.ts';
import { appendEvent } from '../crm/append-event.ts';
import { getAccount } from '../crm/db/accounts.ts';
import { getContact } from '../crm/db/contacts.ts';
import { getRelationship, publicRelationship } from '../crm/db/relationships.ts';
import { getGatePolicy, getWorkspace } from '../crm/db/tenants.ts';
import { getInbound } from '../ingest/db/inbound.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import type { Classification } from '../classify/types.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { StepHandler } from '../jobs/run-step.ts';
import type { Metrics } from '../metrics.ts';
import { draftReply, type Draft } from '../respond/draft/templates.ts';
import { checkDraft } from './draft-checks/check-draft.ts';
import { applyDraftChecks, evaluateGates, publicDecision } from './engine.ts';
import { DEFAULT_POLICY, parseGatePolicy } from './policy.ts';
import { readGateHistory } from './db/gate-history.ts';
import type { Decision, GateResult } from './types.ts';

type GateResultLike = Pick<GateResult, 'gate' | 'passed' | 'reason'>;

export interface GatesJob {
  inboundId: string;
  /** Imported history (backfill): never answered. */
  history?: boolean;
}

/** What happens when a human must decide; the approvals module provides it. */
export type RequestApproval = (tx: Queryable, inboundId: string) => Promise<string | null>;

function senderNameOf(to: ReadonlyArray<{ address: string; name: string }>, fallback: string): string {
  const name = to[0]?.name?.trim();
  return name || fallback;
}

export function gatesStep(deps: { enqueue: EnqueueInTx; requestApproval: RequestApproval; now: () => Date; metrics?: Metrics }): StepHandler<GatesJob> {
  return {
    async apply(tx, job) {
      const { rows } = await tx.query<{ status: string }>('select status from inbound_messages where id = $1 for update', [job.inboundId]);
      if (rows[0]?.status !== 'CLASSIFIED') return;
      const m = (await getInbound(tx, job.inboundId))!;
      const classification = m.classification as Classification;
      const rel = m.relationshipId ? await getRelationship(tx, m.relationshipId) : null;
      const account = m.accountId ? await getAccount(tx, m.accountId) : null;
      const unanswerable: GateResultLike | null = job.history
        ? { gate: 'imported-history', passed: false, reason: 'imported by a backfill: history is recorded, never answered' }
        : !rel || !account
          ? { gate: 'matched-partner', passed: false, reason: 'the sender matches no partner in the CRM' }
          : null;
      if (unanswerable || !rel || !account) {
        const decision: Decision = { action: 'NO_REPLY', gates: [unanswerable ?? { gate: 'matched-partner', passed: false, reason: 'no partner' }], approvalId: null };
        await tx.query(`update inbound_messages set decision = $2, status = 'NO_REPLY', updated_at = now() where id = $1`, [m.id, JSON.stringify(decision)]);
        deps.metrics?.decisions.inc({ action: 'NO_REPLY' });
        return;
      }
      const contact = m.contactId ? await getContact(tx, m.contactId) : null;
      const workspace = await getWorkspace(tx, rel.organizationId);
      const stored = parseGatePolicy((await getGatePolicy(tx, rel.organizationId)) ?? {});
      const policy = stored.ok ? stored.policy : DEFAULT_POLICY;
      const now = deps.now();
      const history = await readGateHistory(tx, rel, now);
      const input = {
        message: {
          id: m.id,
          source: m.source,
          from: { address: m.fromAddress ?? '', name: m.fromName },
          subject: m.subject ?? '',
          text: m.text ?? '',
          attachments: m.attachments ?? [],
          receivedAt: m.receivedAt,
        },
        classification,
        account,
        relationship: publicRelationship(rel),
        contact,
        history,
        policy,
        now,
      };
      let decision = evaluateGates(input);
      let draft: Draft | null = null;
      if (decision.action !== 'NO_REPLY') {
        draft = draftReply({
          intent: classification.intent,
          subject: m.subject ?? '',
          contactFirstName: contact?.firstName ?? null,
          fromName: m.fromName,
          senderName: senderNameOf(m.toAddresses ?? [], workspace?.name ?? 'The team'),
          relationship: rel,
          offers: classification.facts.offers,
          policy,
        });
        const checks = checkDraft(draft, {
          threadTexts: [m.text ?? ''],
          threadAddresses: [m.fromAddress ?? '', ...(m.toAddresses ?? []).map((a) => a.address), ...(m.ccAddresses ?? []).map((a) => a.address)],
          relationship: rel,
          offerTypes: classification.facts.offers.map((o) => o.type),
        }, policy);
        decision = applyDraftChecks(decision, checks);
      }
      const at = now.toISOString();
      await appendEvent(tx, {
        relationshipId: rel.id, contactId: contact?.id ?? null, type: 'GATES_EVALUATED', occurredAt: at, idempotencyKey: `${m.id}:gates`,
        metadata: { inboundId: m.id, action: decision.action, gates: decision.gates, policy },
      });
      if (draft) {
        await appendEvent(tx, {
          relationshipId: rel.id, contactId: contact?.id ?? null, type: 'REPLY_DRAFTED', occurredAt: at, idempotencyKey: `${m.id}:drafted`,
          subject: draft.subject, content: draft.text, metadata: { inboundId: m.id, by: 'template', html: draft.html },
        });
      }
      const pub = publicDecision(decision);
      const status = decision.action === 'NO_REPLY' ? 'NO_REPLY' : decision.action === 'WAITING_APPROVAL' ? 'WAITING_APPROVAL' : 'CLASSIFIED';
      await tx.query('update inbound_messages set decision = $2, draft = $3, status = $4, updated_at = now() where id = $1', [
        m.id, JSON.stringify(pub), draft ? JSON.stringify(draft) : null, status,
      ]);
      if (decision.action === 'AUTO_REPLY') await deps.enqueue(tx, QUEUES.respond, [{ inboundId: m.id, approvalId: null }]);
      if (decision.action === 'WAITING_APPROVAL') {
        const approvalId = await deps.requestApproval(tx, m.id);
        if (approvalId) await tx.query(`update inbound_messages set decision = jsonb_set(decision, '{approvalId}', to_jsonb($2::text)) where id = $1`, [m.id, approvalId]);
      }
      deps.metrics?.decisions.inc({ action: decision.action });
      for (const g of decision.gates) if (!g.passed) deps.metrics?.gateTrips.inc({ gate: g.gate });
    },
  };
}
