/**
 * Contact discovery at one domain through the people provider: the free search (a stored lookup per
 * domain), the best candidate by title and seniority (chooseContact), and the paid reveal of that one
 * person only (a stored lookup per person: never bought twice in a campaign).
 */
import { chooseContact, OUTREACH_TITLES } from '../choose-contact.ts';
import { lookupOnce } from '../lookup-once.ts';
import type { PersonCandidate, RevealedPerson } from '../providers/ports.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignDeps } from './campaign-step.ts';

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
  if (!chosen) return { person: null, email: null, why: 'the people search found nobody at this domain', candidates: candidates.length };
  const revealed = await lookupOnce<RevealedPerson>(deps.db, { campaignId: c.id, provider: people.name, endpoint: 'people-match', key: chosen.chosen.providerPersonId }, (meter) =>
    people.reveal(chosen.chosen, meter),
  );
  if (!revealed.email) return { person: revealed, email: null, why: `${chosen.reason} Revealed, but no usable address (email status: ${revealed.emailStatus ?? 'none'}; a locked email_not_unlocked@… or unverified address is not used).`, candidates: candidates.length };
  return { person: revealed, email: revealed.email, why: chosen.reason, candidates: candidates.length };
}
