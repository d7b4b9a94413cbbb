/**
 * The price assertions of a step's part (the classifier's PRICES facts), written set-based: their
 * rows in one insert just before the part commits (`on conflict do nothing returning`), then the
 * workspace prices those inserted change, decided in memory in message order with `assertFact`'s
 * rules, in one upsert. The rows, the prices and when they changed are those of one `assertFact` per
 * message; a replayed message inserts nothing and so changes nothing.
 *
 * An account enters the part with the prices its first assertion's message loaded (shared and its
 * workspace's own); from then on its later assertions in the part (a partner replying twice, another
 * workspace's reply) compare with the part's own fold, never with a read that misses the gathered
 * writes. A shared price that changes is written at once, under the account's lock, in the step's
 * lock order (accounts in id order): it is rare (it needs a thread as evidence) and an account lock
 * taken at the commit would break that order. The workspace price rows are locked at the commit, in
 * key order, after the part's account locks (docs/benchmarks.md, item 13, says what that risks).
 */
import type { Queryable } from '../db/types.ts';
import { newId } from '../ids.ts';
import { beforeCommit } from '../jobs/deferred-enqueue.ts';
import { applyShared, assertFromInbound, decideFact, inboundAssertion, samePrices, withPrices, type InboundFactSource, type PricesFact, type StoredPrices } from './assert-fact.ts';
import { insertAssertion, insertAssertions, type AssertionInsert } from './db/assertions.ts';
import { getWorkspaceAccountFacts, upsertWorkspacePrices, type WorkspacePricesPatch } from './db/workspace-facts.ts';

interface PartPrices {
  /** Accounts this part decides in memory, with their shared prices as the part left them so far. */
  shared: Map<string, StoredPrices | null>;
  /** The workspaces' own prices (`ownKey`) as loaded, before this part's assertions (absent: read at the flush). */
  own: Map<string, StoredPrices | null>;
  /** The gathered assertions in message order; `own`: a workspace's own prices it sets once inserted. */
  gathered: Array<{ row: AssertionInsert & { id: string }; own: { workspaceId: string; accountId: string; fact: PricesFact; at: string } | null }>;
}

const byTx = new WeakMap<Queryable, PartPrices>();
const ownKey = (workspaceId: string, accountId: string) => `${workspaceId}\u0000${accountId}`;

/** The part's prices, when this assertion is decided with them: its account entered the part, or enters now with the prices it loaded. */
function partOf(tx: Queryable, m: InboundFactSource, workspaceId: string): PartPrices | null {
  let part = byTx.get(tx);
  if (!part?.shared.has(m.accountId) && !m.prices) return null;
  if (!part) {
    const created: PartPrices = { shared: new Map(), own: new Map(), gathered: [] };
    // only a step's batch transaction gathers (a transaction that commits right after its writes)
    if (!beforeCommit(tx, () => flush(tx, created))) return null;
    byTx.set(tx, (part = created));
  }
  // as loaded: nothing of the part wrote to the account before (a written partner is read afresh, without prices)
  if (m.prices && !part.shared.has(m.accountId)) part.shared.set(m.accountId, m.prices.shared);
  if (m.prices && !part.own.has(ownKey(workspaceId, m.accountId))) part.own.set(ownKey(workspaceId, m.accountId), m.prices.workspace);
  return part;
}

/**
 * `assertFromInbound` of a PRICES fact; in a step's part whose caller gave the prices it loaded, the
 * row is gathered for one insert before the commit, and what it changes decided there.
 */
export async function assertPricesFromInbound(tx: Queryable, m: InboundFactSource, fact: PricesFact): Promise<void> {
  const part = m.workspaceId ? partOf(tx, m, m.workspaceId) : null;
  if (!part || !m.workspaceId) {
    await assertFromInbound(tx, m, fact);
    return;
  }
  const input = inboundAssertion(m, m.workspaceId, fact);
  const { decision, row } = await decideFact(tx, input);
  if (!row || decision.scope === 'REFUSED' || decision.fact.kind !== 'PRICES') return;
  const stated = decision.fact;
  const shared = part.shared.get(m.accountId) ?? null;
  if (decision.scope === 'SHARED' && !samePrices(shared, stated)) {
    // changes the shared row: now, as `assertFact` does, and the part's later assertions see it
    if (await insertAssertion(tx, row)) {
      await applyShared(tx, m.accountId, stated, input.now, shared);
      part.shared.set(m.accountId, withPrices(shared, stated));
    }
    return;
  }
  part.gathered.push({ row: { ...row, id: newId('asr') }, own: decision.scope === 'WORKSPACE' ? { workspaceId: m.workspaceId, accountId: m.accountId, fact: stated, at: m.at } : null });
}

/** Inserts the part's assertions, then writes the workspace prices the inserted ones change, once per (workspace, account). */
async function flush(tx: Queryable, part: PartPrices): Promise<void> {
  byTx.delete(tx);
  if (!part.gathered.length) return;
  const inserted = await insertAssertions(tx, part.gathered.map((g) => g.row));
  const owns = part.gathered.flatMap((g) => (g.own && inserted.has(g.row.id) ? [g.own] : []));
  // a workspace whose first assertion on the account came without its prices (another workspace's message loaded them): as stored, nothing of the part wrote them
  const unread = new Map<string, string[]>();
  for (const o of owns) if (!part.own.has(ownKey(o.workspaceId, o.accountId))) unread.set(o.workspaceId, [...(unread.get(o.workspaceId) ?? []), o.accountId]);
  for (const [workspaceId, accountIds] of unread) {
    const stored = await getWorkspaceAccountFacts(tx, workspaceId, accountIds);
    for (const a of accountIds) part.own.set(ownKey(workspaceId, a), stored.get(a) ?? null);
  }
  const changed = new Map<string, WorkspacePricesPatch>();
  for (const o of owns) {
    const k = ownKey(o.workspaceId, o.accountId);
    const stored = part.own.get(k) ?? null;
    // prices this workspace already holds: nothing written (as `assertFact`)
    if (samePrices(stored, o.fact)) continue;
    part.own.set(k, withPrices(stored, o.fact));
    const before = changed.get(k);
    changed.set(k, {
      workspaceId: o.workspaceId,
      accountId: o.accountId,
      priceLinkInsertion: o.fact.priceLinkInsertion ?? before?.priceLinkInsertion ?? null,
      priceGuestPost: o.fact.priceGuestPost ?? before?.priceGuestPost ?? null,
      priceCurrency: o.fact.priceCurrency ?? before?.priceCurrency ?? null,
      pricesUpdatedAt: new Date(o.at).toISOString(),
    });
  }
  await upsertWorkspacePrices(tx, [...changed.values()]);
}
