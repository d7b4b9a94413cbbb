/**
 * The Instantly channel of a first email: the lead is added to the campaign's Instantly campaign
 * (`POST {INSTANTLY_BASE_URL}/api/v2/leads` with campaign, email, first_name, last_name, website,
 * personalization, skip_if_in_workspace: true) and Instantly sends it on its own schedule; its
 * `email_sent` webhook records EMAIL_SENT. Our email's body goes in `personalization` (the Instantly
 * campaign's template uses {{personalization}}). Adding a lead that is already in the workspace is
 * skipped by Instantly, so a crashed add is completed by adding it again, never doubled.
 */
import { AppError } from '../../../errors.ts';
import type { OutgoingReply, ReplySender, SendOutcome } from '../../send/ports.ts';

export interface InstantlyLead {
  campaign: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  website: string | null;
  personalization: string;
  skip_if_in_workspace: true;
}

const TIMEOUT_MS = 15_000;

export async function addInstantlyLead(o: { apiKey: string; baseURL: string }, lead: InstantlyLead): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${o.baseURL.replace(/\/$/, '')}/api/v2/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(lead),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new AppError('UNAVAILABLE', `Instantly: could not add the lead (${e instanceof Error ? e.message : String(e)})`, { retryable: true });
  }
  if (res.ok) return;
  const text = (await res.text().catch(() => '')).slice(0, 300);
  const retryable = res.status === 429 || res.status >= 500;
  throw new AppError(retryable ? 'UNAVAILABLE' : 'UPSTREAM', `Instantly answered ${res.status} to adding the lead: ${text}`, { retryable });
}

export function createInstantlyLeadSender(o: { apiKey: string; baseURL: string }, lead: Omit<InstantlyLead, 'personalization' | 'email' | 'skip_if_in_workspace'>): ReplySender {
  const add = async (reply: OutgoingReply): Promise<SendOutcome> => {
    try {
      await addInstantlyLead(o, { ...lead, email: reply.to, personalization: reply.text, skip_if_in_workspace: true });
      return { ok: true };
    } catch (e) {
      const retryable = e instanceof AppError ? e.retryable : true;
      return { ok: false, failure: { kind: retryable ? 'temporary' : 'permanent', maybeSent: false, reason: e instanceof Error ? e.message : String(e) } };
    }
  };
  return {
    channel: 'INSTANTLY',
    send: add,
    // Instantly skips a lead already in the workspace: adding again settles a crashed attempt either way.
    async alreadySent(_messageId, reply) {
      return (await add(reply)).ok ? true : null;
    },
  };
}
