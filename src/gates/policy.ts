/**
 * A workspace's gate policy (SPEC section 4, `GET|PUT /v1/link-building/gates`).
 *
 * The schema is strict so a typo ("minConfidense") is a 400 naming the field instead of a silently
 * ignored setting. Missing keys take the SPEC defaults, so `PUT {}` restores the defaults and a policy
 * stored by an older version still parses.
 */
import { z } from 'zod';
import { INTENTS, type Intent } from '../classify/types.ts';
import { NO_REPLY_INTENTS } from './no-reply-intents.ts';

const price = z.number().finite().nonnegative().nullable();

export const gatePolicySchema = z
  .strictObject({
    /** Intents that may be answered without a human. No-reply intents are never answered at all. */
    autoReplyIntents: z
      .array(z.enum(INTENTS))
      .refine((list) => list.every((i) => !NO_REPLY_INTENTS.includes(i)), {
        message: `must not contain a no-reply intent (${NO_REPLY_INTENTS.join(', ')})`,
      })
      .default(['INTERESTED', 'QUESTION']),
    minConfidence: z.number().min(0).max(1).default(0.8),
    /** Ceilings in `priceCurrency`, major units. null = no ceiling set, so every offer escalates. */
    maxPriceLinkInsertion: price.default(null),
    maxPriceGuestPost: price.default(null),
    /** Ceilings are only comparable with offers in this currency; any other currency escalates. */
    priceCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .default('USD'),
    /** null = no minimum. When set, an unknown DR escalates. */
    minDomainRating: z.number().min(0).max(100).nullable().default(null),
    maxAutoRepliesPerThread: z.number().int().nonnegative().default(2),
    maxAutoRepliesPerDay: z.number().int().nonnegative().default(50),
    /** Bounds on the draft's plain-text length (characters, trimmed). */
    draftMinLength: z.number().int().min(1).default(40),
    draftMaxLength: z.number().int().min(1).max(20_000).default(2000),
    /**
     * Whether `POST /campaign/send_email` may send a first outreach email without a human approving it
     * (`requireApproval: false`). Off by default: every first email waits for approval.
     */
    outreachWithoutApproval: z.boolean().default(false),
  })
  .refine((p) => p.draftMinLength <= p.draftMaxLength, {
    message: 'must not be greater than draftMaxLength',
    path: ['draftMinLength'],
  });

export type GatePolicy = z.output<typeof gatePolicySchema>;

function frozenDefaults(): GatePolicy {
  const policy = gatePolicySchema.parse({});
  Object.freeze(policy.autoReplyIntents);
  return Object.freeze(policy);
}

/** The SPEC defaults, frozen so no caller can change them for everyone. Spread it to derive a policy. */
export const DEFAULT_POLICY: GatePolicy = frozenDefaults();

export type ParseGatePolicyResult =
  | { ok: true; policy: GatePolicy }
  | { ok: false; field: string; message: string; issues: { field: string; message: string }[] };

/**
 * Validates a policy from a request body or the database. The first issue's field is what the HTTP
 * layer names in its 400 (`AppError('VALIDATION', message, { field })`).
 */
export function parseGatePolicy(input: unknown): ParseGatePolicyResult {
  const result = gatePolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  const issues = result.error.issues.flatMap((issue) => {
    // Unknown keys are reported on the object itself; name each key instead.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: key, message: `unknown field "${key}"` }));
    }
    const field = issue.path.map(String).join('.') || 'policy';
    return [{ field, message: `${field}: ${issue.message}` }];
  });
  const first = issues[0] ?? { field: 'policy', message: 'invalid policy' };
  return { ok: false, field: first.field, message: first.message, issues };
}

/** Whether an intent is one the workspace lets the agent answer on its own. */
export const isAutoReplyIntent = (policy: GatePolicy, intent: Intent): boolean =>
  policy.autoReplyIntents.includes(intent);
