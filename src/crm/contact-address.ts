/**
 * A contact's address belongs to its account: at the account's domain (or a subdomain of it), or a
 * freemail address that a workspace with a thread with it has marked as the account's.
 */
import type { Queryable } from '../db/types.ts';
import { isFreemailDomain } from './freemail.ts';
import { threadEvidence } from './db/evidence.ts';
import { domainOfEmail } from './normalize-domain.ts';

export type AddressFit = 'same-domain' | 'freemail' | 'other-domain';

/** Pure. */
export function addressFitsAccount(email: string, accountDomain: string): AddressFit {
  const d = domainOfEmail(email);
  if (!d) return 'other-domain';
  if (d === accountDomain || d.endsWith(`.${accountDomain}`)) return 'same-domain';
  return isFreemailDomain(d) ? 'freemail' : 'other-domain';
}

/** The workspace emailed the address for this account, or received mail from it matched to this account. */
export async function freemailEvidence(db: Queryable, workspaceId: string, accountId: string, email: string): Promise<boolean> {
  if ((await threadEvidence(db, { workspaceId, accountId, addresses: [email] })) !== 'NONE') return true;
  const { rows } = await db.query(
    'select 1 from inbound_messages where workspace_id = $1 and account_id = $2 and lower(from_address) = lower($3) limit 1',
    [workspaceId, accountId, email],
  );
  return rows.length > 0;
}
