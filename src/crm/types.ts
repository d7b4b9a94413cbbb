/** CRM entities as the API returns them (SPEC section 2). Field names are the public contract. */
export const SYSTEM_CONTACT_STATUSES = [
  'NEVER_CONTACTED',
  'CONTACTED',
  'RESPONSIVE',
  'RATE_ESTABLISHED',
  'DO_NOT_CONTACT',
  'BOUNCED',
] as const;
export type SystemContactStatus = (typeof SYSTEM_CONTACT_STATUSES)[number];

export const RELATIONSHIP_STATUSES = [
  'PROSPECTING',
  'APPROVED_TO_CONTACT',
  'QUEUED',
  'CONTACTED_BY_US',
  'CONTACTED_BY_OTHER_ORG',
  'ACTIVELY_ENGAGED',
  'LINK_PLACED',
  'NOT_INTERESTED',
  'INACTIVE',
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SOURCES = ['SEARCH', 'COMPETITOR', 'INBOUND', 'MANUAL', 'IMPORT'] as const;
export type Source = (typeof SOURCES)[number];

export const EVENT_TYPES = [
  'EMAIL_SENT',
  'EMAIL_RECEIVED',
  'LINK_PLACED',
  'REJECTED',
  'CALL_SCHEDULED',
  'NOTE_ADDED',
  'STATUS_CHANGED',
  'CONTACT_RESEARCH',
  'MESSAGE_CLASSIFIED',
  'GATES_EVALUATED',
  'REPLY_DRAFTED',
  'APPROVAL_REQUESTED',
  'APPROVAL_GRANTED',
  'APPROVAL_DENIED',
  'RATE_NEGOTIATED',
  'BOUNCED',
  'AUTO_REPLY_RECEIVED',
  // placed-link verification (SPEC section 9, src/intel/links): written only by the verifier
  'LINK_VERIFIED',
  'LINK_ISSUE',
  'LINK_LOST',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Event types a client may POST by hand; the rest are written only by the pipeline. */
export const MANUAL_EVENT_TYPES = [
  'NOTE_ADDED',
  'CALL_SCHEDULED',
  'LINK_PLACED',
  'REJECTED',
  'CONTACT_RESEARCH',
  'STATUS_CHANGED',
] as const satisfies readonly EventType[];

export interface Account {
  id: string;
  domain: string;
  name: string | null;
  source: Source | null;
  sourceDetails: string | null;
  rawNotes: string | null;
  bestContactId: string | null;
  isActive: boolean;
  lastContactedAt: string | null;
  systemContactStatus: SystemContactStatus;
  firstContactedAt: string | null;
  firstContactedByOrgId: string | null;
  lastContactedByOrgId: string | null;
  coolingOffUntil: string | null;
  contactAttemptCount: number;
  priceLinkInsertion: number | null;
  priceGuestPost: number | null;
  /** ISO 4217 currency of the stored prices (extension to the SPEC field list). */
  priceCurrency: string | null;
  pricesUpdatedAt: string | null;
  domainRating: number | null;
  organicTraffic: number | null;
  organicKeywords: number | null;
  referringDomains: number | null;
  backlinks: number | null;
  ahrefStatsUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  accountId: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  position: string | null;
  seniority: string | null;
  linkedinUrl: string | null;
  twitterHandle: string | null;
  notes: string | null;
  apolloPersonId: string | null;
  /** Set when a hard bounce proved the address undeliverable (extension). */
  emailInvalidAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Relationship {
  id: string;
  organizationId: string;
  accountId: string;
  source: Source;
  sourceDetails: string | null;
  rawNotes: string | null;
  targetBlogPost: string | null;
  ourContent: string | null;
  status: RelationshipStatus;
  priority: Priority;
  contactedByUs: boolean;
  firstContactedByUsAt: string | null;
  lastContactedByUsAt: string | null;
  contactedByOtherOrg: boolean;
  firstContactedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CrmEvent {
  id: string;
  relationshipId: string;
  contactId: string | null;
  type: EventType;
  subject: string | null;
  content: string | null;
  metadata: Record<string, unknown>;
  occurredAt: string;
  workspaceId: string;
  accountId: string;
  createdAt: string;
}
