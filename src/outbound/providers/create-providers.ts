/**
 * Builds the providers this process can use from its configuration: a vendor without its key is null.
 * Preferences when both vendors of a kind are configured: DataForSEO over SerpApi for SERP (one
 * request per keyword whatever the depth, SerpApi needs one per 10 results); Ahrefs over DataForSEO
 * for referring domains (Ahrefs gives real DR; DataForSEO's `rank` is not DR). Metrics are Ahrefs only.
 */
import type { Config } from '../../config.ts';
import { createAhrefsMetrics } from './ahrefs-metrics.ts';
import { createAhrefsReferringDomains } from './ahrefs-refdomains.ts';
import { createApolloPeople } from './apollo-people.ts';
import { createDataForSeoReferringDomains } from './dataforseo-refdomains.ts';
import { createDataForSeoSerp } from './dataforseo-serp.ts';
import { createProviderHttp } from './http-client.ts';
import type { ProviderHttpOptions } from './http-client.ts';
import type { Providers } from './ports.ts';
import { createSerpApiSerp } from './serpapi-serp.ts';

export type ProviderConfig = Pick<
  Config,
  | 'DATAFORSEO_LOGIN'
  | 'DATAFORSEO_PASSWORD'
  | 'DATAFORSEO_BASE_URL'
  | 'SERPAPI_KEY'
  | 'SERPAPI_BASE_URL'
  | 'AHREFS_API_KEY'
  | 'AHREFS_BASE_URL'
  | 'APOLLO_API_KEY'
  | 'APOLLO_BASE_URL'
>;

/** Transport knobs shared by every adapter (tests shorten the waits). */
export type ProviderTransportOptions = Pick<ProviderHttpOptions, 'timeoutMs' | 'maxRetries' | 'maxRetryWaitMs' | 'sleep'> & {
  /** Targets per Ahrefs batch-analysis request (default 25). */
  ahrefsBatchSize?: number;
};

export function createProviders(config: ProviderConfig, options: ProviderTransportOptions = {}): Providers {
  const transport = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.maxRetryWaitMs === undefined ? {} : { maxRetryWaitMs: options.maxRetryWaitMs }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  };

  const dataForSeo =
    config.DATAFORSEO_LOGIN && config.DATAFORSEO_PASSWORD
      ? createProviderHttp({
          provider: 'dataforseo',
          baseURL: config.DATAFORSEO_BASE_URL,
          headers: { authorization: `Basic ${Buffer.from(`${config.DATAFORSEO_LOGIN}:${config.DATAFORSEO_PASSWORD}`).toString('base64')}` },
          secrets: [config.DATAFORSEO_PASSWORD],
          ...transport,
        })
      : null;
  const serpApiKey = config.SERPAPI_KEY;
  const serpApi = serpApiKey
    ? createProviderHttp({ provider: 'serpapi', baseURL: config.SERPAPI_BASE_URL, secrets: [serpApiKey], ...transport })
    : null;
  const ahrefs = config.AHREFS_API_KEY
    ? createProviderHttp({
        provider: 'ahrefs',
        baseURL: config.AHREFS_BASE_URL,
        headers: { authorization: `Bearer ${config.AHREFS_API_KEY}` },
        secrets: [config.AHREFS_API_KEY],
        ...transport,
      })
    : null;
  const apollo = config.APOLLO_API_KEY
    ? createProviderHttp({
        provider: 'apollo',
        baseURL: config.APOLLO_BASE_URL,
        headers: { 'x-api-key': config.APOLLO_API_KEY, 'cache-control': 'no-cache' },
        secrets: [config.APOLLO_API_KEY],
        ...transport,
      })
    : null;

  return {
    serp: dataForSeo ? createDataForSeoSerp(dataForSeo) : serpApi && serpApiKey ? createSerpApiSerp(serpApi, serpApiKey) : null,
    referringDomains: ahrefs ? createAhrefsReferringDomains(ahrefs) : dataForSeo ? createDataForSeoReferringDomains(dataForSeo) : null,
    metrics: ahrefs ? createAhrefsMetrics(ahrefs, options.ahrefsBatchSize) : null,
    people: apollo ? createApolloPeople(apollo) : null,
  };
}

export type CampaignKind = 'SERP' | 'COMPETITOR' | 'IMPORT';

const SERP_KEYS = 'DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD, or SERPAPI_KEY';
const REFDOMAIN_KEYS = 'AHREFS_API_KEY, or DATAFORSEO_LOGIN and DATAFORSEO_PASSWORD';
const PEOPLE_KEYS = 'APOLLO_API_KEY (contact discovery)';
const METRICS_KEYS = 'AHREFS_API_KEY (Domain Rating for minDomainRating/maxDomainRating)';

/**
 * The 400 message for a campaign this process cannot run, naming the missing keys; null when it can.
 * SERP and COMPETITOR need their research provider and Apollo (without contacts a campaign can draft
 * nothing). A DR filter needs Ahrefs unless the referring domains already came with Ahrefs DR.
 * IMPORT needs nothing: its domains or prospects are given, and without Apollo they keep their emails
 * (or become NO_CONTACT).
 */
export function missingProviderMessage(
  kind: CampaignKind,
  providers: Providers,
  options: { domainRatingFilter?: boolean } = {},
): string | null {
  if (kind === 'IMPORT') return null;
  const missing: string[] = [];
  if (kind === 'SERP' && !providers.serp) missing.push(SERP_KEYS);
  if (kind === 'COMPETITOR' && !providers.referringDomains) missing.push(REFDOMAIN_KEYS);
  if (!providers.people) missing.push(PEOPLE_KEYS);
  const drFromRefdomains = kind === 'COMPETITOR' && providers.referringDomains?.name === 'ahrefs';
  if (options.domainRatingFilter && !providers.metrics && !drFromRefdomains) missing.push(METRICS_KEYS);
  if (missing.length === 0) return null;
  const label = kind === 'SERP' ? 'SERP outreach' : 'Competitor outreach';
  return `${label} needs ${missing.join('; and ')}`;
}
