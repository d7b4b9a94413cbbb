/**
 * Who may rewrite a shared contact's description (name, position, profiles). A draft greets the
 * partner by the contact's first name, so another agency must not be able to rename A's editor. A
 * field that is empty may be filled by anyone; a value already there changes only for a workspace
 * that has a thread with that address (the same evidence as every shared fact, shared-facts.ts).
 */
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { threadEvidence } from './db/evidence.ts';
import type { Contact } from './types.ts';

export const DESCRIPTIVE_CONTACT_FIELDS = ['firstName', 'lastName', 'position', 'seniority', 'linkedinUrl', 'twitterHandle', 'apolloPersonId'] as const;
type Field = (typeof DESCRIPTIVE_CONTACT_FIELDS)[number];

/** Pure: the fields a patch would overwrite (a value already there, replaced by a different one). */
export function overwrittenFields(current: Pick<Contact, Field>, patch: Partial<Record<Field, string | null | undefined>>): Field[] {
  return DESCRIPTIVE_CONTACT_FIELDS.filter((f) => patch[f] !== undefined && current[f] !== null && current[f] !== patch[f]);
}

/** Throws a 400 naming the first overwritten field unless the workspace has a thread with the address. */
export async function checkContactEdit(tx: Queryable, current: Contact, patch: Partial<Record<Field, string | null | undefined>>, workspaceId: string | undefined): Promise<void> {
  const fields = overwrittenFields(current, patch);
  if (!fields.length) return;
  const field = `body.${fields[0]}`;
  const why = "is shared by every agency: only a workspace that has a thread with this address can change it (give that workspaceId); an empty field may be filled by anyone";
  if (!workspaceId) throw new AppError('VALIDATION', `${field}: ${why}`, { field });
  const evidence = await threadEvidence(tx, { workspaceId, accountId: current.accountId, addresses: [current.email], inboundId: null, anyAddressOfAccount: false });
  if (evidence === 'NONE') throw new AppError('VALIDATION', `${field}: ${why}`, { field });
}
