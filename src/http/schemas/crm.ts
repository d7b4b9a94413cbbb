import { z } from 'zod';
import { EVENT_TYPES, MANUAL_EVENT_TYPES, PRIORITIES, RELATIONSHIP_STATUSES, SOURCES, SYSTEM_CONTACT_STATUSES } from '../../crm/types.ts';
import { domainField, emailField, idOf, isoDateTime, nullableText, pageQuery } from './common.ts';

const money = z.number().nonnegative().max(1_000_000_000).multipleOf(0.01).nullable().optional();
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable().optional();

const accountFields = {
  name: nullableText(300),
  source: z.enum(SOURCES).nullable().optional(),
  sourceDetails: nullableText(),
  rawNotes: nullableText(100_000),
  bestContactId: idOf('ct').nullable().optional(),
  isActive: z.boolean().optional(),
  systemContactStatus: z.enum(SYSTEM_CONTACT_STATUSES).optional(),
  coolingOffUntil: isoDateTime.nullable().optional(),
  priceLinkInsertion: money,
  priceGuestPost: money,
  priceCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').nullable().optional(),
  domainRating: z.number().min(0).max(100).nullable().optional(),
  organicTraffic: count,
  organicKeywords: count,
  referringDomains: count,
  backlinks: count,
};

export const accountCreate = z.object({ domain: domainField, ...accountFields }).strict();
export const accountPatch = z.object(accountFields).strict();
export const accountQuery = z
  .object({
    domain: domainField.optional(),
    systemContactStatus: z.enum(SYSTEM_CONTACT_STATUSES).optional(),
    minDomainRating: z.coerce.number().min(0).max(100).optional(),
    ...pageQuery,
  })
  .strict();

const contactFields = {
  firstName: nullableText(200),
  lastName: nullableText(200),
  position: nullableText(200),
  seniority: nullableText(100),
  linkedinUrl: z.string().url().max(500).nullable().optional(),
  twitterHandle: nullableText(100),
  notes: nullableText(100_000),
  apolloPersonId: nullableText(100),
};
export const contactCreate = z.object({ accountId: idOf('acct'), email: emailField, ...contactFields }).strict();
export const contactPatch = z.object({ email: emailField.optional(), ...contactFields }).strict();
export const contactQuery = z.object({ accountId: idOf('acct').optional(), email: z.string().max(320).optional(), ...pageQuery }).strict();

const relationshipFields = {
  priority: z.enum(PRIORITIES).optional(),
  sourceDetails: nullableText(),
  rawNotes: nullableText(100_000),
  targetBlogPost: z.string().max(2_000).nullable().optional(),
  ourContent: z.string().max(100_000).nullable().optional(),
};
export const relationshipCreate = z
  .object({
    workspaceId: idOf('ws'),
    accountId: idOf('acct'),
    source: z.enum(SOURCES).default('MANUAL'),
    status: z.enum(['PROSPECTING', 'APPROVED_TO_CONTACT', 'QUEUED', 'INACTIVE']).optional(),
    ...relationshipFields,
  })
  .strict();
export const relationshipPatch = z.object({ status: z.enum(RELATIONSHIP_STATUSES).optional(), ...relationshipFields }).strict();
export const relationshipQuery = z
  .object({
    workspaceId: idOf('ws').optional(),
    status: z.enum(RELATIONSHIP_STATUSES).optional(),
    accountId: idOf('acct').optional(),
    priority: z.enum(PRIORITIES).optional(),
    ...pageQuery,
  })
  .strict();

export const eventCreate = z
  .object({
    relationshipId: idOf('rel'),
    type: z.enum(MANUAL_EVENT_TYPES),
    contactId: idOf('ct').nullable().optional(),
    subject: nullableText(1_000),
    content: nullableText(100_000),
    metadata: z.record(z.string().max(200), z.unknown()).optional(),
    occurredAt: isoDateTime.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'STATUS_CHANGED' && !(RELATIONSHIP_STATUSES as readonly unknown[]).includes(v.metadata?.['to'])) {
      ctx.addIssue({ code: 'custom', path: ['metadata', 'to'], message: `must be one of ${RELATIONSHIP_STATUSES.join(', ')}` });
    }
  });
export const eventQuery = z
  .object({
    relationshipId: idOf('rel').optional(),
    accountId: idOf('acct').optional(),
    workspaceId: idOf('ws').optional(),
    type: z.enum(EVENT_TYPES).optional(),
    since: isoDateTime.optional(),
    ...pageQuery,
  })
  .strict();
