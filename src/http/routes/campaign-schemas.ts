/** Request schemas of the campaign routes (outreach emails). */
import { z } from 'zod';
import { OUTREACH_STATUSES } from '../../respond/outreach/types.ts';
import { emailField, idOf, pageQuery } from '../schemas/common.ts';

/** A header value: one line, so nothing can be smuggled into another header. */
const headerText = (max: number) =>
  z.string().trim().min(1).max(max).refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), { message: 'must be one line without control characters' });

export const IDEMPOTENCY_KEY_MAX = 255;
export const idempotencyKeyField = headerText(IDEMPOTENCY_KEY_MAX);

export const sendEmailBody = z
  .object({
    relationshipId: idOf('rel'),
    /** The partner's contact to write to; or `to`; or, with neither, the partner's best contact. */
    contactId: idOf('ct').optional(),
    to: emailField.optional(),
    /** The connected mailbox that sends it (same workspace as the relationship); replies come back to it. */
    mailboxId: idOf('mbx'),
    subject: headerText(998),
    text: z.string().min(1).max(20_000),
    html: z.string().min(1).max(200_000).optional(),
    fromName: headerText(100).optional(),
    /** Default true. false only when the workspace's gate policy has `outreachWithoutApproval: true`. */
    requireApproval: z.boolean().default(true),
    /** Or the `Idempotency-Key` header: a retried request with the same key returns the same email. */
    idempotencyKey: idempotencyKeyField.optional(),
  })
  .strict();

export const outreachQuery = z
  .object({ workspaceId: idOf('ws').optional(), relationshipId: idOf('rel').optional(), status: z.enum(OUTREACH_STATUSES).optional(), ...pageQuery })
  .strict();
