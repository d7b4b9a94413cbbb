/**
 * The partners of a step's batch of messages, read in a few queries: their relationships, contacts
 * and workspace policies. The classify and gates steps both decide with it (each adds the accounts as
 * its own view asks for them, and reads the history it needs in its own shape: src/crm/db/history.ts).
 */
import type { Queryable } from '../db/types.ts';
import type { Contact } from './types.ts';
import { getContacts } from './db/contacts.ts';
import { getRelationships, type RelationshipRow } from './db/relationships.ts';
import { getGatePolicies } from './db/tenants.ts';

export interface PartnerSnapshot {
  relationships: Map<string, RelationshipRow>;
  contacts: Map<string, Contact>;
  policies: Map<string, unknown>;
}

export async function readPartners(
  db: Queryable,
  messages: ReadonlyArray<{ relationshipId: string | null; contactId: string | null }>,
): Promise<PartnerSnapshot> {
  const relationships = await getRelationships(db, messages.flatMap((m) => (m.relationshipId ? [m.relationshipId] : [])));
  const rels = [...relationships.values()];
  return {
    relationships,
    contacts: await getContacts(db, messages.flatMap((m) => (m.contactId ? [m.contactId] : []))),
    policies: await getGatePolicies(db, rels.map((r) => r.organizationId)),
  };
}
