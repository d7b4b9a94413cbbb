/** Request schemas of the prospecting-campaign routes (SPEC section 8). */
import { z } from 'zod';
import { CAMPAIGN_STATUSES } from '../../outbound/types.ts';
import { domainField, emailField, idOf, pageQuery } from '../schemas/common.ts';

const oneLine = (max: number) =>
  z.string().trim().min(1).max(max).refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), { message: 'must be one line without control characters' });

const httpUrl = z
  .string()
  .max(2000)
  .url('is not a URL')
  .refine((v) => /^https?:\/\//i.test(v), { message: 'must be an http(s) URL' });

export const filtersSchema = z
  .object({
    minDomainRating: z.number().min(0).max(100).optional(),
    maxDomainRating: z.number().min(0).max(100).optional(),
    skipContactedWithinDays: z.number().int().min(1).max(3650).optional(),
    excludeDomains: z.array(domainField).max(1000).optional(),
    maxProspects: z.number().int().min(1).max(500).default(50),
  })
  .strict()
  .refine((f) => f.minDomainRating === undefined || f.maxDomainRating === undefined || f.minDomainRating <= f.maxDomainRating, {
    message: 'minDomainRating is above maxDomainRating', path: ['maxDomainRating'],
  });

export const pitchSchema = z
  .object({
    ourContent: httpUrl,
    angle: oneLine(300).optional(),
    mailboxId: idOf('mbx').optional(),
    instantlyCampaignId: oneLine(100).optional(),
    fromName: oneLine(100).optional(),
  })
  .strict()
  .refine((p) => !!p.mailboxId !== !!p.instantlyCampaignId, { message: 'give exactly one of mailboxId (send from a mailbox) or instantlyCampaignId (add leads to an Instantly campaign)', path: ['mailboxId'] });

const common = { workspaceId: idOf('ws'), filters: filtersSchema.default({ maxProspects: 50 }), pitch: pitchSchema };

export const serpBody = z
  .object({
    ...common,
    keyword: oneLine(200),
    location: oneLine(100).optional(),
    language: z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en').optional(),
    depth: z.number().int().min(10).max(100).default(20),
  })
  .strict();

export const competitorBody = z.object({ ...common, competitorDomain: domainField }).strict();

export const importedProspect = z
  .object({
    domain: domainField,
    email: emailField.optional(),
    firstName: oneLine(100).optional(),
    lastName: oneLine(100).optional(),
    position: oneLine(200).optional(),
    url: httpUrl.optional(),
    title: oneLine(300).optional(),
  })
  .strict();

export const importBody = z
  .object({ ...common, domains: z.array(domainField).min(1).max(1000).optional(), prospects: z.array(importedProspect).min(1).max(1000).optional() })
  .strict()
  .refine((b) => !!b.domains !== !!b.prospects, { message: 'give exactly one of domains or prospects', path: ['domains'] });

export const campaignsQuery = z.object({ workspaceId: idOf('ws').optional(), status: z.enum(CAMPAIGN_STATUSES).optional(), ...pageQuery }).strict();

export const prospectsQuery = z
  .object({ kept: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...pageQuery })
  .strict();

export const approveCampaignBody = z.object({ outreachIds: z.array(idOf('out')).min(1).max(500).optional() }).strict();

/** Response shapes (OpenAPI only: handlers return the types of src/outbound/types.ts). */
const counts = z.object({
  found: z.number(), kept: z.number(), dropped: z.number(), noContact: z.number(), drafted: z.number(), approved: z.number(),
  sent: z.number().describe('Emails sent: from the mailbox, or by Instantly once its email_sent webhook arrived'),
});
export const campaignResponse = z.object({
  id: z.string(),
  kind: z.enum(['SERP', 'COMPETITOR', 'IMPORT']),
  workspaceId: z.string(),
  input: z.record(z.string(), z.unknown()).describe('What the campaign was started with (without workspaceId)'),
  status: z.enum(CAMPAIGN_STATUSES).describe(
    'RUNNING: the chain is working. WAITING_APPROVAL: done, and at least one first email waits for a decision. ' +
      'DONE: done and none waits (approved, rejected or expired, from any channel; or nothing drafted). FAILED: a step failed (see error); what was done stays',
  ),
  step: z.enum(['research', 'enrich', 'filter', 'discover', 'draft', 'done']).describe('Where the chain of jobs is (extension)'),
  error: z.string().nullable(),
  counts,
  cost: z.record(z.string(), z.object({ calls: z.number(), units: z.number() })).describe('Provider calls and units/credits, per provider'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const campaignsPage = z.object({ data: z.array(campaignResponse), nextCursor: z.string().nullable() });
export const prospectResponse = z.object({
  domain: z.string(),
  rank: z.number().nullable(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  domainRating: z.number().nullable(),
  kept: z.boolean().nullable(),
  reason: z.string().nullable().describe('DO_NOT_CONTACT, BOUNCED, COOLING_OFF, IN_PIPELINE, RECENTLY_CONTACTED, DR_UNKNOWN, DR_BELOW_MIN, DR_ABOVE_MAX, OWN_DOMAIN, COMPETITOR, EXCLUDED, PLATFORM, MAX_PROSPECTS, INVALID_DOMAIN, DUPLICATE; kept: NEW_PROSPECT, CONTACTED_BY_OTHER_ORG'),
  reasonDetail: z.string().nullable(),
  statusReason: z.string().nullable(),
  accountId: z.string().nullable(),
  relationshipId: z.string().nullable(),
  contact: z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), position: z.string().nullable() }).nullable(),
  outreachId: z.string().nullable(),
  approvalId: z.string().nullable(),
  status: z.string().describe('FOUND, DROPPED, KEPT, NO_CONTACT, CONTACT_FOUND, FAILED, or once drafted its email\'s status (WAITING_APPROVAL, APPROVED, QUEUED, SENT, ...)'),
});
export const prospectsPage = z.object({ data: z.array(prospectResponse), nextCursor: z.string().nullable() });
export const approveCampaignResponse = z.object({
  approved: z.array(z.string()),
  skipped: z.array(z.object({ outreachId: z.string(), reason: z.string() })),
  campaign: campaignResponse,
});
