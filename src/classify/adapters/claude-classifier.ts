/**
 * The Claude classifier: the only classification file that imports @anthropic-ai/sdk.
 *
 * It never throws and never lets a message out on the model's word alone: whatever goes wrong (timeout,
 * 429/529/5xx after the SDK's bounded retries, a bad key, an answer that is not valid JSON, misses the
 * tool or uses values outside the allowed enums) it returns the rules' result with
 * `model.available = false`, which the gates escalate to WAITING_APPROVAL (SPEC section 7).
 * Retries and backoff are the SDK's own (exponential from 0.5 s, capped at 8 s, with jitter, honouring
 * retry-after / retry-after-ms) on 408/409/429/5xx (529 included) and on connection errors and timeouts.
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { ParsedEmail } from '../../ingest/types.ts';
import type { Classification } from '../types.ts';
import { mergeModelWithRules } from '../llm/merge-with-rules.ts';
import { parseModelOutput } from '../llm/parse-model-output.ts';
import type { ModelOutputProblem } from '../llm/parse-model-output.ts';
import { CLASSIFY_TOOL, CLASSIFY_TOOL_NAME, PROMPT_VERSION, SYSTEM_PROMPT, buildDataPrompt } from '../llm/prompt.ts';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_TOKENS = 1_024;

export interface ClaudeClassifierOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL from config. Passed explicitly so the SDK never reads the environment itself. */
  baseURL?: string | undefined;
  model: string;
  /** Per attempt. The worst case is about (maxRetries + 1) × timeoutMs plus backoff. */
  timeoutMs?: number;
  maxRetries?: number;
  maxTokens?: number;
  /** Monotonic milliseconds, for latency. */
  now?: () => number;
}

export interface ClaudeClassifyInput {
  email: ParsedEmail;
  /** Earlier messages of this thread only, oldest first. */
  thread?: string[];
  rules: Classification;
}

export type UnavailableReason =
  | 'timeout'
  | 'rate-limited'
  | 'overloaded'
  | 'server-error'
  | 'connection'
  | 'auth'
  | 'rejected'
  | 'unexpected';

/** Why the classification came out as it did, for logs and metrics; not part of the stored contract. */
export type ClaudeOutcome =
  | { kind: 'answered'; dropped: string[] }
  | { kind: 'invalid-output'; problem: ModelOutputProblem; detail: string }
  | { kind: 'unavailable'; reason: UnavailableReason; status: number | null; detail: string };

export interface ClaudeClassifier {
  readonly modelName: string;
  classify(input: ClaudeClassifyInput): Promise<Classification>;
  classifyDetailed(input: ClaudeClassifyInput): Promise<{ classification: Classification; outcome: ClaudeOutcome }>;
}

export function createClaudeClassifier(options: ClaudeClassifierOptions): ClaudeClassifier {
  const now = options.now ?? (() => performance.now());
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    webhookKey: null,
    logLevel: 'off',
  });

  async function classifyDetailed(input: ClaudeClassifyInput) {
    const meta = { name: options.model, promptVersion: PROMPT_VERSION, sourceText: input.email.text };
    const started = now();
    try {
      const response = await client.messages.create({
        model: options.model,
        max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
        system: SYSTEM_PROMPT,
        messages: [{ role: 'user', content: buildDataPrompt({ email: input.email, thread: input.thread ?? [] }) }],
        tools: [CLASSIFY_TOOL],
        tool_choice: { type: 'tool', name: CLASSIFY_TOOL_NAME },
      });
      const runMeta = {
        ...meta,
        inputTokens: response.usage.input_tokens,
        outputTokens: response.usage.output_tokens,
        latencyMs: Math.round(now() - started),
      };
      const parsed = parseModelOutput(response.content, CLASSIFY_TOOL_NAME);
      if (!parsed.ok) {
        const outcome: ClaudeOutcome = { kind: 'invalid-output', problem: parsed.problem, detail: parsed.detail };
        return { classification: mergeModelWithRules(input.rules, null, runMeta), outcome };
      }
      const outcome: ClaudeOutcome = { kind: 'answered', dropped: parsed.dropped };
      return { classification: mergeModelWithRules(input.rules, parsed.answer, runMeta), outcome };
    } catch (error) {
      const outcome = describeFailure(error);
      const classification = mergeModelWithRules(input.rules, null, { ...meta, latencyMs: Math.round(now() - started) });
      return { classification, outcome };
    }
  }

  return {
    modelName: options.model,
    classifyDetailed,
    classify: async (input) => (await classifyDetailed(input)).classification,
  };
}

function describeFailure(error: unknown): Extract<ClaudeOutcome, { kind: 'unavailable' }> {
  const detail = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
  // Order matters: the timeout error is a connection error, which is an APIError without a status.
  if (error instanceof APIConnectionTimeoutError) return { kind: 'unavailable', reason: 'timeout', status: null, detail };
  if (error instanceof APIConnectionError) return { kind: 'unavailable', reason: 'connection', status: null, detail };
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const reason: UnavailableReason =
      status === 429 ? 'rate-limited'
      : status === 529 ? 'overloaded'
      : status >= 500 ? 'server-error'
      : status === 401 || status === 403 ? 'auth'
      : 'rejected';
    return { kind: 'unavailable', reason, status, detail };
  }
  return { kind: 'unavailable', reason: 'unexpected', status: null, detail };
}
