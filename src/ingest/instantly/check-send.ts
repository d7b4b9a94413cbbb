/**
 * Asks Instantly for the email an `email_sent` webhook names (GET /api/v2/emails/{id}), before the
 * ingest step's transaction: the answer decides whether the send is evidence for shared facts
 * (send-verification.ts). A retryable failure is retried by the job a few times; after that, or
 * without INSTANTLY_API_KEY, the send is recorded unchecked — the workspace's own, never shared.
 *
 * A batch of webhooks asks for its emails a few at a time (`CHECK_SEND_CONCURRENCY`, the step's
 * `prepareConcurrency`), through one gate per process (`boundedEmailLookups`): at most that many GETs
 * in flight, and when Instantly answers 429 every lookup waits out its Retry-After before the next
 * GET, then tries again — up to `MAX_RATE_LIMIT_WAITS` times, or a Retry-After over
 * `MAX_RETRY_AFTER_MS`, after which the 429 goes to the job's own retries like any retryable failure.
 */
import { isAppError } from '../../errors.ts';
import { isRateLimited, retryAfterOf, type InstantlyClient } from './adapters/instantly-client.ts';
import type { SendLookup } from './send-verification.ts';

export const CHECK_SEND_ATTEMPTS = 3;
export const CHECK_SEND_CONCURRENCY = 4;
export const MAX_RATE_LIMIT_WAITS = 3;
export const MAX_RETRY_AFTER_MS = 30_000;
/** A 429 without Retry-After waits this long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

type EmailLookups = Pick<InstantlyClient, 'getEmail'>;

export interface BoundedLookupOptions {
  concurrency?: number;
  /** How the gate waits (tests record it instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * `client.getEmail` behind one gate: at most `concurrency` calls in flight, and a 429's Retry-After
 * honoured by every call (none starts before it has passed), each call retried after its wait.
 */
export function boundedEmailLookups(client: EmailLookups, opts: BoundedLookupOptions = {}): EmailLookups {
  const concurrency = Math.max(1, opts.concurrency ?? CHECK_SEND_CONCURRENCY);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = opts.now ?? Date.now;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  let pausedUntil = 0;

  const acquire = async () => {
    if (inFlight >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else inFlight++;
  };
  // The slot passes straight to the next waiter, so `inFlight` never exceeds `concurrency`.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  };

  return {
    async getEmail(id) {
      for (let waits = 0; ; waits++) {
        await acquire();
        try {
          const pause = pausedUntil - now();
          if (pause > 0) await sleep(pause);
          return await client.getEmail(id);
        } catch (e) {
          const after = retryAfterOf(e) ?? DEFAULT_RETRY_AFTER_MS;
          if (!isRateLimited(e) || waits >= MAX_RATE_LIMIT_WAITS || after > MAX_RETRY_AFTER_MS) throw e;
          pausedUntil = Math.max(pausedUntil, now() + after);
        } finally {
          release();
        }
      }
    },
  };
}

export async function lookupSend(client: Pick<InstantlyClient, 'getEmail'> | null, emailId: string | undefined, retryCount: number): Promise<SendLookup | undefined> {
  if (!emailId) return undefined;
  if (!client) return { kind: 'unchecked', why: 'INSTANTLY_API_KEY is not set: the send cannot be checked with Instantly' };
  try {
    return { kind: 'found', email: await client.getEmail(emailId) };
  } catch (e) {
    if (isAppError(e) && e.code === 'NOT_FOUND') return { kind: 'missing' };
    const retryable = !isAppError(e) || e.retryable;
    if (retryable && retryCount + 1 < CHECK_SEND_ATTEMPTS) throw e;
    return { kind: 'unchecked', why: `Instantly could not be asked: ${(e as Error).message.slice(0, 200)}` };
  }
}
