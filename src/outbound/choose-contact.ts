/**
 * Which person at a partner domain to reveal (one paid reveal per kept domain, SPEC section 8 step 4):
 * a pure ranking of the free search's candidates by how likely they decide what gets published or
 * linked on the site, with the reason text for the CONTACT_RESEARCH event.
 *
 * Title tiers (first match wins, on word boundaries, case-insensitive):
 *   editorial (editor, editor-in-chief, managing editor, editorial)                          100
 *   content / SEO (content manager, head of content, content lead, SEO, link building)       90
 *   publishing (blog, publisher, webmaster, site owner)                                      80
 *   marketing (marketing, growth, brand, CMO, digital)                                       70
 *   founder / owner / CEO / president (small sites: the owner publishes)                     60
 *   PR / communications / partnerships / outreach                                            50
 *   writer / journalist / author / contributor (publishes, rarely decides on links)          40
 *   unknown or other titles                                                                  30
 *   deprioritised: sales, account executive, business development, engineering, developer,
 *   IT, support, HR/recruiting, finance, legal, operations, assistants and interns           10
 *   (unless the title is also editorial or content/SEO: "Editorial Assistant" stays editorial)
 * Seniority (Apollo's values) adds a little: manager/head/director +8, vp +6, c_suite/owner/founder/
 * partner +4, senior +3, entry 0, intern −5. A candidate without a first name loses 2 (the email
 * greets them by name). Ties keep the search's order.
 */
import type { PersonCandidate } from './providers/ports.ts';

interface Tier {
  score: number;
  label: string;
  pattern: RegExp;
}

/** The titles to ask the people search for (Apollo matches substrings of titles). */
export const OUTREACH_TITLES: readonly string[] = [
  'editor',
  'content',
  'seo',
  'blog',
  'publisher',
  'webmaster',
  'marketing',
  'founder',
  'owner',
  'ceo',
  'partnerships',
];

// Deprioritised words win over every tier but the editorial and content/SEO ones: an "Editorial
// Assistant" is still editorial, a "Sales & Marketing Director" is first of all in sales.
const DEPRIORITISED: Tier = {
  score: 10,
  label: 'a role that does not decide on content or links',
  pattern:
    /\b(sales|account (executive|manager)|business development|bdr|sdr|engineer(ing)?|developer|software|devops|it|support|customer success|hr|human resources|recruit(er|ing)|talent|finance|accountant|legal|counsel|operations|assistant|intern)\b/i,
};

const TIERS: readonly Tier[] = [
  { score: 100, label: 'an editorial role: decides what gets published', pattern: /\b(editor(s)?(-| )in(-| )chief|managing editor|editor|editorial|redakt(eur|ion)|rédact(eur|rice|ion))\b/i },
  { score: 90, label: 'runs content or SEO, where link requests land', pattern: /\b(content|seo|link ?building|search engine optimi[sz]ation)\b/i },
  { score: 80, label: 'runs the site or blog', pattern: /\b(blog|publisher|publishing|webmaster|site owner|website owner)\b/i },
  { score: 70, label: 'a marketing role: often owns the site and its partnerships', pattern: /\b(marketing|growth|brand|cmo|digital)\b/i },
  { score: 60, label: 'founder or owner: on a small site the owner publishes', pattern: /\b(co-?founder|founder|owner|ceo|chief executive|president|proprietor)\b/i },
  { score: 50, label: 'PR, communications or partnerships', pattern: /\b(pr|public relations|communications?|partnerships?|outreach|affiliate)\b/i },
  { score: 40, label: 'writes for the site (rarely decides on links)', pattern: /\b(writer|journalist|author|contributor|reporter|columnist|copywriter)\b/i },
];

const SENIORITY_BONUS: Readonly<Record<string, number>> = {
  manager: 8,
  head: 8,
  director: 8,
  vp: 6,
  c_suite: 4,
  owner: 4,
  founder: 4,
  partner: 4,
  senior: 3,
  entry: 0,
  intern: -5,
};

export interface RankedContact {
  candidate: PersonCandidate;
  score: number;
  /** Why this title ranks where it does. */
  why: string;
}

export function scoreContact(candidate: PersonCandidate): RankedContact {
  const title = candidate.title?.trim() ?? '';
  const matched = title ? TIERS.find((t) => t.pattern.test(title)) : undefined;
  const tier = title && DEPRIORITISED.pattern.test(title) && (matched?.score ?? 0) < 90 ? DEPRIORITISED : matched;
  let score = tier?.score ?? 30;
  const why = tier?.label ?? (title ? 'no title we recognise' : 'no title known');
  score += SENIORITY_BONUS[candidate.seniority?.trim().toLowerCase() ?? ''] ?? 0;
  if (!candidate.firstName) score -= 2;
  return { candidate, score, why };
}

/** Best first; equal scores keep the input order. */
export function rankContacts(candidates: readonly PersonCandidate[]): RankedContact[] {
  return candidates
    .map((candidate, index) => ({ ranked: scoreContact(candidate), index }))
    .sort((a, b) => b.ranked.score - a.ranked.score || a.index - b.index)
    .map((r) => r.ranked);
}

export interface ContactChoice {
  chosen: PersonCandidate;
  score: number;
  /** For the CONTACT_RESEARCH event: who was chosen, why, and who else was considered. */
  reason: string;
  /** Every candidate, best first (only `chosen` may be revealed). */
  ranked: RankedContact[];
}

export function describePerson(p: PersonCandidate): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ') || `person ${p.providerPersonId}`;
  const role = [p.title, p.seniority].filter(Boolean).join(', ');
  return role ? `${name} (${role})` : name;
}

/** The one person to reveal, or null when the search found nobody. */
export function chooseContact(candidates: readonly PersonCandidate[]): ContactChoice | null {
  const ranked = rankContacts(candidates);
  const best = ranked[0];
  if (!best) return null;
  const others = ranked.slice(1, 4).map((r) => describePerson(r.candidate));
  const more = ranked.length > 4 ? ` and ${ranked.length - 4} more` : '';
  const considered =
    ranked.length === 1 ? 'the only person found' : `${ranked.length} people considered; next best: ${others.join('; ')}${more}`;
  return {
    chosen: best.candidate,
    score: best.score,
    reason: `Chose ${describePerson(best.candidate)}: ${best.why} (${considered}).`,
    ranked,
  };
}
