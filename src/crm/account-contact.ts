/**
 * Account-level contact facts are shared by every agency. They follow from EMAIL_SENT events across
 * all workspaces (who contacted first and last, how often) and from what replies revealed
 * (systemContactStatus). Pure: the SQL layer feeds it rows and stores what it returns.
 */
import type { SystemContactStatus } from './types.ts';

export interface AccountSend {
  id: string;
  workspaceId: string;
  occurredAt: string;
}

export interface AccountContactFacts {
  firstContactedAt: string | null;
  firstContactedByOrgId: string | null;
  lastContactedAt: string | null;
  lastContactedByOrgId: string | null;
  contactAttemptCount: number;
}

export function deriveAccountContact(sends: readonly AccountSend[]): AccountContactFacts {
  const sorted = [...sends].sort((a, b) => {
    const ta = new Date(a.occurredAt).getTime();
    const tb = new Date(b.occurredAt).getTime();
    return ta !== tb ? ta - tb : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  return {
    firstContactedAt: first ? new Date(first.occurredAt).toISOString() : null,
    firstContactedByOrgId: first?.workspaceId ?? null,
    lastContactedAt: last ? new Date(last.occurredAt).toISOString() : null,
    lastContactedByOrgId: last?.workspaceId ?? null,
    contactAttemptCount: sorted.length,
  };
}

/** What a signal does to the platform-wide contact status. DO_NOT_CONTACT is sticky. */
export type ContactSignal = 'SENT' | 'HUMAN_REPLY' | 'RATE_AGREED' | 'HARD_BOUNCE' | 'DO_NOT_CONTACT';

const RANK: Record<SystemContactStatus, number> = {
  NEVER_CONTACTED: 0,
  CONTACTED: 1,
  BOUNCED: 2,
  RESPONSIVE: 3,
  RATE_ESTABLISHED: 4,
  DO_NOT_CONTACT: 5,
};

export function nextSystemContactStatus(current: SystemContactStatus, signal: ContactSignal): SystemContactStatus {
  if (current === 'DO_NOT_CONTACT') return current;
  const target: SystemContactStatus =
    signal === 'SENT'
      ? 'CONTACTED'
      : signal === 'HUMAN_REPLY'
        ? 'RESPONSIVE'
        : signal === 'RATE_AGREED'
          ? 'RATE_ESTABLISHED'
          : signal === 'HARD_BOUNCE'
            ? 'BOUNCED'
            : 'DO_NOT_CONTACT';
  // A reply after a bounce proves the domain reachable again; otherwise status only moves forward.
  if (current === 'BOUNCED' && (signal === 'HUMAN_REPLY' || signal === 'RATE_AGREED')) return target;
  return RANK[target] > RANK[current] ? target : current;
}

/** The platform-wide signal an event carries, if any. */
export function contactSignalOf(type: string, metadata: Record<string, unknown> | null | undefined): ContactSignal | null {
  if (metadata?.['doNotContact'] === true) return 'DO_NOT_CONTACT';
  switch (type) {
    case 'EMAIL_SENT':
      return 'SENT';
    case 'EMAIL_RECEIVED':
      return 'HUMAN_REPLY';
    case 'RATE_NEGOTIATED':
      return 'RATE_AGREED';
    case 'BOUNCED':
      return metadata?.['kind'] === 'hard' ? 'HARD_BOUNCE' : null;
    default:
      return null;
  }
}
