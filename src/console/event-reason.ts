/**
 * Pure: one line saying why an event happened or what it decided, from its stored metadata (which is
 * read without trusting its shape: events come from many steps and versions).
 */
import type { CrmEvent } from '../crm/types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function offersText(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const parts = v.filter(isRecord).map((o) => `${String(o['type'] ?? 'offer')} ${String(o['amount'] ?? '?')}${o['maxAmount'] !== undefined ? `–${String(o['maxAmount'])}` : ''} ${String(o['currency'] ?? '')}`.trim());
  return parts.length ? parts.join(', ') : null;
}

function trippedGates(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const tripped = v.filter(isRecord).filter((g) => g['passed'] === false).map((g) => `${String(g['gate'] ?? '?')}: ${String(g['reason'] ?? '')}`);
  return tripped.length ? tripped.join('; ') : null;
}

function decider(v: unknown): string | null {
  if (!isRecord(v)) return null;
  return `${String(v['actor'] ?? 'someone')} (${String(v['channel'] ?? '?')})`;
}

export function eventReason(e: Pick<CrmEvent, 'type' | 'metadata' | 'content'>): string {
  const m = isRecord(e.metadata) ? e.metadata : {};
  switch (e.type) {
    case 'MESSAGE_CLASSIFIED': {
      const conf = typeof m['confidence'] === 'number' ? ` (${Math.round(m['confidence'] * 100)}%)` : '';
      const offers = isRecord(m['facts']) ? offersText(m['facts']['offers']) : null;
      return `${str(m['intent']) ?? 'unknown intent'}${conf}${offers ? `; offers: ${offers}` : ''}`;
    }
    case 'GATES_EVALUATED': {
      const tripped = trippedGates(m['gates']);
      return `${str(m['action']) ?? 'decided'}${tripped ? ` — ${tripped}` : ' — every gate passed'}`;
    }
    case 'APPROVAL_REQUESTED':
      return trippedGates(((m['gates'] as unknown[] | undefined) ?? []).map((g) => (isRecord(g) ? { ...g, passed: false } : g))) ?? 'manual review';
    case 'APPROVAL_GRANTED':
      return `by ${decider(m['decidedBy']) ?? 'someone'}${m['edited'] === true ? ', edited' : ''}`;
    case 'APPROVAL_DENIED':
      if (m['expired'] === true) return 'expired: nobody decided in time';
      return `by ${decider(m['decidedBy']) ?? 'someone'}${str(m['reason']) ? `: ${str(m['reason'])}` : ''}${m['redraft'] === true ? ' (draft again)' : ''}`;
    case 'STATUS_CHANGED':
      return `${str(m['from']) ?? '?'} → ${str(m['to']) ?? '?'}${str(m['by']) ? ` by ${str(m['by'])}` : ''}${str(m['reason']) ? `: ${str(m['reason'])}` : ''}`;
    case 'RATE_NEGOTIATED':
      return offersText(m['offers']) ?? 'rate discussed';
    case 'REPLY_DRAFTED':
      return `drafted by ${str(m['by']) ?? 'the drafter'}${str(m['guidance']) ? ` with guidance: ${str(m['guidance'])}` : ''}`;
    case 'EMAIL_SENT':
      return `${m['auto'] === true ? 'automatic reply' : 'sent'}${str(m['channel']) ? ` via ${str(m['channel'])}` : ''}`;
    case 'NOTE_ADDED':
      if (m['sendFailed'] === true) return `send failed${str(m['error']) ? `: ${str(m['error'])}` : ''}`;
      return str(m['reason']) ?? '';
    default:
      return str(m['reason']) ?? '';
  }
}
