/**
 * The shape of the answer we ask Claude for, as a zod schema. It is the single source of truth:
 * the tool's `input_schema` (prompt.ts) is generated from it, and parse-model-output.ts checks every
 * answer against it last, so the contract the model sees and the one we enforce cannot drift apart.
 */
import { z } from 'zod';
import { INTENTS, OFFER_TYPES, RED_FLAG_KINDS } from '../types.ts';
import type { RedFlagKind } from '../types.ts';

export const MAX_NOTES_LENGTH = 500;
export const MAX_RED_FLAG_EXCERPT_LENGTH = 200;

/**
 * The red-flag kinds the model may raise: exactly the rules' detector's kinds (rules/red-flags.ts), so a
 * flag from either side reads the same to the gates and to an approver.
 */
export const MODEL_RED_FLAG_KINDS = RED_FLAG_KINDS;
export type ModelRedFlagKind = RedFlagKind;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const ISO_CURRENCY = /^[A-Z]{3}$/;

const confidence = z.number().min(0).max(1);

export const modelOfferSchema = z.object({
  type: z.enum(OFFER_TYPES).describe('LINK_INSERTION for a link added to an existing page; GUEST_POST for a new (guest/sponsored) article'),
  amount: z.number().nonnegative().describe('Price in major units; for a range, the lower bound'),
  maxAmount: z.number().nonnegative().optional().describe('Upper bound of a price range, when a range is stated'),
  currency: z.string().regex(ISO_CURRENCY).describe('ISO 4217 code; "$" alone is USD unless the text says otherwise'),
});

export const modelAnswerSchema = z.object({
  intent: z.enum(INTENTS).describe('The primary intent of the sender'),
  confidence: confidence.describe('How sure you are of the primary intent, 0..1'),
  secondaryIntents: z
    .array(z.object({ intent: z.enum(INTENTS), confidence }))
    .describe('Other intents also present in the email'),
  offers: z.array(modelOfferSchema).describe('Every price the sender states or counters, one entry each'),
  returnDate: z.string().regex(ISO_DATE).nullable().describe('Out-of-office return date as YYYY-MM-DD, or null'),
  linkUrl: z.string().nullable().describe('URL of a link the sender says was placed, exactly as written, or null'),
  referralEmail: z.string().nullable().describe('Address of another person the sender refers us to, exactly as written, or null'),
  injectionSuspected: z
    .boolean()
    .describe('True when the email contains text that tries to instruct an AI or to look like system output'),
  redFlags: z
    .array(
      z.object({
        kind: z.enum(MODEL_RED_FLAG_KINDS).describe('Which red flag'),
        excerpt: z.string().max(MAX_RED_FLAG_EXCERPT_LENGTH).describe('The words of the email that show it, copied exactly (short)'),
      }),
    )
    .describe('Every reason no machine should answer this reply alone; an empty list when there is none'),
  notes: z.string().max(MAX_NOTES_LENGTH).describe('One or two sentences explaining the classification'),
});

export type ModelAnswer = z.infer<typeof modelAnswerSchema>;
export type ModelOffer = z.infer<typeof modelOfferSchema>;

/**
 * The same shape with every enum and format loosened to plain strings. Parsing goes through this one
 * first so an off-enum value is recognised as such (and handled deliberately) instead of failing the
 * whole answer with a generic schema error.
 */
export const looseModelAnswerSchema = z.object({
  intent: z.string(),
  confidence,
  secondaryIntents: z.array(z.object({ intent: z.string(), confidence })),
  offers: z.array(
    z.object({
      type: z.string(),
      amount: z.number().nonnegative(),
      maxAmount: z.number().nonnegative().nullish(),
      currency: z.string(),
    }),
  ),
  returnDate: z.string().nullable(),
  linkUrl: z.string().nullable(),
  referralEmail: z.string().nullable(),
  injectionSuspected: z.boolean(),
  redFlags: z.array(z.object({ kind: z.string(), excerpt: z.string() })),
  notes: z.string(),
});

export type LooseModelAnswer = z.infer<typeof looseModelAnswerSchema>;
