/**
 * Applies a classification's CRM effects inside the caller's transaction: at classification, and
 * when an approver confirms an effect that was held ("confirm: mark as link placed?"). Every write is
 * idempotent (event keys derive from the inbound message id), so a retry repeats nothing.
 */
import type { Queryable } from '../db/types.ts';
import { appendEvent, recordEvent } from '../crm/append-event.ts';
import { assertFromInbound, type KnownPrices } from '../crm/assert-fact.ts';
import { assertPricesFromInbound } from '../crm/assert-prices.ts';
import { upsertContactByEmail } from '../crm/db/contacts.ts';
import { pricesFromOffers } from './effects.ts';
import type { ClassifyEffect } from './types.ts';
import type { InboundEvidence } from '../crm/shared-facts.ts';
import type { Contact, SystemContactStatus } from '../crm/types.ts';

export interface EffectTarget {
  inboundId: string;
  relationshipId: string;
  accountId: string;
  contactId: string | null;
  at: string;
  /** What the caller already read in this transaction (the classify step, for its whole part): not read again. */
  workspaceId?: string | undefined;
  evidence?: InboundEvidence | undefined;
  contact?: Contact | null | undefined;
  /** The account's prices and shared contact status as they stand before the effects (nothing of the transaction changed them since they were read). */
  prices?: KnownPrices | undefined;
  accountStatus?: SystemContactStatus | undefined;
}

export async function applyEffect(tx: Queryable, e: ClassifyEffect, ctx: EffectTarget): Promise<void> {
  const key = (s: string) => `${ctx.inboundId}:${s}`;
  // no effect before the prices changes the shared status (stop requests plan none), nor prices
  const known = { evidence: ctx.evidence, contact: ctx.contact, accountStatus: ctx.accountStatus };
  switch (e.kind) {
    case 'do-not-contact':
      return; // carried by MESSAGE_CLASSIFIED's metadata.doNotContact, which appendEvent applies to the account
    // Shared facts go through the CRM's evidence rule: shared with a thread, this workspace's own otherwise.
    case 'cooling-off':
      await assertFromInbound(tx, ctx, { kind: 'COOLING_OFF', until: e.until });
      return;
    case 'invalidate-address':
      await assertFromInbound(tx, ctx, { kind: 'ADDRESS_INVALID', email: e.email });
      return;
    case 'prices':
      // in a step's part: gathered for one insert of the part's assertions before the commit
      await assertPricesFromInbound(tx, ctx, { kind: 'PRICES', ...pricesFromOffers(e.offers) });
      // a rate whose signal changes nothing is a record: in a step's batch, inserted with the others before the commit
      await recordEvent(tx, { relationshipId: ctx.relationshipId, contactId: ctx.contactId, type: 'RATE_NEGOTIATED', occurredAt: ctx.at, idempotencyKey: key('rate'), metadata: { inboundId: ctx.inboundId, offers: e.offers } }, known);
      return;
    case 'link-placed':
      await appendEvent(tx, { relationshipId: ctx.relationshipId, contactId: ctx.contactId, type: 'LINK_PLACED', occurredAt: ctx.at, idempotencyKey: key('link'), metadata: { inboundId: ctx.inboundId, url: e.url } }, known);
      return;
    case 'rejected':
      await appendEvent(tx, { relationshipId: ctx.relationshipId, contactId: ctx.contactId, type: 'REJECTED', occurredAt: ctx.at, idempotencyKey: key('rejected'), metadata: { inboundId: ctx.inboundId, reason: e.reason ?? 'NOT_INTERESTED' } }, known);
      return;
    case 'referral':
      await upsertContactByEmail(tx, ctx.accountId, e.email);
      return;
  }
}

