/**
 * Step 3 of a prospecting campaign (SPEC section 8): a pure decision, for every candidate, whether it
 * is kept and why not. Time and every CRM fact come in as arguments; the campaign loads the facts
 * (`ProspectFacts`, one per normalised domain) before calling, and records each decision.
 *
 * Checks, in this order (the first that applies is the reason):
 *   INVALID_DOMAIN, DUPLICATE (a better-ranked candidate has the same normalised domain),
 *   OWN_DOMAIN (same site as the host of pitch.ourContent), COMPETITOR, EXCLUDED (excludeDomains, or a
 *   subdomain of one), PLATFORM (platforms.ts), DO_NOT_CONTACT, BOUNCED, COOLING_OFF (coolingOffUntil
 *   after now), IN_PIPELINE (this workspace already has a relationship), RECENTLY_CONTACTED (anyone on
 *   the platform within skipContactedWithinDays; off unless set), DR_UNKNOWN / DR_BELOW_MIN /
 *   DR_ABOVE_MAX (only when a bound is set), and last MAX_PROSPECTS (the first maxProspects survivors
 *   in input order are kept — research order is best first).
 * A kept domain that another workspace has contacted starts as CONTACTED_BY_OTHER_ORG (the heads-up
 * of section 2), otherwise PROSPECTING.
 *
 * DR with a bound set but no figure (no metrics provider, or Ahrefs has none) is dropped as DR_UNKNOWN:
 * the user asked for a floor or ceiling and an unknown DR cannot be shown to meet it (a floor of 0 or a
 * ceiling of 100 restricts nothing and does not drop it).
 */
import { normalizeDomain } from '../../crm/normalize-domain.ts';
import type { SystemContactStatus } from '../../crm/types.ts';
import { normalizeProspects, sameSite } from './normalize-prospects.ts';
import { platformOf } from './platforms.ts';

export const DEFAULT_MAX_PROSPECTS = 50;
const DAY_MS = 86_400_000;

/** What research found: a host, a URL or a domain, with whatever the research step knew. */
export interface ProspectCandidate {
  domain: string;
  /** Ahrefs DR when the research or enrichment had it (never DataForSEO's rank). */
  domainRating?: number | null;
}

/** What the campaign loads from the CRM for one normalised domain (absent: no account yet). */
export interface ProspectFacts {
  /** The shared account's status (DO_NOT_CONTACT and BOUNCED drop the domain). */
  systemContactStatus: SystemContactStatus;
  /** ISO time; a future value drops the domain. */
  coolingOffUntil: string | null;
  /** ISO time of the last contact by anyone on the platform (the account's lastContactedAt). */
  lastContactedAt: string | null;
  /** This workspace already has a relationship with the account, in any status. */
  inWorkspacePipeline: boolean;
  /** Another workspace has contacted the account (its relationship has contactedByUs). */
  contactedByOtherWorkspace: boolean;
  /** The shared account's Ahrefs DR, used when the candidate carries none. */
  domainRating: number | null;
}

export interface ProspectFilters {
  minDomainRating?: number | undefined;
  maxDomainRating?: number | undefined;
  skipContactedWithinDays?: number | undefined;
  excludeDomains?: readonly string[] | undefined;
  maxProspects?: number | undefined;
}

export interface ProspectFilterInput extends ProspectFilters {
  /** pitch.ourContent: its host is the client's own domain. */
  ourContent: string | null;
  /** The competitor of a COMPETITOR campaign. */
  competitorDomain?: string | null | undefined;
}

export type DropReason =
  | 'INVALID_DOMAIN'
  | 'DUPLICATE'
  | 'OWN_DOMAIN'
  | 'COMPETITOR'
  | 'EXCLUDED'
  | 'PLATFORM'
  | 'DO_NOT_CONTACT'
  | 'BOUNCED'
  | 'COOLING_OFF'
  | 'IN_PIPELINE'
  | 'RECENTLY_CONTACTED'
  | 'DR_UNKNOWN'
  | 'DR_BELOW_MIN'
  | 'DR_ABOVE_MAX'
  | 'MAX_PROSPECTS';

export type KeepReason = 'NEW_PROSPECT' | 'CONTACTED_BY_OTHER_ORG';

export interface KeptProspect<C> {
  kept: true;
  domain: string;
  candidate: C;
  reason: KeepReason;
  /** For the prospects list and the CRM event. */
  detail: string;
  startStatus: 'PROSPECTING' | 'CONTACTED_BY_OTHER_ORG';
  domainRating: number | null;
}

export interface DroppedProspect<C> {
  kept: false;
  /** Null only for INVALID_DOMAIN: the raw input is in `candidate.domain`. */
  domain: string | null;
  candidate: C;
  reason: DropReason;
  detail: string;
}

export type ProspectDecision<C> = KeptProspect<C> | DroppedProspect<C>;

export interface FilterResult<C> {
  kept: KeptProspect<C>[];
  dropped: DroppedProspect<C>[];
  /** Every candidate exactly once, in input order. */
  decisions: ProspectDecision<C>[];
}

export type FactsByDomain = ReadonlyMap<string, ProspectFacts> | Readonly<Record<string, ProspectFacts>>;

function factsFor(facts: FactsByDomain, domain: string): ProspectFacts | undefined {
  return facts instanceof Map ? facts.get(domain) : (facts as Readonly<Record<string, ProspectFacts>>)[domain];
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  return normalizeDomain(url);
}

export function filterProspects<C extends ProspectCandidate>(
  candidates: readonly C[],
  facts: FactsByDomain,
  filters: ProspectFilterInput,
  now: Date,
): FilterResult<C> {
  const nowMs = now.getTime();
  const own = hostOf(filters.ourContent);
  const competitor = filters.competitorDomain ? normalizeDomain(filters.competitorDomain) : null;
  const excluded = (filters.excludeDomains ?? []).map((d) => normalizeDomain(d)).filter((d): d is string => d !== null);
  const maxProspects = filters.maxProspects ?? DEFAULT_MAX_PROSPECTS;
  const { minDomainRating: min, maxDomainRating: max, skipContactedWithinDays: skipDays } = filters;

  // Decisions by input position: the same object may legitimately appear twice.
  const decided: Array<ProspectDecision<C> | undefined> = new Array<ProspectDecision<C> | undefined>(candidates.length);
  const drop = (at: number, candidate: C, domain: string | null, reason: DropReason, detail: string) => {
    decided[at] = { kept: false, domain, candidate, reason, detail };
  };

  const indexed = candidates.map((candidate, at) => ({ domain: candidate.domain, candidate, at }));
  const { unique, invalid, duplicates } = normalizeProspects(indexed);
  for (const { candidate, at } of invalid) drop(at, candidate, null, 'INVALID_DOMAIN', `"${candidate.domain.slice(0, 100)}" is not a domain`);
  for (const { domain, candidate: { candidate, at } } of duplicates) drop(at, candidate, domain, 'DUPLICATE', `${domain} appears earlier in the results`);

  let keptCount = 0;
  for (const { domain, candidate: { candidate, at } } of unique) {
    const f = factsFor(facts, domain);
    const dr = candidate.domainRating ?? f?.domainRating ?? null;
    const why = ((): [DropReason, string] | null => {
      if (own && sameSite(domain, own)) return ['OWN_DOMAIN', `the client's own site (host of pitch.ourContent: ${own})`];
      if (competitor && sameSite(domain, competitor)) return ['COMPETITOR', `the competitor's own site (${competitor})`];
      const ex = excluded.find((e) => domain === e || domain.endsWith(`.${e}`));
      if (ex) return ['EXCLUDED', `in excludeDomains (${ex})`];
      const platform = platformOf(domain);
      if (platform) return ['PLATFORM', `a platform nobody pitches (${platform})`];
      if (f?.systemContactStatus === 'DO_NOT_CONTACT') return ['DO_NOT_CONTACT', 'DO_NOT_CONTACT: nobody on the platform may email this domain'];
      if (f?.systemContactStatus === 'BOUNCED') return ['BOUNCED', 'BOUNCED: mail to this domain bounced'];
      if (f?.coolingOffUntil && Date.parse(f.coolingOffUntil) > nowMs) return ['COOLING_OFF', `cooling off until ${f.coolingOffUntil}`];
      if (f?.inWorkspacePipeline) return ['IN_PIPELINE', "already in this workspace's pipeline"];
      if (skipDays !== undefined && f?.lastContactedAt) {
        const ageDays = (nowMs - Date.parse(f.lastContactedAt)) / DAY_MS;
        if (ageDays < skipDays) {
          return ['RECENTLY_CONTACTED', `contacted on the platform ${Math.max(0, Math.floor(ageDays))} days ago (skipContactedWithinDays ${skipDays})`];
        }
      }
      // A floor of 0 or a ceiling of 100 rules nothing out, so it cannot rule out an unknown DR either.
      const restrictive = (min !== undefined && min > 0) || (max !== undefined && max < 100);
      if (dr === null && restrictive) {
        return ['DR_UNKNOWN', `no Domain Rating known, and a DR ${min !== undefined && min > 0 ? `minimum ${min}` : `maximum ${max}`} is set`];
      }
      if (dr !== null && min !== undefined && dr < min) return ['DR_BELOW_MIN', `DR ${dr} is below minDomainRating ${min}`];
      if (dr !== null && max !== undefined && dr > max) return ['DR_ABOVE_MAX', `DR ${dr} is above maxDomainRating ${max}`];
      if (keptCount >= maxProspects) return ['MAX_PROSPECTS', `beyond maxProspects ${maxProspects}`];
      return null;
    })();
    if (why) {
      drop(at, candidate, domain, why[0], why[1]);
      continue;
    }
    keptCount += 1;
    const other = f?.contactedByOtherWorkspace === true;
    decided[at] = {
      kept: true,
      domain,
      candidate,
      reason: other ? 'CONTACTED_BY_OTHER_ORG' : 'NEW_PROSPECT',
      detail: other ? 'kept; another workspace has contacted this partner, so it starts as CONTACTED_BY_OTHER_ORG' : 'kept',
      startStatus: other ? 'CONTACTED_BY_OTHER_ORG' : 'PROSPECTING',
      domainRating: dr,
    };
  }

  const decisions = decided.filter((d): d is ProspectDecision<C> => d !== undefined);
  return {
    kept: decisions.filter((d): d is KeptProspect<C> => d.kept),
    dropped: decisions.filter((d): d is DroppedProspect<C> => !d.kept),
    decisions,
  };
}
