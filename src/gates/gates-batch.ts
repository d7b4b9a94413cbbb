/**
 * What the gates step's batch reads before its `prepare` calls (`preload`): a snapshot of the messages,
 * their partners, policies, accounts, limit counts, agencies and price assertions, in a few queries.
 */
import type { Queryable } from '../db/types.ts';
import { getAccountsForWorkspaces } from '../crm/account-view.ts';
import { readPartners, type PartnerSnapshot } from '../crm/partner-snapshot.ts';
import type { Account } from '../crm/types.ts';
import { senderSettingsOf } from '../respond/draft/db/sender-settings.ts';
import { getInbounds, type InboundRow } from '../ingest/db/inbound.ts';
import { agencyWorkspaceIdsOf, priceAssertionsOf, type PriceAssertions } from '../intel/prices/db/price-entries.ts';
import { readGateHistories, type GateHistories } from './db/gate-history.ts';
import { threadsOf, type Threads } from './gates-thread.ts';

/**
 * What a batch's `prepare` calls read, in a few queries before the first of them: the messages, their
 * partners and the workspaces' policies; the threads when the first of them drafts. A snapshot, as the
 * per-job reads were (all of them happen before the batch's first `apply`).
 */
export interface GatesBatch extends PartnerSnapshot {
  messages: Map<string, InboundRow>;
  accounts: Map<string, Account>;
  /** sender settings per workspace and mailbox, read once per batch */
  senders: Map<string, ReturnType<typeof senderSettingsOf>>;
  /** each workspace's agency, read once per batch */
  agencies: Map<string, Promise<string[]>>;
  /** the limit counts and other workspaces' relationships of every message's partner */
  histories: GateHistories;
  /** the price assertions of every message's account its agency may see */
  prices: PriceAssertions;
  /**
   * The last emails of every message's thread, enough that each message's own left out still leaves
   * `THREAD_EMAILS` (`threadsOf`): read once, when the first message of the batch drafts.
   */
  threads: () => Promise<Threads>;
}

export async function preloadBatch(db: Queryable, ids: readonly string[], now: Date): Promise<GatesBatch> {
  const messages = await getInbounds(db, ids);
  const pending = [...messages.values()].filter((m) => awaitsGates(m.status, (m.decision as { action?: string } | null)?.action ?? null));
  const partners = await readPartners(db, pending);
  const withPartner = pending.flatMap((m) => {
    const rel = m.relationshipId ? partners.relationships.get(m.relationshipId) : undefined;
    return rel ? [{ rel, inboundId: m.id }] : [];
  });
  const agencies = await agencyWorkspaceIdsOf(db, withPartner.map((p) => p.rel.organizationId));
  let threads: Promise<Threads> | undefined;
  return {
    messages,
    ...partners,
    accounts: await getAccountsForWorkspaces(db, pending.flatMap((m) => (m.accountId ? [{ accountId: m.accountId, workspaceId: m.workspaceId }] : []))),
    senders: new Map(),
    agencies: new Map([...agencies].map(([ws, list]) => [ws, Promise.resolve(list)])),
    histories: await readGateHistories(db, withPartner, now),
    prices: await priceAssertionsOf(db, pending.flatMap((m) => (m.accountId ? [m.accountId] : [])), [...agencies.values()].flat()),
    threads: () => (threads ??= threadsOf(db, withPartner.map((p) => ({ id: p.inboundId, rel: p.rel })))),
  };
}

/**
 * Whether a message waits for the gates: CLASSIFIED and not already decided AUTO_REPLY (which stays
 * CLASSIFIED until the respond step sends it; a gates job delivered again must not decide it twice).
 * A reply sent back by "reject and redraft" is CLASSIFIED with its earlier WAITING_APPROVAL decision.
 */
export const awaitsGates = (status: string, action: string | null): boolean => status === 'CLASSIFIED' && action !== 'AUTO_REPLY';
