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
