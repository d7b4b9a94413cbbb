import type { Queryable } from '../db/types.ts';
import { deriveRelationship, type RelationshipProjection } from './derive-status.ts';
import { accountSends, otherOrgSends, statusEventsOf } from './db/events.ts';
import { getRelationship } from './db/relationships.ts';

/** Stored projection vs a fresh replay of the events: the two must always be equal. */
export async function replayRelationship(db: Queryable, relationshipId: string): Promise<{ stored: RelationshipProjection; replayed: RelationshipProjection } | null> {
  const rel = await getRelationship(db, relationshipId);
  if (!rel) return null;
  const replayed = deriveRelationship(rel.initialStatus, await statusEventsOf(db, rel.id), otherOrgSends(await accountSends(db, rel.accountId), rel.organizationId));
  const stored: RelationshipProjection = {
    status: rel.status,
    contactedByUs: rel.contactedByUs,
    firstContactedByUsAt: rel.firstContactedByUsAt,
    lastContactedByUsAt: rel.lastContactedByUsAt,
    contactedByOtherOrg: rel.contactedByOtherOrg,
    firstContactedAt: rel.firstContactedAt,
  };
  return { stored, replayed };
}
