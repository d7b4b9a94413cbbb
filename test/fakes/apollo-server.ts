/**
 * A loopback fake of the Apollo endpoints we call (header `x-api-key`):
 * - POST /api/v1/mixed_people/api_search — `q_organization_domains_list[]`, `person_titles[]`,
 *   `page`, `per_page` (query string as Apollo documents them; a JSON body is accepted too). Free, no
 *   emails: people come back with `first_name`, `last_name_obfuscated`, `title`, `has_email`, and the
 *   organization. A title filter matches case-insensitively on a substring, like Apollo's.
 * - POST /api/v1/people/match {id} — the full person with `email` and `email_status`; a person seeded
 *   `locked: true` comes back with Apollo's placeholder `email_not_unlocked@domain.com`. Unknown id →
 *   `{person: null}`.
 * Errors: 401 `{"error": ...}` for a wrong key, 422 for a search without any filter.
 * `revealedIds()` lists every id sent to people/match (for "revealed only the chosen person").
 */
import { startProviderFake } from './provider-fake-http.ts';
import type { FakeProviderServer, RecordedProviderRequest } from './provider-fake-http.ts';

export interface FakeApolloPerson {
  id: string;
  first_name: string;
  last_name: string;
  title: string | null;
  seniority?: string | null;
  linkedin_url?: string | null;
  email?: string | null;
  /** e.g. "verified", "likely to engage", "unavailable", "guessed". */
  email_status?: string | null;
  /** Reveal returns `email_not_unlocked@domain.com` instead of `email`. */
  locked?: boolean;
}

export interface FakeApolloSeed {
  apiKey?: string;
  /** By organization domain. */
  people?: Record<string, FakeApolloPerson[]>;
}

export interface FakeApolloServer extends FakeProviderServer {
  readonly apiKey: string;
  revealedIds(): string[];
  /** Domains searched, in order (for "never looked up twice"). */
  searchedDomains(): string[];
}

export const APOLLO_SEARCH_PATH = '/api/v1/mixed_people/api_search';
export const APOLLO_MATCH_PATH = '/api/v1/people/match';

function listParam(req: RecordedProviderRequest, name: string): string[] {
  const fromQuery = [...req.params.getAll(`${name}[]`), ...req.params.getAll(name)];
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && Array.isArray(body[name]) ? (body[name] as unknown[]).map(String) : [];
  return [...fromQuery, ...fromBody];
}

function obfuscate(lastName: string): string {
  return lastName.length <= 2 ? `${lastName[0] ?? ''}***` : `${lastName[0]}***${lastName[lastName.length - 1]}`;
}

export async function startFakeApollo(seed: FakeApolloSeed = {}): Promise<FakeApolloServer> {
  const apiKey = seed.apiKey ?? 'apollo-test-key';
  const byDomain = seed.people ?? {};
  const byId = new Map<string, { person: FakeApolloPerson; domain: string }>();
  for (const [domain, people] of Object.entries(byDomain)) for (const person of people) byId.set(person.id, { person, domain });

  const organization = (domain: string) => ({ id: `org-${domain}`, name: domain.split('.')[0] ?? domain, website_url: `http://www.${domain}`, primary_domain: domain });

  const handle = (req: RecordedProviderRequest) => {
    if (req.headers['x-api-key'] !== apiKey) {
      return { status: 401, body: { error: 'Invalid access credentials.', error_code: 'INVALID_API_KEY' } };
    }
    if (req.method === 'POST' && req.path === APOLLO_SEARCH_PATH) {
      const domains = listParam(req, 'q_organization_domains_list');
      const titles = listParam(req, 'person_titles').map((t) => t.toLowerCase());
      if (domains.length === 0 && titles.length === 0) return { status: 422, body: { error: 'At least one search filter is required.' } };
      const perPage = Math.min(100, Number(req.query.per_page ?? (req.body as { per_page?: number } | undefined)?.per_page ?? 25) || 25);
      const people = domains
        .flatMap((d) => (byDomain[d] ?? []).map((p) => ({ p, d })))
        .filter(({ p }) => titles.length === 0 || titles.some((t) => (p.title ?? '').toLowerCase().includes(t)))
        .slice(0, perPage)
        .map(({ p, d }) => ({
          id: p.id,
          first_name: p.first_name,
          last_name_obfuscated: obfuscate(p.last_name),
          title: p.title,
          last_refreshed_at: '2026-11-01T00:00:00.000+00:00',
          has_email: Boolean(p.email),
          has_city: true,
          has_state: true,
          has_country: true,
          has_direct_phone: 'Maybe: please request direct dial',
          organization: { name: organization(d).name, has_industry: true, has_phone: true },
        }));
      return { status: 200, body: { total_entries: people.length, people } };
    }
    if (req.method === 'POST' && req.path === APOLLO_MATCH_PATH) {
      const id = (req.body as { id?: unknown } | undefined)?.id ?? req.query.id;
      if (typeof id !== 'string' || !id) return { status: 422, body: { error: 'Provide an id, an email, or a name with a domain.' } };
      const found = byId.get(id);
      if (!found) return { status: 200, body: { person: null } };
      const { person: p, domain } = found;
      return {
        status: 200,
        body: {
          person: {
            id: p.id,
            first_name: p.first_name,
            last_name: p.last_name,
            name: `${p.first_name} ${p.last_name}`,
            linkedin_url: p.linkedin_url ?? null,
            title: p.title,
            seniority: p.seniority ?? null,
            email_status: p.email_status ?? null,
            email: p.locked ? 'email_not_unlocked@domain.com' : (p.email ?? null),
            organization_id: `org-${domain}`,
            organization: organization(domain),
          },
        },
      };
    }
    return { status: 404, body: { error: 'Not found' } };
  };

  const server = await startProviderFake(handle);
  return {
    ...server,
    apiKey,
    revealedIds: () =>
      server.requests
        .filter((r) => r.path === APOLLO_MATCH_PATH)
        .map((r) => String((r.body as { id?: unknown } | undefined)?.id ?? r.query.id ?? '')),
    searchedDomains: () => server.requests.filter((r) => r.path === APOLLO_SEARCH_PATH).flatMap((r) => listParam(r, 'q_organization_domains_list')),
  };
}
