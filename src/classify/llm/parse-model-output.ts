/**
 * Turns the content of a Messages API response into a ModelAnswer, or says precisely why it cannot.
 * Pure. The policy is "never a guess": a primary intent outside INTENTS, or a red flag of an unknown
 * kind, makes the whole answer invalid (the caller then treats the model as unavailable, which
 * escalates: a flag we cannot name is still a flag, so it must not be dropped); an off-enum secondary
 * intent or offer is dropped, and each drop is reported. Nothing is coerced to a nearby allowed value.
 */
import { INTENTS, OFFER_TYPES } from '../types.ts';
import type { Intent, OfferType } from '../types.ts';
import {
  ISO_CURRENCY,
  ISO_DATE,
  MAX_NOTES_LENGTH,
  MAX_RED_FLAG_EXCERPT_LENGTH,
  MODEL_RED_FLAG_KINDS,
  looseModelAnswerSchema,
  modelAnswerSchema,
} from './model-answer.ts';
import type { LooseModelAnswer, ModelAnswer, ModelOffer, ModelRedFlagKind } from './model-answer.ts';

export type ModelOutputProblem = 'missing-tool-use' | 'invalid-json' | 'schema' | 'off-enum';

export type ParsedModelOutput =
  | { ok: true; answer: ModelAnswer; dropped: string[] }
  | { ok: false; problem: ModelOutputProblem; detail: string };

const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);
const isOfferType = (value: string): value is OfferType => (OFFER_TYPES as readonly string[]).includes(value);
const isRedFlagKind = (value: string): value is ModelRedFlagKind => (MODEL_RED_FLAG_KINDS as readonly string[]).includes(value);

interface ToolUseLike {
  type: 'tool_use';
  name: string;
  input: unknown;
}

function findToolUse(content: unknown, toolName: string): ToolUseLike | null {
  if (!Array.isArray(content)) return null;
  for (const block of content as unknown[]) {
    if (typeof block !== 'object' || block === null) continue;
    const candidate = block as Record<string, unknown>;
    if (candidate['type'] === 'tool_use' && candidate['name'] === toolName) {
      return { type: 'tool_use', name: toolName, input: candidate['input'] };
    }
  }
  return null;
}

/** Some proxies hand tool input back as a JSON string; accept that, reject anything else. */
function toObject(input: unknown): Record<string, unknown> | null {
  if (typeof input === 'string') {
    try {
      return toObject(JSON.parse(input) as unknown);
    } catch {
      return null;
    }
  }
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
}

/** Parses the `content` array of a Messages API response. */
export function parseModelOutput(content: unknown, toolName: string): ParsedModelOutput {
  const toolUse = findToolUse(content, toolName);
  if (!toolUse) return { ok: false, problem: 'missing-tool-use', detail: `no tool_use block named ${toolName}` };
  const input = toObject(toolUse.input);
  if (!input) return { ok: false, problem: 'invalid-json', detail: 'tool input is not a JSON object' };
  return parseModelAnswer(input);
}

/** Validates one tool input object (already JSON). Exported for tests and for other transports. */
export function parseModelAnswer(input: unknown): ParsedModelOutput {
  const loose = looseModelAnswerSchema.safeParse(input);
  if (!loose.success) {
    const issue = loose.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return { ok: false, problem: 'schema', detail: `${path}: ${issue?.message ?? 'invalid'}` };
  }
  return checkAllowedValues(loose.data);
}

function checkAllowedValues(loose: LooseModelAnswer): ParsedModelOutput {
  if (!isIntent(loose.intent)) {
    return { ok: false, problem: 'off-enum', detail: `intent "${loose.intent.slice(0, 40)}" is not an allowed intent` };
  }
  const unknownFlag = loose.redFlags.find((flag) => !isRedFlagKind(flag.kind));
  if (unknownFlag) {
    return { ok: false, problem: 'off-enum', detail: `red flag kind "${unknownFlag.kind.slice(0, 40)}" is not an allowed kind` };
  }
  const dropped: string[] = [];

  const secondaryIntents = loose.secondaryIntents.flatMap((entry) => {
    if (isIntent(entry.intent)) return [{ intent: entry.intent, confidence: entry.confidence }];
    dropped.push(`secondary intent "${entry.intent.slice(0, 40)}"`);
    return [];
  });

  const offers = loose.offers.flatMap((offer): ModelOffer[] => {
    const currency = offer.currency.trim().toUpperCase();
    if (!isOfferType(offer.type)) {
      dropped.push(`offer type "${offer.type.slice(0, 40)}"`);
      return [];
    }
    if (!ISO_CURRENCY.test(currency)) {
      dropped.push(`offer currency "${offer.currency.slice(0, 10)}"`);
      return [];
    }
    const base = { type: offer.type, amount: offer.amount, currency };
    return [offer.maxAmount == null ? base : { ...base, maxAmount: offer.maxAmount }];
  });

  let returnDate = loose.returnDate;
  if (returnDate !== null && !ISO_DATE.test(returnDate)) {
    dropped.push(`returnDate "${returnDate.slice(0, 20)}"`);
    returnDate = null;
  }

  const candidate = {
    intent: loose.intent,
    confidence: loose.confidence,
    secondaryIntents,
    offers,
    returnDate,
    linkUrl: emptyToNull(loose.linkUrl),
    referralEmail: emptyToNull(loose.referralEmail),
    injectionSuspected: loose.injectionSuspected,
    redFlags: loose.redFlags.map((flag) => ({ kind: flag.kind, excerpt: flag.excerpt.trim().slice(0, MAX_RED_FLAG_EXCERPT_LENGTH) })),
    notes: loose.notes.slice(0, MAX_NOTES_LENGTH),
  };
  // Last guard: whatever we return satisfies the very schema the tool advertised.
  const strict = modelAnswerSchema.safeParse(candidate);
  if (!strict.success) {
    return { ok: false, problem: 'schema', detail: strict.error.issues[0]?.message ?? 'invalid' };
  }
  return { ok: true, answer: strict.data, dropped };
}

function emptyToNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value.trim();
}
