/**
 * Contact discovery at one domain through the people provider: the free search (a stored lookup per
 * domain), the best candidate by title and seniority (chooseContact), and the paid reveal of that one
 * person only (a stored lookup per person: never bought twice in a campaign).
 */
import { chooseContact } from '../choose-contact.ts';
import { lookupOnce } from '../lookup-once.ts';
import type { PersonCandidate, RevealedPerson } from '../providers/ports.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignDeps } from './campaign-step.ts';

/** Titles asked of the free search: the people who decide what a site links to. */
export const OUTREACH_TITLES = ['editor', 'content', 'marketing', 'seo', 'founder', 'owner', 'outreach', 'partnerships'] as const;

export interface FoundPerson {
  person: RevealedPerson | null;
  email: string | null;
  why: string;
  /** How many people the search found, for the CONTACT_RESEARCH event. */
  candidates: number;
}

export async function findPerson(deps: CampaignDeps, c: CampaignRow, domain: string): Promise<FoundPerson> {
  const people = deps.providers.people!;
  const candidates = await lookupOnce<PersonCandidate[]>(deps.db, { campaignId: c.id, provider: people.name, endpoint: 'people-search', key: domain }, (meter) =>
    people.search(domain, OUTREACH_TITLES, meter),
  );
  const chosen = chooseContact(candidates);
  if (!chosen) return { person: null, email: null, why: candidates.length ? 'nobody found has a title worth writing to' : 'the people search found nobody at this domain', candidates: candidates.length };
  const revealed = await lookupOnce<RevealedPerson>(deps.db, { campaignId: c.id, provider: people.name, endpoint: 'people-match', key: chosen.candidate.providerPersonId }, (meter) =>
    people.reveal(chosen.candidate, meter),
  );
  const name = [revealed.firstName, revealed.lastName].filter(Boolean).join(' ') || 'the chosen person';
  if (!revealed.email) return { person: revealed, email: null, why: `${name} (${chosen.reason}) was revealed, but has no usable address (${revealed.emailStatus ?? 'no status'})`, candidates: candidates.length };
  return { person: revealed, email: revealed.email, why: `${name}, ${revealed.title ?? 'no title'}: ${chosen.reason}`, candidates: candidates.length };
}
