/**
 * Pure readers of the JSON the earlier steps stored on the inbound message (draft, decision), and the
 * wording of "already decided" answers shared by every channel.
 */
import type { Approval, ApprovalDraft, DecidedBy, TrippedGate } from './types.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readDraft(v: unknown): ApprovalDraft | null {
  if (!isRecord(v) || typeof v['text'] !== 'string') return null;
  return {
    subject: typeof v['subject'] === 'string' ? v['subject'] : '',
    text: v['text'],
    html: typeof v['html'] === 'string' ? v['html'] : null,
  };
}

/** The tripped gates of a stored decision (`{action, gates: [{gate, passed, reason}]}`). */
export function readTrippedGates(decision: unknown): TrippedGate[] {
  if (!isRecord(decision) || !Array.isArray(decision['gates'])) return [];
  return decision['gates']
    .filter((g): g is Record<string, unknown> => isRecord(g) && g['passed'] === false && typeof g['gate'] === 'string')
    .map((g) => ({ gate: g['gate'] as string, reason: typeof g['reason'] === 'string' ? g['reason'] : '' }));
}

export const CHANNEL_LABEL: Record<DecidedBy['channel'], string> = {
  slack: 'Slack',
  email: 'the emailed link',
  api: 'the API',
  console: 'the console',
  system: 'the system',
};

export function describeDecider(by: DecidedBy | null): string {
  if (!by) return 'someone';
  if (by.channel === 'slack') return `Slack user ${by.actor}`;
  return by.actor;
}

/** "already approved by ana@agency.example via the emailed link at 2025-…" */
export function alreadyDecidedMessage(a: Pick<Approval, 'status' | 'decidedBy' | 'decidedAt'>): string {
  if (a.status === 'EXPIRED') return `this approval expired at ${a.decidedAt ?? 'its expiry time'}; nothing was sent`;
  const verb = a.status === 'APPROVED' ? 'approved' : 'rejected';
  const by = a.decidedBy;
  return `already ${verb} by ${describeDecider(by)}${by ? ` via ${CHANNEL_LABEL[by.channel]}` : ''} at ${a.decidedAt ?? 'an unknown time'}`;
}
