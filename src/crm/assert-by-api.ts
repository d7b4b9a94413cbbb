/**
 * `POST /crm/account/:id/assertions`: a workspace asserts a shared fact about a partner. The evidence
 * rule decides how far it reaches; the assertion is appended to the workspace's own event log (its
 * agency sees it; no other agency does) and recorded for platform admins.
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { appendEvent } from './append-event.ts';
import { assertFact } from './assert-fact.ts';
import { getAccount } from './db/accounts.ts';
import { setAssertionEvent } from './db/assertions.ts';
import { getContact } from './db/contacts.ts';
import { getRelationshipByWorkspaceAccount } from './db/relationships.ts';
import type { AccountMetrics, Evidence, SharedFact } from './shared-facts.ts';

export type AccountAssertionBody =
  | { fact: 'DO_NOT_CONTACT'; workspaceId: string; reason?: string | undefined }
  | { fact: 'COOLING_OFF'; workspaceId: string; coolingOffUntil: string; reason?: string | undefined }
  | { fact: 'PRICES'; workspaceId: string; priceLinkInsertion?: number | null | undefined; priceGuestPost?: number | null | undefined; priceCurrency: string; reason?: string | undefined }
  | { fact: 'BEST_CONTACT'; workspaceId: string; bestContactId: string; reason?: string | undefined }
  | ({ fact: 'METRICS'; workspaceId: string; reason?: string | undefined } & AccountMetrics);

export interface AccountAssertionResult {
  id: string;
  fact: AccountAssertionBody['fact'];
  scope: 'SHARED' | 'WORKSPACE';
  flagged: boolean;
  evidence: Evidence;
  why: string;
  eventId: string | null;
}

const bad = (field: string, message: string) => new AppError('VALIDATION', `${field}: ${message}`, { field });

function factOf(body: AccountAssertionBody): SharedFact {
  switch (body.fact) {
    case 'DO_NOT_CONTACT':
      return { kind: 'DO_NOT_CONTACT', reason: body.reason ?? null };
    case 'COOLING_OFF':
      return { kind: 'COOLING_OFF', until: body.coolingOffUntil };
    case 'PRICES':
      return {
        kind: 'PRICES', priceCurrency: body.priceCurrency,
        ...(body.priceLinkInsertion != null ? { priceLinkInsertion: body.priceLinkInsertion } : {}),
        ...(body.priceGuestPost != null ? { priceGuestPost: body.priceGuestPost } : {}),
      };
    case 'BEST_CONTACT':
      return { kind: 'BEST_CONTACT', contactId: body.bestContactId };
    case 'METRICS': {
      const { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks } = body;
      return { kind: 'METRICS', metrics: { domainRating, organicTraffic, organicKeywords, referringDomains, backlinks } };
    }
  }
}

export async function assertAccountFact(tx: Queryable, accountId: string, body: AccountAssertionBody, now: Date): Promise<AccountAssertionResult> {
  if (!(await getAccount(tx, accountId))) throw new AppError('NOT_FOUND', 'account not found');
  let addresses: string[] = [];
  if (body.fact === 'BEST_CONTACT') {
    const c = await getContact(tx, body.bestContactId);
    if (!c || c.accountId !== accountId) throw bad('body.bestContactId', 'is not a contact of this account');
    addresses = [c.email];
  }
  const r = await assertFact(tx, {
    workspaceId: body.workspaceId,
    accountId,
    contactId: body.fact === 'BEST_CONTACT' ? body.bestContactId : null,
    fact: factOf(body),
    source: 'API',
    addresses,
    anyAddressOfAccount: body.fact !== 'BEST_CONTACT',
    reason: body.reason ?? null,
    now,
  });
  if (r.decision.scope === 'REFUSED') throw bad(`body.${r.decision.field}`, r.decision.why);
  const id = r.assertionId!;
  let eventId: string | null = null;
  const rel = await getRelationshipByWorkspaceAccount(tx, body.workspaceId, accountId);
  if (rel) {
    const { event } = await appendEvent(tx, {
      relationshipId: rel.id,
      type: 'NOTE_ADDED',
      content: body.reason ?? null,
      occurredAt: now,
      idempotencyKey: `${id}:asserted`,
      metadata: { assertion: { id, fact: body.fact, scope: r.decision.scope, evidence: r.evidence, value: r.decision.fact } },
    });
    eventId = event.id;
    await setAssertionEvent(tx, id, event.id);
  }
  return { id, fact: body.fact, scope: r.decision.scope, flagged: r.decision.flagged, evidence: r.evidence, why: r.decision.why, eventId };
}
