/**
 * People through Apollo, header `x-api-key: {APOLLO_API_KEY}`:
 * - search: `POST {APOLLO_BASE_URL}/api/v1/mixed_people/api_search?q_organization_domains_list[]=
 *   &person_titles[]=&per_page=` (parameters in the query string as Apollo documents them). Free: no
 *   credits, no emails → `{people: [{id, first_name, last_name | last_name_obfuscated, title, ...}]}`.
 * - reveal: `POST {APOLLO_BASE_URL}/api/v1/people/match {id}` for the one chosen person; costs a credit
 *   → `{person: {..., email, email_status}}`. The address is used only when `email_status` is
 *   `verified` or `likely to engage` and it is not Apollo's locked placeholder `email_not_unlocked@…`.
 */
import { z } from 'zod';
import { ProviderError } from './ports.ts';
import type { ProviderHttp } from './http-client.ts';
import type { CallMeter, PeopleProvider, PersonCandidate, RevealedPerson } from './ports.ts';

const SEARCH = 'mixed_people/api_search';
const MATCH = 'people/match';
const PER_PAGE = 25;
export const USABLE_EMAIL_STATUSES: readonly string[] = ['verified', 'likely to engage'];

const personSchema = z.object({
  id: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  title: z.string().nullish(),
  seniority: z.string().nullish(),
  linkedin_url: z.string().nullish(),
  email: z.string().nullish(),
  email_status: z.string().nullish(),
});
const searchSchema = z.object({ people: z.array(z.unknown()).nullish() });
const matchSchema = z.object({ person: z.unknown().nullish() });

type ApolloPerson = z.infer<typeof personSchema>;

function toCandidate(p: ApolloPerson): PersonCandidate {
  return {
    providerPersonId: p.id,
    firstName: blankToNull(p.first_name),
    lastName: blankToNull(p.last_name),
    title: blankToNull(p.title),
    seniority: blankToNull(p.seniority),
    linkedinUrl: blankToNull(p.linkedin_url),
  };
}

/** The address to use, or null: unverified statuses and the locked placeholder are no address. */
export function usableApolloEmail(email: string | null | undefined, status: string | null | undefined): string | null {
  if (!email || !status) return null;
  const address = email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return null;
  if (address.startsWith('email_not_unlocked@')) return null;
  return USABLE_EMAIL_STATUSES.includes(status.trim().toLowerCase()) ? address : null;
}

export function createApolloPeople(http: ProviderHttp): PeopleProvider {
  return {
    name: 'apollo',
    async search(domain: string, titles: readonly string[], meter: CallMeter): Promise<PersonCandidate[]> {
      const response = await http.request({
        method: 'POST',
        path: '/api/v1/mixed_people/api_search',
        endpoint: SEARCH,
        query: {
          'q_organization_domains_list[]': [domain],
          ...(titles.length > 0 ? { 'person_titles[]': titles } : {}),
          page: 1,
          per_page: PER_PAGE,
        },
      });
      await meter.record({ provider: 'apollo', endpoint: SEARCH, units: 0 });
      const parsed = searchSchema.safeParse(response.json);
      if (!parsed.success) throw new ProviderError('apollo', `${SEARCH}: unexpected response shape`, false);
      const out: PersonCandidate[] = [];
      for (const raw of parsed.data.people ?? []) {
        const person = personSchema.safeParse(raw);
        if (person.success) out.push(toCandidate(person.data));
      }
      return out;
    },

    async reveal(candidate: PersonCandidate, meter: CallMeter): Promise<RevealedPerson> {
      const response = await http.request({
        method: 'POST',
        path: '/api/v1/people/match',
        endpoint: MATCH,
        body: { id: candidate.providerPersonId },
      });
      const parsed = matchSchema.safeParse(response.json);
      const person = parsed.success && parsed.data.person ? personSchema.safeParse(parsed.data.person) : null;
      // Apollo spends a credit when it returns a person; a miss ({person: null}) is not charged.
      await meter.record({ provider: 'apollo', endpoint: MATCH, units: person?.success ? 1 : 0 });
      if (!parsed.success) throw new ProviderError('apollo', `${MATCH}: unexpected response shape`, false);
      if (!person?.success) return { ...candidate, email: null, emailStatus: null };
      const found = toCandidate(person.data);
      return {
        // What the search knew stays when the match leaves a field out.
        providerPersonId: candidate.providerPersonId,
        firstName: found.firstName ?? candidate.firstName,
        lastName: found.lastName ?? candidate.lastName,
        title: found.title ?? candidate.title,
        seniority: found.seniority ?? candidate.seniority,
        linkedinUrl: found.linkedinUrl ?? candidate.linkedinUrl,
        email: usableApolloEmail(person.data.email, person.data.email_status),
        emailStatus: blankToNull(person.data.email_status),
      };
    },
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
