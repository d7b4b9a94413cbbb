/**
 * discover: for each kept domain, in order — the shared account (created with the campaign's source and
 * sourceDetails when new, the enrich figures written to it), the workspace's relationship (PROSPECTING,
 * or CONTACTED_BY_OTHER_ORG when another workspace has written to the partner; targetBlogPost = the
 * ranking page), and one contact: an address the list gave (IMPORT), a usable contact the account
 * already has, or the best person found by the people provider, revealed (paid) — only that one, only
 * for a kept domain, once per campaign. A CONTACT_RESEARCH event says who was chosen and why; a domain
 * without a usable address stays, as NO_CONTACT. Each domain is written in its own transaction, so a
 * provider failure half-way keeps the domains already done.
 */
import type { Queryable } from '../../db/types.ts';
import { appendEvent } from '../../crm/append-event.ts';
import { getContact, getContactByEmail, upsertContactByEmail } from '../../crm/db/contacts.ts';
import { insertRelationship, getRelationshipByWorkspaceAccount } from '../../crm/db/relationships.ts';
import type { Account, Contact, Source } from '../../crm/types.ts';
import { domainOfEmail } from '../../crm/normalize-domain.ts';
import { ensureAccount, otherWorkspaceContacted, writeAccountMetrics } from '../db/campaign-accounts.ts';
import { prospectsOf, updateProspect, type ProspectRow } from '../db/prospects-db.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignKind } from '../types.ts';
import { findPerson, type FoundPerson } from './find-person.ts';
import type { CampaignDeps, StepResult } from './campaign-step.ts';

const SOURCE: Record<CampaignKind, Source> = { SERP: 'SEARCH', COMPETITOR: 'COMPETITOR', IMPORT: 'IMPORT' };

export function sourceDetailsOf(c: CampaignRow, p: ProspectRow): Record<string, unknown> {
  if (c.input.kind === 'SERP') return { campaignId: c.id, serpRank: p.rank, url: p.url };
  if (c.input.kind === 'COMPETITOR') return { campaignId: c.id, competitorDomain: c.input.competitorDomain };
  return { campaignId: c.id, ...(p.url ? { url: p.url } : {}) };
}

/** Step 1 of a domain, in one transaction: its account and relationship. */
async function placeInPipeline(tx: Queryable, c: CampaignRow, p: ProspectRow, now: Date): Promise<{ account: Account; relationshipId: string }> {
  const details = sourceDetailsOf(c, p);
  const { account } = await ensureAccount(tx, p.domain, SOURCE[c.kind], JSON.stringify(details));
  const m = p.details['metrics'] as Record<string, number | null> | undefined;
  if (m && (m['domainRating'] !== undefined || m['organicTraffic'] !== undefined) && account.ahrefStatsUpdatedAt === null) {
    await writeAccountMetrics(tx, account.id, {
      domainRating: m['domainRating'] ?? null, organicTraffic: m['organicTraffic'] ?? null, organicKeywords: m['organicKeywords'] ?? null,
      referringDomains: m['referringDomains'] ?? null, backlinks: m['backlinks'] ?? null,
    }, now);
  }
  let rel = await getRelationshipByWorkspaceAccount(tx, c.workspaceId, account.id);
  if (!rel) {
    // The filter saw another workspace's relationship with contact; the event log may know of a send too.
    const other = p.reason === 'CONTACTED_BY_OTHER_ORG' || (await otherWorkspaceContacted(tx, account.id, c.workspaceId));
    rel = await insertRelationship(tx, {
      workspaceId: c.workspaceId, accountId: account.id, source: SOURCE[c.kind], status: other ? 'CONTACTED_BY_OTHER_ORG' : 'PROSPECTING',
      sourceDetails: JSON.stringify(details), targetBlogPost: p.url, ourContent: c.input.pitch.ourContent,
    });
  }
  await updateProspect(tx, c.id, p.domain, { accountId: account.id, relationshipId: rel.id });
  return { account, relationshipId: rel.id };
}

type Choice = { kind: 'contact'; contact: Contact; why: string; person?: FoundPerson } | { kind: 'none'; why: string; person?: FoundPerson };

/** An address usable for this partner: not hard-bounced, and filed under this very account. */
const usable = (c: Contact | null, accountId: string): c is Contact => !!c && !c.emailInvalidAt && c.accountId === accountId;

async function existingContact(db: Queryable, account: Account): Promise<Contact | null> {
  const best = account.bestContactId ? await getContact(db, account.bestContactId) : null;
  if (usable(best, account.id)) return best;
  const { rows } = await db.query<{ id: string }>('select id from contacts where account_id = $1 and email_invalid_at is null order by created_at limit 1', [account.id]);
  const first = rows[0] ? await getContact(db, rows[0].id) : null;
  return usable(first, account.id) ? first : null;
}

/** Step 2 of a domain: who to write to (outside a transaction: it may call the people provider). */
async function chooseRecipient(deps: CampaignDeps, c: CampaignRow, p: ProspectRow, account: Account): Promise<Choice | { kind: 'new'; email: string; names: Partial<Contact>; why: string; person?: FoundPerson }> {
  const imported = p.details['imported'] as { email: string | null; firstName: string | null; lastName: string | null; position: string | null } | undefined;
  if (imported?.email) {
    const known = await getContactByEmail(deps.db, imported.email);
    if (known && known.accountId !== account.id) return { kind: 'none', why: `the imported address ${imported.email} belongs to another partner's contact` };
    if (known?.emailInvalidAt) return { kind: 'none', why: `the imported address ${imported.email} hard-bounced before` };
    if (known) return { kind: 'contact', contact: known, why: 'the address given in the import (already a contact)' };
    if (domainOfEmail(imported.email) === null) return { kind: 'none', why: 'the imported address has no domain' };
    return { kind: 'new', email: imported.email, names: { firstName: imported.firstName, lastName: imported.lastName, position: imported.position }, why: 'the address given in the import' };
  }
  const existing = await existingContact(deps.db, account);
  if (existing) return { kind: 'contact', contact: existing, why: 'a contact the CRM already has for this partner (nothing bought)' };
  if (!deps.providers.people) return { kind: 'none', why: c.kind === 'IMPORT' ? 'no address was given and no people provider is configured' : 'no people provider is configured' };
  const found = await findPerson(deps, c, p.domain);
  if (!found.person || !found.email) return { kind: 'none', why: found.why, ...(found.person ? { person: found } : {}) };
  const known = await getContactByEmail(deps.db, found.email);
  if (known && known.accountId !== account.id) return { kind: 'none', why: `the revealed address ${found.email} belongs to another partner's contact`, person: found };
  if (known) return { kind: 'contact', contact: known, why: found.why, person: found };
  return {
    kind: 'new', email: found.email, why: found.why, person: found,
    names: { firstName: found.person.firstName, lastName: found.person.lastName, position: found.person.title, seniority: found.person.seniority, linkedinUrl: found.person.linkedinUrl, apolloPersonId: found.person.providerPersonId },
  };
}

async function recordContact(tx: Queryable, c: CampaignRow, p: ProspectRow, account: Account, relationshipId: string, choice: Awaited<ReturnType<typeof chooseRecipient>>, now: Date): Promise<void> {
  let contact: Contact | null = null;
  if (choice.kind === 'contact') contact = choice.contact;
  if (choice.kind === 'new') {
    contact = await upsertContactByEmail(tx, account.id, choice.email, { firstName: choice.names.firstName ?? null, lastName: choice.names.lastName ?? null });
    if (contact.accountId !== account.id) contact = null;
    else {
      // A contact this campaign just created takes the provider's description; an existing one keeps its own.
      const { rows } = await tx.query(
        `update contacts set position = coalesce(position, $2), seniority = coalesce(seniority, $3), linkedin_url = coalesce(linkedin_url, $4),
                apollo_person_id = coalesce(apollo_person_id, $5), updated_at = now() where id = $1 returning id`,
        [contact.id, choice.names.position ?? null, choice.names.seniority ?? null, choice.names.linkedinUrl ?? null, choice.names.apolloPersonId ?? null],
      );
      void rows;
    }
  }
  const person = 'person' in choice && choice.person ? choice.person : null;
  await appendEvent(tx, {
    relationshipId, contactId: contact?.id ?? null, type: 'CONTACT_RESEARCH', occurredAt: now,
    content: contact ? `Chosen: ${contact.email} — ${choice.why}` : `No usable address: ${choice.why}`,
    idempotencyKey: `${c.id}:${p.domain}:contact-research`,
    metadata: {
      campaignId: c.id, domain: p.domain, chosen: contact ? { contactId: contact.id, email: contact.email } : null, why: choice.why,
      ...(person ? { candidates: person.candidates, revealed: person.person ? { providerPersonId: person.person.providerPersonId, emailStatus: person.person.emailStatus } : null } : {}),
    },
  });
  if (contact) await updateProspect(tx, c.id, p.domain, { status: 'CONTACT_FOUND', contactId: contact.id, statusReason: null });
  else await updateProspect(tx, c.id, p.domain, { status: 'NO_CONTACT', statusReason: choice.kind === 'new' ? 'the address belongs to another partner' : choice.why });
}

export async function discoverStep(deps: CampaignDeps, c: CampaignRow): Promise<StepResult> {
  const kept = await prospectsOf(deps.db, c.id, { status: 'KEPT' });
  for (const p of kept) {
    const now = deps.now();
    const { account, relationshipId } = await deps.db.transaction((tx) => placeInPipeline(tx, c, p, now));
    const choice = await chooseRecipient(deps, c, p, account);
    await deps.db.transaction((tx) => recordContact(tx, c, p, account, relationshipId, choice, now));
  }
  return {};
}
