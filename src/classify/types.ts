/**
 * The classify step's output. It is also the payload of the MESSAGE_CLASSIFIED event and the
 * `classification` field clients read on GET /inbound/:id (SPEC section 4). Keep field names stable.
 */
export const INTENTS = [
  'INTERESTED',
  'PRICE_QUOTE',
  'QUESTION',
  'NOT_INTERESTED',
  'UNSUBSCRIBE',
  'OUT_OF_OFFICE',
  'AUTO_REPLY',
  'BOUNCE',
  'COMPLAINT',
  'LINK_PLACED',
  'REFERRAL',
  'OTHER',
] as const;
export type Intent = (typeof INTENTS)[number];

export const OFFER_TYPES = ['LINK_INSERTION', 'GUEST_POST'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

export interface Offer {
  type: OfferType;
  /** Major units (e.g. 1200 for "$1,200"). A range keeps its lower bound here and the upper in `maxAmount`. */
  amount: number;
  maxAmount?: number;
  /** ISO 4217, e.g. USD, EUR, GBP. */
  currency: string;
}

export type BounceKind = 'hard' | 'soft';

export interface BounceFact {
  kind: BounceKind;
  /** RFC 3463 enhanced status, e.g. 5.1.1, when known. */
  status: string | null;
  recipient: string | null;
  /** hard = address-level; soft = transient; policy = 5.7.x / blocked / spam (still `soft` in kind). */
  reason?: 'address' | 'transient' | 'policy' | 'unknown';
  diagnostic?: string | null;
  /** RFC 3464 Action when the notice is not a failure: 'delayed' means still retrying (not a bounce). */
  action?: 'failed' | 'delayed';
}

export interface InjectionSign {
  /** What kind of sign, e.g. "ignore-instructions", "role-text", "fake-system-line". */
  kind: string;
  excerpt: string;
}

export const RED_FLAG_KINDS = ['complaint', 'erasure', 'data-protection', 'address-source', 'stop-contact', 'legal', 'injection'] as const;
export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

/** A reason no machine may answer this reply, found in its text (see rules/red-flags.ts). */
export interface RedFlag {
  kind: RedFlagKind;
  /** `hidden`: in an HTML comment or invisible element, where a reader would not see it. */
  where: 'text' | 'hidden';
  excerpt: string;
}

export interface ClassificationFacts {
  offers: Offer[];
  returnDate: string | null; // ISO date (YYYY-MM-DD)
  linkUrl: string | null;
  referralEmail: string | null;
  bounce: BounceFact | null;
  /** Every failed recipient of a multi-recipient report, most severe first (`bounce` is the first). */
  bounces?: BounceFact[];
  injectionSigns: InjectionSign[];
  /** Sensitive content the gates escalate: legal threats, payment/banking details. */
  sensitive?: string[];
  /** Red flags: any one means a human decides (the `red-flags` gate). */
  redFlags?: RedFlag[];
  /** The language of the new text (ISO 639-1), when it could be told. */
  language?: string | null;
}

export interface IntentScore {
  intent: Intent;
  confidence: number;
}

export interface HistorySummary {
  messagesSent: number;
  messagesReceived: number;
  autoRepliesSent: number;
  priorStatuses: string[];
  pricesSeen: Offer[];
  contactedByOtherOrg: boolean;
  lastContactedAt: string | null;
}

export interface ModelInfo {
  name: string;
  promptVersion: string;
  available: boolean;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number;
}

/** What a classification does to the CRM (SPEC section 4, "Effects on the shared CRM"). */
export type ClassifyEffect =
  | { kind: 'do-not-contact'; reason: 'UNSUBSCRIBE' | 'COMPLAINT' }
  | { kind: 'cooling-off'; until: string }
  | { kind: 'invalidate-address'; email: string; status: string | null }
  | { kind: 'prices'; offers: Offer[] }
  | { kind: 'link-placed'; url: string | null }
  | { kind: 'rejected'; reason?: 'NOT_INTERESTED' | 'UNSUBSCRIBE' | 'COMPLAINT' }
  | { kind: 'referral'; email: string };

/** A state-changing effect held back for a human: the confidence or the evidence was not enough. */
export interface PendingEffect {
  effect: ClassifyEffect;
  /** What the approver is asked, e.g. "confirm: mark as link placed?". */
  question: string;
}

export interface Classification {
  intent: Intent;
  confidence: number;
  intents: IntentScore[];
  facts: ClassificationFacts;
  senderDomainRating: number | null;
  history: HistorySummary | null;
  model: ModelInfo | null;
  /** Effects not applied because they need a human's confirmation (the `confirm-effects` gate). */
  pendingEffects?: PendingEffect[];
}

/*
 * With Claude configured (issue 9, item 6): both labels and how they were combined. Declared here as
 * additive interface merges so the stored shape (SPEC section 4) only gains optional fields; nothing is
 * renamed. Rule-based classification (no model configured) leaves all of them out.
 */

/** One classifier's own label, before the two are combined. */
export interface IntentLabel {
  intent: Intent;
  confidence: number;
}

/** How the rules' label and the model's label were combined (src/classify/llm/agreement.ts). */
export const AGREEMENT_KINDS = ['agree', 'widened', 'do-not-contact', 'disagree', 'model-unavailable'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export interface AgreementRecord {
  kind: AgreementKind;
  /** Whether the agreement rule lets the reply go out alone (every other gate still applies). */
  autoReply: boolean;
  /** For people: e.g. "disagree: INTERESTED vs PRICE_QUOTE → a human". */
  reason: string;
}

export interface ModelInfo {
  /** The model's own label (absent when it gave no usable answer). */
  intent?: Intent;
  confidence?: number;
}

export interface Classification {
  /** The rules' own label, kept apart from the combined one (only when a model is configured). */
  rules?: IntentLabel;
  agreement?: AgreementRecord;
}
