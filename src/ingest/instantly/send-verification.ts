/**
 * Whether an Instantly `email_sent` webhook is a send Instantly itself knows of. Instantly signs no
 * webhook, so a delivery is only the workspace's word; a send is evidence for facts shared with every
 * agency (src/crm/shared-facts.ts) only once it is checked against Instantly's own record of the email
 * (GET /api/v2/emails/{email_id}): a sent email (ue_type 1 campaign, 3 manual) to that lead, from the
 * mailbox and in the campaign the webhook named. An unchecked or unmatched send is still the
 * workspace's own (its pipeline, its view), but what rests on it binds that workspace only and waits for
 * an admin's review. Pure.
 */
import type { InstantlyEmail } from './api-types.ts';

export const UE_TYPES_SENT: readonly number[] = [1, 3];

export interface SendClaim {
  emailId: string;
  leadEmail: string;
  emailAccount: string | null;
  campaignId: string | null;
}

export type SendVerification = { verified: true; why: string } | { verified: false; why: string };

/** What the check fetched: the email, Instantly's "no such email", or a failure to ask at all. */
export type SendLookup = { kind: 'found'; email: InstantlyEmail } | { kind: 'missing' } | { kind: 'unchecked'; why: string };

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

export function verifyInstantlySend(claim: SendClaim, lookup: SendLookup): SendVerification {
  if (lookup.kind === 'unchecked') return { verified: false, why: lookup.why };
  if (lookup.kind === 'missing') return { verified: false, why: 'Instantly has no email with this id' };
  const e = lookup.email;
  if (e.id !== claim.emailId) return { verified: false, why: 'Instantly answered with another email' };
  if (e.ue_type == null || !UE_TYPES_SENT.includes(e.ue_type)) return { verified: false, why: 'the email is not one Instantly sent' };
  const recipients = [e.lead, ...(e.to_address_email_list ?? '').split(',')].filter((x): x is string => !!x && !!x.trim());
  if (!recipients.some((r) => same(r, claim.leadEmail))) return { verified: false, why: 'Instantly sent it to someone else' };
  if (claim.emailAccount && !same(e.eaccount, claim.emailAccount)) return { verified: false, why: 'Instantly sent it from another mailbox' };
  if (claim.campaignId && !same(e.campaign_id, claim.campaignId)) return { verified: false, why: 'Instantly sent it in another campaign' };
  return { verified: true, why: 'Instantly knows this send' };
}
