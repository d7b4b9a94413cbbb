/**
 * A prospecting campaign (`scmp_`, SPEC section 8) and its prospects: the public API shapes, which are
 * also what the steps store. The chain: research → enrich → filter → discover → draft.
 */
export const CAMPAIGN_KINDS = ['SERP', 'COMPETITOR', 'IMPORT'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_STATUSES = ['RUNNING', 'WAITING_APPROVAL', 'DONE', 'FAILED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_STEPS = ['research', 'enrich', 'filter', 'discover', 'draft', 'done'] as const;
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number];

export const PROSPECT_STATUSES = ['FOUND', 'DROPPED', 'KEPT', 'NO_CONTACT', 'CONTACT_FOUND', 'DRAFTED', 'FAILED'] as const;
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];

export interface CampaignFilters {
  minDomainRating?: number | undefined;
  maxDomainRating?: number | undefined;
  skipContactedWithinDays?: number | undefined;
  excludeDomains?: string[] | undefined;
  /** How many kept prospects get a contact and a draft (default 50). */
  maxProspects?: number | undefined;
}

export interface CampaignPitch {
  /** Our page the email offers (URL); its host is the client's own domain, never pitched. */
  ourContent: string;
  angle?: string | undefined;
  mailboxId?: string | undefined;
  instantlyCampaignId?: string | undefined;
  fromName?: string | undefined;
}

/** A prospect the agency already has (IMPORT): the contact may come with it. */
export interface ImportedProspect {
  domain: string;
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  position?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
}

export type CampaignInput =
  | { kind: 'SERP'; keyword: string; location?: string | undefined; language?: string | undefined; depth: number; filters: CampaignFilters; pitch: CampaignPitch }
  | { kind: 'COMPETITOR'; competitorDomain: string; filters: CampaignFilters; pitch: CampaignPitch }
  | { kind: 'IMPORT'; prospects: ImportedProspect[]; filters: CampaignFilters; pitch: CampaignPitch };

export interface CampaignCounts {
  found: number;
  kept: number;
  dropped: number;
  noContact: number;
  drafted: number;
  approved: number;
  sent: number;
}

export type CampaignCost = Record<string, { calls: number; units: number }>;

export interface Campaign {
  id: string;
  kind: CampaignKind;
  workspaceId: string;
  input: Omit<CampaignInput, 'kind'>;
  status: CampaignStatus;
  /** Where the chain is (extension): research, enrich, filter, discover, draft, done. */
  step: CampaignStep;
  error: string | null;
  counts: CampaignCounts;
  cost: CampaignCost;
  createdAt: string;
  updatedAt: string;
}

export interface Prospect {
  domain: string;
  rank: number | null;
  url: string | null;
  title: string | null;
  domainRating: number | null;
  kept: boolean | null;
  /**
   * The filter's verdict as a code: why it was dropped (DO_NOT_CONTACT, BOUNCED, COOLING_OFF, IN_PIPELINE,
   * RECENTLY_CONTACTED, DR_BELOW_MIN, OWN_DOMAIN, COMPETITOR, EXCLUDED, PLATFORM, MAX_PROSPECTS, ...) or
   * why kept (NEW_PROSPECT, CONTACTED_BY_OTHER_ORG); null before the filter ran.
   */
  reason: string | null;
  /** The verdict in words (extension). */
  reasonDetail: string | null;
  /** Why a kept prospect stopped short: no usable address (NO_CONTACT), or why its email could not be created (FAILED). */
  statusReason: string | null;
  accountId: string | null;
  relationshipId: string | null;
  contact: { id: string; email: string; name: string | null; position: string | null } | null;
  outreachId: string | null;
  approvalId: string | null;
  /** The prospect's stage; once drafted, its email's status (WAITING_APPROVAL, APPROVED, QUEUED, SENT, ...). */
  status: string;
}

/** Every step's job names the campaign; a retry of a step re-reads what is stored and repeats nothing. */
export interface CampaignJob {
  campaignId: string;
}
