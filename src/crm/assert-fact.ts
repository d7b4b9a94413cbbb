/**
 * Applies an assertion of a shared fact, in the caller's transaction: gathers the workspace's evidence,
 * asks the one rule (`decideAssertion`), records who asserted what (admin-visible), and changes either
 * the shared row or only the asserting workspace's own view. Every path that changes shared state
 * comes through here: the CRM API, Instantly webhook effects (via appendEvent), the classifier's effects.
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { nextSystemContactStatus } from './account-contact.ts';
import { getAccount, getAccountForUpdate } from './db/accounts.ts';
import { insertAssertion, type AssertionInsert } from './db/assertions.ts';
import { threadEvidence, workspaceOfInbound } from './db/evidence.ts';
import { getWorkspaceAccountFacts, upsertWorkspaceAccountFacts } from './db/workspace-facts.ts';
import { decideAssertion, evidenceFor, evidenceOf, type AssertionDecision, type AssertionSource, type Evidence, type InboundEvidence, type SharedFact } from './shared-facts.ts';

export interface AssertFactInput {
  /** The asserting workspace; null for a platform admin. */
  workspaceId: string | null;
  accountId: string;
  contactId?: string | null;
  fact: SharedFact;
  source: AssertionSource;
  /** Partner addresses whose threads count as evidence. */
  addresses?: readonly string[];
  /** Any of the account's contacts' addresses counts (a fact about the account as a whole). */
  anyAddressOfAccount?: boolean;
  inboundId?: string | null;
  eventId?: string | null;
  reason?: string | null;
  /** Same key twice → recorded and applied once. */
  idempotencyKey?: string | null;
  now: Date;
  /** The evidence already read for `inboundId` (`inboundEvidence`): used instead of reading it again when it matches. */
  known?: InboundEvidence | undefined;
  /** The account's prices as they stand in this transaction, read by the caller: a PRICES fact compares with them instead of reading them. */
  knownPrices?: KnownPrices | undefined;
}

export type StoredPrices = { priceLinkInsertion: number | null; priceGuestPost: number | null; priceCurrency: string | null };

/** The shared row's prices and the asserting workspace's own (null: it has none). */
export interface KnownPrices {
  shared: StoredPrices | null;
  workspace: StoredPrices | null;
}

/** The workspace's evidence for the input: from what the caller read for its message, or read now. */
async function evidenceOfInput(tx: Queryable, input: AssertFactInput): Promise<Evidence> {
  if (input.workspaceId === null) return 'ADMIN';
  const q = { workspaceId: input.workspaceId, accountId: input.accountId, addresses: input.addresses ?? [], inboundId: input.inboundId ?? null, anyAddressOfAccount: input.anyAddressOfAccount ?? false };
  const known = q.anyAddressOfAccount ? undefined : evidenceFor(input.known, q);
  return known ? evidenceOf(known, q.addresses) : threadEvidence(tx, q);
}

export interface AssertFactResult {
  decision: AssertionDecision;
  evidence: Evidence;
  assertionId: string | null;
}

/** What `assertFact` decides for an input, before it writes: the evidence, the decision, and the row it records (null: refused). */
export async function decideFact(tx: Queryable, input: AssertFactInput): Promise<{ evidence: Evidence; decision: AssertionDecision; row: AssertionInsert | null }> {
  const evidence = await evidenceOfInput(tx, input);
  const decision = decideAssertion({ fact: input.fact, actor: input.workspaceId === null ? 'ADMIN' : 'WORKSPACE', source: input.source, evidence, now: input.now });
  if (decision.scope === 'REFUSED') return { evidence, decision, row: null };
  const { kind, ...value } = decision.fact;
  return {
    evidence,
    decision,
    row: {
      accountId: input.accountId,
      workspaceId: input.workspaceId,
      contactId: input.contactId ?? null,
      fact: kind,
      value,
      source: input.source,
      evidence,
      scope: decision.scope,
      flagged: decision.flagged,
      reason: input.reason ?? null,
      eventId: input.eventId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    },
  };
}

export async function assertFact(tx: Queryable, input: AssertFactInput): Promise<AssertFactResult> {
  const { evidence, decision, row } = await decideFact(tx, input);
  if (!row || decision.scope === 'REFUSED') return { decision, evidence, assertionId: null };
  const assertionId = await insertAssertion(tx, row);
  if (!assertionId) return { decision, evidence, assertionId: null };
  if (decision.scope === 'SHARED') await applyShared(tx, input.accountId, decision.fact, input.now, input.knownPrices?.shared);
  else await applyToWorkspace(tx, input.workspaceId!, input.accountId, decision.fact, input.now, input.knownPrices?.workspace);
  return { decision, evidence, assertionId };
}

/** A shared fact onto the shared rows. DNC stays sticky; cooling-off only moves later. */
export async function applyShared(tx: Queryable, accountId: string, fact: SharedFact, now: Date, knownPrices?: StoredPrices | null): Promise<void> {
  switch (fact.kind) {
    case 'DO_NOT_CONTACT':
    case 'CLEAR_DO_NOT_CONTACT': {
      const account = await getAccountForUpdate(tx, accountId);
      if (!account) throw new AppError('NOT_FOUND', 'account not found');
      const status = fact.kind === 'DO_NOT_CONTACT'
        ? nextSystemContactStatus(account.systemContactStatus, 'DO_NOT_CONTACT')
        : account.systemContactStatus !== 'DO_NOT_CONTACT' ? account.systemContactStatus
          : account.contactAttemptCount > 0 ? 'CONTACTED' : 'NEVER_CONTACTED';
      if (status !== account.systemContactStatus) {
        await tx.query('update accounts set system_contact_status = $2, updated_at = now() where id = $1', [accountId, status]);
      }
      return;
    }
    case 'COOLING_OFF':
      await tx.query('update accounts set cooling_off_until = greatest(cooling_off_until, $2::timestamptz), updated_at = now() where id = $1', [accountId, fact.until]);
      return;
    case 'PRICES':
      // the same prices again change nothing: no write, no row lock (every reply of a partner restates them)
      if (knownPrices !== undefined ? samePrices(knownPrices, fact) : await sameSharedPrices(tx, accountId, fact)) return;
      await tx.query(
        `update accounts set price_link_insertion = coalesce($2, price_link_insertion), price_guest_post = coalesce($3, price_guest_post),
           price_currency = coalesce($4, price_currency), prices_updated_at = $5, updated_at = now() where id = $1`,
        [accountId, fact.priceLinkInsertion ?? null, fact.priceGuestPost ?? null, fact.priceCurrency ?? null, now.toISOString()],
      );
      return;
    case 'ADDRESS_INVALID':
      await tx.query('update contacts set email_invalid_at = coalesce(email_invalid_at, now()), updated_at = now() where lower(email) = lower($1)', [fact.email]);
      return;
    case 'BEST_CONTACT':
      await tx.query('update accounts set best_contact_id = $2, updated_at = now() where id = $1', [accountId, fact.contactId]);
      return;
    case 'METRICS': {
      const m = fact.metrics;
      await tx.query(
        `update accounts set domain_rating = coalesce($2, domain_rating), organic_traffic = coalesce($3, organic_traffic), organic_keywords = coalesce($4, organic_keywords),
           referring_domains = coalesce($5, referring_domains), backlinks = coalesce($6, backlinks), ahref_stats_updated_at = $7, updated_at = now() where id = $1`,
        [accountId, m.domainRating ?? null, m.organicTraffic ?? null, m.organicKeywords ?? null, m.referringDomains ?? null, m.backlinks ?? null, now.toISOString()],
      );
      return;
    }
  }
}

export type PricesFact = Extract<SharedFact, { kind: 'PRICES' }>;

/** Every price the fact states is already the stored one (read without a lock: this assertion then sorts before any concurrent change). */
export const samePrices = (stored: StoredPrices | null | undefined, fact: PricesFact): boolean =>
  !!stored &&
  (fact.priceLinkInsertion === undefined || (stored.priceLinkInsertion !== null && Number(stored.priceLinkInsertion) === fact.priceLinkInsertion)) &&
  (fact.priceGuestPost === undefined || (stored.priceGuestPost !== null && Number(stored.priceGuestPost) === fact.priceGuestPost)) &&
  (fact.priceCurrency === undefined || stored.priceCurrency === fact.priceCurrency);

/** A price as a `numeric(12,2)` column stores it: rounded to cents, half away from zero. */
const asStored = (amount: number): number => {
  const cents = Number(`${Math.abs(amount)}e2`);
  return Number.isFinite(cents) ? Math.sign(amount) * Number(`${Math.round(cents)}e-2`) : amount;
};

/** The prices as the write of a PRICES fact leaves them: each price it states replaces the stored one. */
export function withPrices(stored: StoredPrices | null | undefined, fact: PricesFact): StoredPrices {
  return {
    priceLinkInsertion: fact.priceLinkInsertion !== undefined ? asStored(fact.priceLinkInsertion) : stored?.priceLinkInsertion ?? null,
    priceGuestPost: fact.priceGuestPost !== undefined ? asStored(fact.priceGuestPost) : stored?.priceGuestPost ?? null,
    priceCurrency: fact.priceCurrency ?? stored?.priceCurrency ?? null,
  };
}

async function sameSharedPrices(tx: Queryable, accountId: string, fact: PricesFact): Promise<boolean> {
  return samePrices(await getAccount(tx, accountId), fact);
}

async function sameWorkspacePrices(tx: Queryable, workspaceId: string, accountId: string, fact: PricesFact): Promise<boolean> {
  return samePrices((await getWorkspaceAccountFacts(tx, workspaceId, [accountId])).get(accountId), fact);
}

/** A fact without evidence binds the asserting workspace only. An unproven bounce is recorded, not applied. */
async function applyToWorkspace(tx: Queryable, workspaceId: string, accountId: string, fact: SharedFact, now: Date, knownPrices?: StoredPrices | null): Promise<void> {
  switch (fact.kind) {
    case 'DO_NOT_CONTACT':
      return upsertWorkspaceAccountFacts(tx, workspaceId, accountId, { doNotContact: true });
    case 'COOLING_OFF':
      return upsertWorkspaceAccountFacts(tx, workspaceId, accountId, { coolingOffUntil: fact.until });
    case 'PRICES':
      // prices this workspace already holds: no rewrite (it queued every reply of a partner on one row lock)
      if (knownPrices !== undefined ? samePrices(knownPrices, fact) : await sameWorkspacePrices(tx, workspaceId, accountId, fact)) return;
      return upsertWorkspaceAccountFacts(tx, workspaceId, accountId, {
        ...(fact.priceLinkInsertion !== undefined ? { priceLinkInsertion: fact.priceLinkInsertion } : {}),
        ...(fact.priceGuestPost !== undefined ? { priceGuestPost: fact.priceGuestPost } : {}),
        ...(fact.priceCurrency !== undefined ? { priceCurrency: fact.priceCurrency } : {}),
        pricesUpdatedAt: now.toISOString(),
      });
    case 'BEST_CONTACT':
      return upsertWorkspaceAccountFacts(tx, workspaceId, accountId, { bestContactId: fact.contactId });
    case 'METRICS': {
      const defined = Object.fromEntries(Object.entries(fact.metrics).filter(([, v]) => v !== undefined));
      return upsertWorkspaceAccountFacts(tx, workspaceId, accountId, { ...defined, metricsUpdatedAt: now.toISOString() });
    }
    case 'ADDRESS_INVALID':
    case 'CLEAR_DO_NOT_CONTACT':
      return;
  }
}

/** An inbound message, as a fact read from it is asserted. */
export interface InboundFactSource {
  inboundId: string; accountId: string; contactId: string | null; at: string;
  /** The message's workspace, when the caller read the message (else read here). */
  workspaceId?: string | undefined;
  /** Its evidence, when the caller read it for the batch (`inboundEvidence`). */
  evidence?: InboundEvidence | undefined;
  /** The account's prices as they stand in this transaction, when the caller read them. */
  prices?: KnownPrices | undefined;
}

/** The assertion of a fact read from an inbound message, by the message's workspace: once per message and fact. */
export function inboundAssertion(m: InboundFactSource, workspaceId: string, fact: SharedFact): AssertFactInput {
  return {
    workspaceId,
    accountId: m.accountId,
    contactId: m.contactId,
    fact,
    source: 'CLASSIFIER',
    addresses: fact.kind === 'ADDRESS_INVALID' ? [fact.email] : [],
    inboundId: m.inboundId,
    idempotencyKey: `${m.inboundId}:${fact.kind.toLowerCase()}`,
    now: new Date(m.at),
    known: m.evidence,
    knownPrices: m.prices,
  };
}

/**
 * A fact read from an inbound message (the classifier's effects): asserted by the message's workspace,
 * with the message itself as the evidence it may carry (its sender, its thread). Once per message and fact.
 */
export async function assertFromInbound(tx: Queryable, m: InboundFactSource, fact: SharedFact): Promise<AssertFactResult | null> {
  const workspaceId = m.workspaceId ?? (await workspaceOfInbound(tx, m.inboundId));
  if (!workspaceId) return null;
  return assertFact(tx, inboundAssertion(m, workspaceId, fact));
}
