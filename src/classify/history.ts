/** The history summary a classification carries (SPEC section 4), folded from the event log. Pure. */
import type { CrmEvent } from '../crm/types.ts';
import type { HistorySummary, Offer } from './types.ts';

export function summarizeHistory(events: readonly Pick<CrmEvent, 'type' | 'metadata' | 'occurredAt'>[], rel: { contactedByOtherOrg: boolean; status: string }): HistorySummary {
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
    pricesSeen: prices,
    contactedByOtherOrg: rel.contactedByOtherOrg,
    lastContactedAt: last,
  };
}
