/**
 * Who may change a shared fact, and how far (SPEC section 2, "Who may change shared facts").
 *
 * Accounts and contacts are shared by every agency, so a fact about them — do-not-contact, a
 * cooling-off date, prices, an address proved invalid, the best contact — changes the shared row only
 * when the asserting workspace has evidence: a thread it really has with the partner (our own send to
 * that address on that account, or a reply in a thread we started). Without evidence the fact binds
 * the asserting workspace only and is flagged for an admin's review. Clearing DNC is an admin action
 * with a reason; no tenant can lift it. Cooling-off is capped at 90 days from now.
 *
 * This is the one rule; every path that changes shared state asks it (the CRM API, Instantly webhook
 * effects, the classifier's effects, appendEvent's status signals). Pure: evidence and time are passed in.
 */
export const COOLING_OFF_CAP_DAYS = 90;

export const FACT_KINDS = ['DO_NOT_CONTACT', 'COOLING_OFF', 'PRICES', 'ADDRESS_INVALID', 'BEST_CONTACT', 'CLEAR_DO_NOT_CONTACT', 'METRICS'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export type SharedFact =
  | { kind: 'DO_NOT_CONTACT'; reason: string | null }
  | { kind: 'COOLING_OFF'; until: string }
  | { kind: 'PRICES'; priceLinkInsertion?: number | undefined; priceGuestPost?: number | undefined; priceCurrency?: string | undefined }
  | { kind: 'ADDRESS_INVALID'; email: string }
  | { kind: 'BEST_CONTACT'; contactId: string }
  | { kind: 'CLEAR_DO_NOT_CONTACT'; reason: string }
  | { kind: 'METRICS'; metrics: AccountMetrics };

/** Measured figures of a partner domain (Ahrefs-style). */
export interface AccountMetrics {
  domainRating?: number | null | undefined;
  organicTraffic?: number | null | undefined;
  organicKeywords?: number | null | undefined;
  referringDomains?: number | null | undefined;
  backlinks?: number | null | undefined;
}

/** The strongest evidence the asserting workspace has for the address the fact is about. */
export const EVIDENCE_KINDS = ['OUR_SEND', 'REPLY_IN_OUR_THREAD', 'NONE', 'ADMIN'] as const;
export type Evidence = (typeof EVIDENCE_KINDS)[number];

export const ASSERTION_SOURCES = ['API', 'CLASSIFIER', 'INSTANTLY', 'ADMIN'] as const;
export type AssertionSource = (typeof ASSERTION_SOURCES)[number];

export interface AssertionInput {
  fact: SharedFact;
  /** A workspace (a tenant) or a platform admin. */
  actor: 'WORKSPACE' | 'ADMIN';
  source: AssertionSource;
  /** What the workspace's own threads prove (ignored for an admin). */
  evidence: Evidence;
  now: Date;
}

export type AssertionDecision =
  | { scope: 'SHARED'; fact: SharedFact; flagged: false; why: string }
  | { scope: 'WORKSPACE'; fact: SharedFact; flagged: boolean; why: string }
  | { scope: 'REFUSED'; why: string; field: string };

const DAY_MS = 86_400_000;

/** A cooling-off date pulled into [now, now + 90 days]; null when it is not in the future. */
export function capCoolingOff(until: string, now: Date): string | null {
  const t = new Date(until).getTime();
  if (Number.isNaN(t) || t <= now.getTime()) return null;
  return new Date(Math.min(t, now.getTime() + COOLING_OFF_CAP_DAYS * DAY_MS)).toISOString();
}

function hasThread(e: Evidence): boolean {
  return e === 'OUR_SEND' || e === 'REPLY_IN_OUR_THREAD';
}

export function decideAssertion(input: AssertionInput): AssertionDecision {
  const { actor, now } = input;
  let fact = input.fact;
  if (fact.kind === 'CLEAR_DO_NOT_CONTACT') {
    if (actor !== 'ADMIN') return { scope: 'REFUSED', why: 'DO_NOT_CONTACT is sticky: only a platform admin can clear it, with a reason', field: 'systemContactStatus' };
    if (!fact.reason.trim()) return { scope: 'REFUSED', why: 'clearing DO_NOT_CONTACT needs a reason', field: 'reason' };
    return { scope: 'SHARED', fact, flagged: false, why: 'an admin cleared it, with a reason' };
  }
  if (fact.kind === 'COOLING_OFF') {
    const until = capCoolingOff(fact.until, now);
    if (!until) return { scope: 'REFUSED', why: 'a cooling-off date must be in the future', field: 'coolingOffUntil' };
    fact = { kind: 'COOLING_OFF', until };
  }
  if (fact.kind === 'PRICES' && fact.priceLinkInsertion === undefined && fact.priceGuestPost === undefined) {
    return { scope: 'REFUSED', why: 'no price given', field: 'priceLinkInsertion' };
  }
  if (actor === 'ADMIN') return { scope: 'SHARED', fact, flagged: false, why: 'asserted by a platform admin' };
  // No thread proves a DR: a tenant's own figures bind its workspace, always, with nothing to review.
  if (fact.kind === 'METRICS') return { scope: 'WORKSPACE', fact, flagged: false, why: "metrics typed in by a workspace bind that workspace only; the shared figures come from the provider refresh" };
  if (hasThread(input.evidence)) {
    const what = input.evidence === 'OUR_SEND' ? 'the workspace emailed this address' : 'the message is a reply in a thread the workspace started';
    return { scope: 'SHARED', fact, flagged: false, why: `evidence: ${what}` };
  }
  return { scope: 'WORKSPACE', fact, flagged: true, why: 'no thread of this workspace with the partner backs it: it binds this workspace only' };
}

/**
 * Whether a platform-wide contact-status signal carried by an event (a human reply, an agreed rate,
 * a hard bounce) may move the shared status: only with a thread. Sends are their own evidence.
 */
export function statusSignalNeedsEvidence(signal: 'SENT' | 'HUMAN_REPLY' | 'RATE_AGREED' | 'HARD_BOUNCE' | 'DO_NOT_CONTACT'): boolean {
  return signal !== 'SENT';
}

/**
 * What a workspace's threads prove about the partner of one inbound message, read once for a whole
 * batch of messages (src/crm/db/evidence.ts `inboundEvidence`) instead of once per assertion or signal.
 */
export interface InboundEvidence {
  inboundId: string;
  workspaceId: string;
  accountId: string;
  /** The message replies to a message this workspace sent on this account. */
  threaded: boolean;
  /** Its sender, lower-cased; null when the message is not this workspace's. */
  from: string | null;
  /** Every address this workspace's counted sends on the account went to (their `to`, their contact's address), lower-cased. */
  sentTo: ReadonlySet<string>;
}

/**
 * The evidence `threadEvidence` finds for these addresses and the message (without `anyAddressOfAccount`),
 * from what was read for it: its thread, or a send of the workspace to one of the addresses or its sender.
 */
export function evidenceOf(known: InboundEvidence, addresses: readonly string[]): Evidence {
  if (known.threaded) return 'REPLY_IN_OUR_THREAD';
  const wanted = addresses.map((a) => a.toLowerCase());
  if (known.from) wanted.push(known.from);
  return wanted.some((a) => known.sentTo.has(a)) ? 'OUR_SEND' : 'NONE';
}

/** The evidence read for a message, when it was read for this workspace, account and message. */
export function evidenceFor(known: InboundEvidence | undefined, q: { workspaceId: string; accountId: string; inboundId?: string | null | undefined }): InboundEvidence | undefined {
  return known && q.inboundId === known.inboundId && q.workspaceId === known.workspaceId && q.accountId === known.accountId ? known : undefined;
}
