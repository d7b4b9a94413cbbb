/**
 * The gates step's input and output. `Decision` is stored on the inbound message and is, with each
 * gate's `inputs`, the payload of the GATES_EVALUATED event (SPEC section 4, "Shapes clients read").
 */
import type { Classification, InjectionSign, RedFlag } from '../classify/types.ts';
import type { Account, Contact, Relationship } from '../crm/types.ts';
import type { GatePolicy } from './policy.ts';

export type MessageSource = 'IMAP' | 'INSTANTLY';

export interface GateAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

/** The inbound message, reduced to what the gates read. */
export interface GateMessage {
  id: string;
  source: MessageSource;
  from: { address: string; name: string | null };
  subject: string;
  text: string;
  attachments: GateAttachment[];
  /** ISO 8601. */
  receivedAt: string;
}

/** Counts the handler reads from the database before calling the engine. */
export interface GateHistory {
  /** AUTO_REPLY sends already made in this thread (same relationship and thread). */
  autoRepliesInThread: number;
  /** AUTO_REPLY sends made by this workspace in the 24 hours before `now`. */
  autoRepliesToday: number;
  /** Another workspace has a relationship with this account that is ACTIVELY_ENGAGED (or queued/contacted recently). */
  otherWorkspaceActive: boolean;
  /** Optional detail shown to the approver: the other workspaces' ids. */
  otherWorkspaceIds?: string[];
}

/**
 * Whether this reply can be sent at all, known before anything is decided: Instantly needs its API key
 * (and the email's id and sending account); a mailbox reply needs its connected mailbox (SMTP) and the
 * key that decrypts its password. Read by the handler from configuration and the mailbox row.
 */
export interface SendChannel {
  channel: 'SMTP' | 'INSTANTLY';
  available: boolean;
  /** Why it cannot send (null when it can): what an operator must fix. */
  problem: string | null;
}

export interface GateInput {
  message: GateMessage;
  classification: Classification;
  account: Account;
  relationship: Relationship;
  /** The matched contact, when there is one; a hard-bounced address escalates. */
  contact?: Contact | null;
  history: GateHistory;
  /** How the reply would be sent, and whether that channel is configured. */
  sendChannel: SendChannel;
  policy: GatePolicy;
  now: Date;
  /**
   * What `red-flags` and `prompt-injection` detect again on `message` (src/gates/detect/recheck.ts),
   * computed beforehand off the event loop (the rules thread); when absent the gates compute it in-line.
   */
  detected?: GateDetections;
}

/** The detectors the gates run again on the stored text, for `subject` and `text` of `GateInput.message`. */
export interface GateDetections {
  redFlags: RedFlag[];
  injectionSigns: InjectionSign[];
}

export const GATE_NAMES = [
  'no-reply-intent',
  'confirm-effects',
  'do-not-contact',
  'cooling-off',
  'send-channel-available',
  'model-unavailable',
  'prompt-injection',
  'red-flags',
  'sensitive-content',
  'intent-allowed',
  'min-confidence',
  'price-ceiling',
  'min-domain-rating',
  'other-workspace-active-relationship',
  'max-auto-replies-per-thread',
  'max-auto-replies-per-day',
  'model-agreement',
] as const;
export type GateName = (typeof GATE_NAMES)[number];

export const DRAFT_CHECK_NAMES = [
  'draft-links-known',
  'draft-price-within-ceiling',
  'draft-no-placeholders',
  'draft-length',
  'draft-language',
  'draft-answers-questions',
] as const;
export type DraftCheckName = (typeof DRAFT_CHECK_NAMES)[number];

export interface GateResult {
  gate: string;
  passed: boolean;
  /** Human-readable; shown to the approver. Says why it passed or tripped. */
  reason: string;
  /** The values the gate looked at, for the GATES_EVALUATED event (auditors replay from these). */
  inputs?: Record<string, unknown>;
}

export type Gate = (input: GateInput) => GateResult;

export const DECISION_ACTIONS = ['NO_REPLY', 'AUTO_REPLY', 'WAITING_APPROVAL'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface Decision {
  action: DecisionAction;
  gates: GateResult[];
  /** The engine never invents ids; the handler sets this when it creates the approval. */
  approvalId: string | null;
}
