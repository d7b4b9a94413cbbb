import { z } from 'zod';
import { idOf } from './common.ts';

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
export const approversPut = z
  .object({
    emails: z.array(z.string().email('is not an email address').max(320)).max(50).default([]),
    slackChannelId: z.string().regex(/^[A-Z0-9]{5,20}$/, 'is not a Slack channel id (e.g. C0123456789)').nullable().default(null),
    slackUserIds: z.array(z.string().regex(/^[UW][A-Z0-9]{4,20}$/, 'is not a Slack user id (e.g. U0123456789)')).max(200).default([]),
  })
  .strict();
