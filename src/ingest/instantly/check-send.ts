/**
 * Asks Instantly for the email an `email_sent` webhook names (GET /api/v2/emails/{id}), before the
 * ingest step's transaction: the answer decides whether the send is evidence for shared facts
 * (send-verification.ts). A retryable failure is retried by the job a few times; after that, or
 * without INSTANTLY_API_KEY, the send is recorded unchecked — the workspace's own, never shared.
 */
import { isAppError } from '../../errors.ts';
import type { InstantlyClient } from './adapters/instantly-client.ts';
import type { SendLookup } from './send-verification.ts';

export const CHECK_SEND_ATTEMPTS = 3;

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
