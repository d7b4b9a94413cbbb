/** Pure: the stored approval context → the view the Slack message, the email and the page render. */
import type { HistorySummary, Intent, Offer } from '../../classify/types.ts';
import type { SlackApprovalView } from './slack-message.ts';
import type { ApprovalContext } from './db/approval-context.ts';
import { priceHistoryLine } from '../../intel/prices/price-summary.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ClassificationSummary {
  intent: Intent;
  confidence: number;
  offers: Offer[];
  history: HistorySummary | null;
}

/** Reads the stored classification without trusting its shape; anything unreadable becomes "OTHER, 0". */
export function readClassification(v: unknown): ClassificationSummary {
  if (!isRecord(v)) return { intent: 'OTHER', confidence: 0, offers: [], history: null };
  const facts = isRecord(v['facts']) ? v['facts'] : {};
  const offers = Array.isArray(facts['offers']) ? (facts['offers'] as unknown[]).filter(isRecord) as unknown as Offer[] : [];
  return {
    intent: typeof v['intent'] === 'string' ? (v['intent'] as Intent) : 'OTHER',
    confidence: typeof v['confidence'] === 'number' ? v['confidence'] : 0,
    offers,
    history: isRecord(v['history']) ? (v['history'] as unknown as HistorySummary) : null,
  };
}

export function toSlackView(ctx: ApprovalContext): SlackApprovalView {
  const a = ctx.approval;
  if (ctx.outreach || !ctx.inbound) {
    // A first outreach email: no message of theirs, no classification; the partner is the recipient.
    return {
      kind: 'outreach',
      approvalId: a.id,
      partnerDomain: ctx.account.domain,
      domainRating: ctx.account.domainRating,
      from: ctx.outreach?.to ?? 'unknown recipient',
      subject: ctx.outreach?.subject ?? a.draft?.subject ?? '',
      inboundText: null,
      history: null,
      classification: { intent: 'OTHER', confidence: 0, offers: [] },
      priceHistory: priceHistoryLine(ctx.prices ?? []),
      gates: a.gates.map((g) => ({ gate: g.gate, passed: false, reason: g.reason })),
      draft: a.draft ? { subject: a.draft.subject, text: a.draft.text } : null,
      expiresAt: a.expiresAt,
    };
  }
  const c = readClassification(ctx.inbound.classification);
  const from = ctx.inbound.fromName ? `${ctx.inbound.fromName} <${ctx.inbound.fromAddress ?? ''}>` : (ctx.inbound.fromAddress ?? 'unknown sender');
  return {
    approvalId: a.id,
    partnerDomain: ctx.account.domain,
    domainRating: ctx.account.domainRating,
    from,
    subject: ctx.inbound.subject ?? '',
    inboundText: ctx.inbound.text,
    history: c.history,
    classification: { intent: c.intent, confidence: c.confidence, offers: c.offers },
    priceHistory: priceHistoryLine(ctx.prices ?? []),
    gates: a.gates.map((g) => ({ gate: g.gate, passed: false, reason: g.reason })),
    draft: a.draft ? { subject: a.draft.subject, text: a.draft.text } : null,
    expiresAt: a.expiresAt,
    unknownSender: ctx.unknownSender ? { address: ctx.unknownSender, attach: `POST /v1/link-building/inbound/${a.inboundId ?? ''}/attach` } : null,
  };
}
