/**
 * The partners of a step's batch of messages, read in a few queries: their relationships, contacts,
 * workspace policies and each relationship's first events. The classify and gates steps both decide
 * with it (each adds the accounts as its own view asks for them).
 */
import type { Queryable } from '../db/types.ts';
import type { Contact, CrmEvent } from './types.ts';
import { getContacts } from './db/contacts.ts';
import { getRelationships, type RelationshipRow } from './db/relationships.ts';
import { getGatePolicies } from './db/tenants.ts';
import { firstEventsOfRelationships } from './db/events.ts';

export interface PartnerSnapshot {
  relationships: Map<string, RelationshipRow>;
  contacts: Map<string, Contact>;
  policies: Map<string, unknown>;
  events: Map<string, CrmEvent[]>;
}

export async function readPartners(
  db: Queryable,
  messages: ReadonlyArray<{ relationshipId: string | null; contactId: string | null }>,
  historyLimit: number,
): Promise<PartnerSnapshot> {
  const relationships = await getRelationships(db, messages.flatMap((m) => (m.relationshipId ? [m.relationshipId] : [])));
  const rels = [...relationships.values()];
  return {
    relationships,
    contacts: await getContacts(db, messages.flatMap((m) => (m.contactId ? [m.contactId] : []))),
    policies: await getGatePolicies(db, rels.map((r) => r.organizationId)),
    events: await firstEventsOfRelationships(db, rels.map((r) => ({ id: r.id, workspaceId: r.organizationId })), historyLimit),
  };
}
