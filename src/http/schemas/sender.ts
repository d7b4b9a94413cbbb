/** Who signs replies: the fields of mailboxes and workspace settings (src/respond/draft/sender.ts). */
import { z } from 'zod';
import { SENDER_NAME_MAX, SIGNATURE_MAX, SIGNATURE_MAX_LINES } from '../../respond/draft/sender.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const senderNameField = z
  .string()
  .trim()
  .min(1, 'must not be empty (null clears it)')
  .max(SENDER_NAME_MAX)
  .refine((v) => !CONTROL.test(v) && !/[\r\n]/.test(v), 'must be one line of text')
  .nullable()
  .describe('The name replies are signed with ("Best,\\nSam Lee"); null: not set');

export const signatureField = z
  .string()
  .max(SIGNATURE_MAX)
  .refine((v) => v.trim().length > 0, 'must not be empty (null clears it)')
  .refine((v) => !CONTROL.test(v), 'must be plain text (no control characters)')
  .refine((v) => v.replace(/\r\n?/g, '\n').trim().split('\n').length <= SIGNATURE_MAX_LINES, `must be at most ${SIGNATURE_MAX_LINES} lines`)
  .nullable()
  .describe('Plain-text lines under the name (title, company, website); links in it pass the draft checks; null: not set');

export const senderPatch = z
  .object({ senderName: senderNameField.optional(), signature: signatureField.optional() })
  .strict()
  .refine((v) => v.senderName !== undefined || v.signature !== undefined, { message: 'give senderName or signature (or both)', path: ['senderName'] });

export const senderOut = { senderName: z.string().nullable(), signature: z.string().nullable() };
