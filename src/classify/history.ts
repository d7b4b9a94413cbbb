/** The history summary a classification carries (SPEC section 4), folded from the event log. Pure. */
import type { CrmEvent } from '../crm/types.ts';
import type { HistoryTotals } from '../crm/db/history.ts';
import type { HistorySummary, Offer } from './types.ts';

type Partner = { contactedByOtherOrg: boolean; status: string };

/**
 * Each price once, where it was first quoted: an approver reads "prices seen" to judge an offer, and
 * a partner restating the same rate forty times is one price (it also keeps a busy partner's
 * classification from growing with every reply).
 */
export function distinctOffers(offers: readonly Offer[]): Offer[] {
  const seen = new Set<string>();
  return offers.filter((o) => {
    const key = `${o.type}\u0000${o.amount}\u0000${o.maxAmount ?? ''}\u0000${o.currency}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The definition: the summary of a relationship's events, in their order (occurred_at, id). */
export function summarizeHistory(events: readonly Pick<CrmEvent, 'type' | 'metadata' | 'occurredAt'>[], rel: Partner): HistorySummary {
  const statuses: string[] = [];
  const prices: Offer[] = [];
  let sent = 0;
  let received = 0;
  let autoSent = 0;
  let last: string | null = null;
  for (const e of events) {
    if (e.type === 'EMAIL_SENT') {
      sent++;
      if (e.metadata?.['auto'] === true) autoSent++;
      if (!last || e.occurredAt > last) last = e.occurredAt;
    } else if (e.type === 'EMAIL_RECEIVED') {
      received++;
    } else if (e.type === 'STATUS_CHANGED' && typeof e.metadata?.['to'] === 'string') {
      statuses.push(e.metadata['to']);
    } else if (e.type === 'RATE_NEGOTIATED' && Array.isArray(e.metadata?.['offers'])) {
      prices.push(...(e.metadata['offers'] as Offer[]));
    }
  }
  return {
    messagesSent: sent,
    messagesReceived: received,
    autoRepliesSent: autoSent,
    priorStatuses: [...new Set([...statuses, rel.status])],
    pricesSeen: distinctOffers(prices),
    contactedByOtherOrg: rel.contactedByOtherOrg,
    lastContactedAt: last,
  };
}

/**
 * The same summary from the totals the database folds (`historyTotalsOf`, src/crm/db/history.ts)
 * over all of the relationship's events: what the classify step carries (test/crm/history-totals.test.ts
 * holds it equal to `summarizeHistory` over the same events).
 */
export const summaryOf = (t: HistoryTotals, rel: Partner): HistorySummary => ({
  messagesSent: t.sent,
  messagesReceived: t.received,
  autoRepliesSent: t.autoSent,
  priorStatuses: [...new Set([...t.statuses, rel.status])],
  pricesSeen: distinctOffers(t.offers.flat() as Offer[]),
  contactedByOtherOrg: rel.contactedByOtherOrg,
  lastContactedAt: t.lastSentAt,
});
