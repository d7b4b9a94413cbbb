/**
 * Step 2 of a campaign: found hosts/URLs → partner domains (the account rule of SPEC section 2:
 * lower case, no scheme, no `www.`, no path), deduplicated keeping the first occurrence — research
 * results arrive best first (SERP rank, DR order), so the first is the one to keep. The campaign
 * enriches and looks up only `unique`, so no domain is paid for twice in one campaign.
 */
import { normalizeDomain } from '../../crm/normalize-domain.ts';

export interface NormalizedProspects<C> {
  /** One per normalised domain, in input order. */
  unique: Array<{ domain: string; candidate: C }>;
  /** Inputs with nothing domain-like in them. */
  invalid: C[];
  /** Later inputs for a domain already in `unique`. */
  duplicates: Array<{ domain: string; candidate: C }>;
}

export function normalizeProspects<C extends { domain: string }>(candidates: readonly C[]): NormalizedProspects<C> {
  const seen = new Set<string>();
  const out: NormalizedProspects<C> = { unique: [], invalid: [], duplicates: [] };
  for (const candidate of candidates) {
    const domain = normalizeDomain(candidate.domain);
    if (!domain) out.invalid.push(candidate);
    else if (seen.has(domain)) out.duplicates.push({ domain, candidate });
    else {
      seen.add(domain);
      out.unique.push({ domain, candidate });
    }
  }
  return out;
}

/** Normalised, deduplicated domains in first-seen order (invalid ones left out). */
export function dedupeDomains(inputs: readonly string[]): string[] {
  return normalizeProspects(inputs.map((domain) => ({ domain }))).unique.map((u) => u.domain);
}

/** True when `a` and `b` are the same site or one is a subdomain of the other (blog.client.com ~ client.com). */
export function sameSite(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}
