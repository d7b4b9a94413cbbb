/** The approval step's records and results. `Approval` is also the public API shape. */
export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const DECISION_CHANNELS = ['slack', 'email', 'api', 'console', 'system'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

/** Who decided: a Slack user id, an approver's email address, `api:<agency id>`, the console's signed-in person, or `system`. */
export interface DecidedBy {
  channel: DecisionChannel;
  actor: string;
}

export interface ApprovalDraft {
  subject: string;
  text: string;
  html?: string | null;
}

export interface TrippedGate {
  gate: string;
  reason: string;
}

export interface Approval {
  id: string;
  workspaceId: string;
  /** What is waiting: a reply to an inbound message, or a first outreach email. Exactly one is set. */
  inboundId: string | null;
  outreachId: string | null;
  /** Null for a reply from a sender who matches no partner yet ("who is this?"): attach it first. */
  relationshipId: string | null;
  status: ApprovalStatus;
  draft: ApprovalDraft | null;
  gates: TrippedGate[];
  expiresAt: string;
  reminderAt: string;
  remindedAt: string | null;
  decidedAt: string | null;
  decidedBy: DecidedBy | null;
  editedText: string | null;
  rejectReason: string | null;
  createdAt: string;
}

/** Internal columns the API does not return. */
export interface ApprovalRow extends Approval {
  slackChannel: string | null;
  slackTs: string | null;
  notified: Record<string, unknown>;
}

export type DecideAction = 'approve' | 'reject';

export type DecideOutcome =
  | { ok: true; approval: Approval }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'already-decided' | 'expired'; approval: Approval; message: string };

/** Job payload of QUEUES.approvalsNotify. */
export interface NotifyJob {
  approvalId: string;
  kind: 'request' | 'reminder' | 'decided';
}
