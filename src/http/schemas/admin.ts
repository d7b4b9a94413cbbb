import { z } from 'zod';
import { idOf, pageQuery } from './common.ts';

export const agencyCreate = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export const workspaceCreate = z.object({ agencyId: idOf('ag'), name: z.string().trim().min(1).max(200) }).strict();
export const workspaceQuery = z.object({ agencyId: idOf('ag').optional() }).strict();
export const apiKeyCreate = z
  .object({
    agencyId: idOf('ag'),
    workspaceIds: z.array(idOf('ws')).min(1).max(1000).optional(),
    name: z.string().max(200).optional(),
  })
  .strict();
export const apiKeyQuery = z
  .object({
    agencyId: idOf('ag').optional(),
    includeRevoked: z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: 'true: revoked keys too (with revokedAt)' }),
  })
  .strict();
export const approversPut = z
  .object({
    emails: z.array(z.string().email('is not an email address').max(320)).max(50).default([]),
    slackChannelId: z.string().regex(/^[A-Z0-9]{5,20}$/, 'is not a Slack channel id (e.g. C0123456789)').nullable().default(null),
    slackUserIds: z.array(z.string().regex(/^[UW][A-Z0-9]{4,20}$/, 'is not a Slack user id (e.g. U0123456789)')).max(200).default([]),
  })
  .strict();

/** Shared-fact assertions, for platform admins (docs/security.md, "Shared records: owners and evidence"). */
export const assertionQuery = z
  .object({
    flagged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    accountId: idOf('acct').optional(),
    workspaceId: idOf('ws').optional(),
    fact: z.enum(['DO_NOT_CONTACT', 'COOLING_OFF', 'PRICES', 'ADDRESS_INVALID', 'BEST_CONTACT', 'CLEAR_DO_NOT_CONTACT']).optional(),
    ...pageQuery,
  })
  .strict();
export const assertionReview = z
  .object({
    decision: z.enum(['PROMOTE', 'DISMISS']).meta({ description: 'PROMOTE applies the fact to the shared account (the admin vouches for it); DISMISS leaves it binding the asserting workspace only' }),
    reason: z.string().trim().min(1, 'is required').max(2_000),
  })
  .strict();
export const clearDoNotContact = z.object({ reason: z.string().trim().min(1, 'is required: say why the partner may be contacted again').max(2_000) }).strict();
