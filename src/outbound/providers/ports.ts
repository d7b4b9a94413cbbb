/**
 * What a prospecting campaign (SPEC section 8) needs from the paid research providers, each behind a
 * small interface so the campaign chain never knows which vendor answered. Adapters live beside this
 * file (one per vendor); the campaign code only sees these types.
 *
 * Changes since the first version (all compatible): `DomainMetricsProvider.batchSize`.
 *
 * Every call reports what it cost through `CallMeter`, so the campaign can record calls and
 * units/credits per provider, and every failure is a `ProviderError` naming the provider and what
 * went wrong (the campaign's `error`).
 */

/** The providers a campaign can be charged for; the keys of a campaign's `cost`. */
export type ProviderName = 'dataforseo' | 'serpapi' | 'ahrefs' | 'apollo';

/** One billed (or free) call, recorded on the campaign: `cost[provider].calls += 1, .units += units`. */
export interface ProviderCall {
  provider: ProviderName;
  /** e.g. "serp/google/organic/live/advanced", "people/match". */
  endpoint: string;
  /** Units/credits the vendor charges for this call (DataForSEO `cost`, Apollo credits, Ahrefs units); 0 when free. */
  units: number;
}

export interface CallMeter {
  record(call: ProviderCall): void | Promise<void>;
}

/** Why a provider call failed, worded for the campaign's `error` (never contains a key or password). */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    message: string,
    /** True for 429/5xx/timeouts (worth retrying the job later); false for auth or a bad request. */
    readonly retryable: boolean,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

/** One organic search result. */
export interface SerpResult {
  /** 1-based organic rank. */
  rank: number;
  url: string;
  title: string | null;
  /** Host as the provider reported it (normalised later by the campaign). */
  domain: string;
}

export interface SerpQuery {
  keyword: string;
  /** e.g. "United States"; the adapter maps it to its own parameter. */
  location?: string | undefined;
  /** ISO 639-1, e.g. "en". */
  language?: string | undefined;
  /** How many results, 10–100. */
  depth: number;
}

export interface SerpProvider {
  readonly name: ProviderName;
  search(query: SerpQuery, meter: CallMeter): Promise<SerpResult[]>;
}

/** A domain linking to the competitor. `domainRating` is Ahrefs DR only: never fill it from a DataForSEO `rank`. */
export interface ReferringDomain {
  domain: string;
  domainRating: number | null;
  organicTraffic: number | null;
}

export interface ReferringDomainsProvider {
  readonly name: ProviderName;
  referringDomains(competitorDomain: string, limit: number, meter: CallMeter): Promise<ReferringDomain[]>;
}

export interface DomainMetrics {
  domain: string;
  domainRating: number | null;
  organicTraffic: number | null;
  organicKeywords: number | null;
  referringDomains: number | null;
  backlinks: number | null;
}

export interface DomainMetricsProvider {
  readonly name: ProviderName;
  /**
   * Targets per vendor request (Ahrefs batch-analysis: 25). Added after the first version (compatible):
   * a caller that stores each call's answer (lookup-once) should hand `metrics` at most this many
   * domains at a time, so a failure part-way never loses a batch already paid for.
   */
  readonly batchSize?: number;
  /** Batches internally (by `batchSize`); returns one entry per domain it has figures for. */
  metrics(domains: readonly string[], meter: CallMeter): Promise<DomainMetrics[]>;
}

/** A person found at a domain by the free search: no email yet. */
export interface PersonCandidate {
  /** The vendor's id (Apollo person id), kept on the contact as `apolloPersonId`. */
  providerPersonId: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  seniority: string | null;
  linkedinUrl: string | null;
}

/** A revealed person: `email` is null when the vendor has none usable (unverified or locked). */
export interface RevealedPerson extends PersonCandidate {
  email: string | null;
  emailStatus: string | null;
}

export interface PeopleProvider {
  readonly name: ProviderName;
  /** Free search; never returns emails. */
  search(domain: string, titles: readonly string[], meter: CallMeter): Promise<PersonCandidate[]>;
  /** Paid reveal of exactly one chosen person. */
  reveal(candidate: PersonCandidate, meter: CallMeter): Promise<RevealedPerson>;
}

/** The providers configured in this process (null when its keys are not set). */
export interface Providers {
  serp: SerpProvider | null;
  referringDomains: ReferringDomainsProvider | null;
  metrics: DomainMetricsProvider | null;
  people: PeopleProvider | null;
}
