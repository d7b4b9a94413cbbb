/**
 * Why this process cannot run a campaign of this input, as the 400 naming the keys (and the field of the
 * request that needs them), or null: the research providers (missingProviderMessage), and
 * INSTANTLY_API_KEY for the Instantly channel.
 */
import { missingProviderMessage } from './providers/create-providers.ts';
import type { Providers } from './providers/ports.ts';
import type { CampaignInput } from './types.ts';

export interface MissingProvider {
  message: string;
  field: string;
}

export function missingCampaignProvider(input: CampaignInput, providers: Providers, configured: { instantly: boolean }): MissingProvider | null {
  const f = input.filters;
  const research = missingProviderMessage(input.kind, providers, { domainRatingFilter: f.minDomainRating !== undefined || f.maxDomainRating !== undefined });
  if (research) return { message: research, field: input.kind === 'SERP' ? 'body.keyword' : 'body.competitorDomain' };
  if (input.pitch.instantlyCampaignId && !configured.instantly) {
    return { message: 'pitch.instantlyCampaignId needs INSTANTLY_API_KEY (leads are added through the Instantly API)', field: 'body.pitch.instantlyCampaignId' };
  }
  return null;
}
