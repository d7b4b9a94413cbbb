/**
 * Why this process cannot run a campaign of this input, as the 400 message naming the keys, or null:
 * the research providers (missingProviderMessage), and INSTANTLY_API_KEY for the Instantly channel.
 */
import { missingProviderMessage } from './providers/create-providers.ts';
import type { Providers } from './providers/ports.ts';
import type { CampaignInput } from './types.ts';

export function missingCampaignProvider(input: CampaignInput, providers: Providers, configured: { instantly: boolean }): string | null {
  const f = input.filters;
  const research = missingProviderMessage(input.kind, providers, { domainRatingFilter: f.minDomainRating !== undefined || f.maxDomainRating !== undefined });
  if (research) return research;
  if (input.pitch.instantlyCampaignId && !configured.instantly) return 'pitch.instantlyCampaignId needs INSTANTLY_API_KEY (leads are added through the Instantly API)';
  return null;
}
