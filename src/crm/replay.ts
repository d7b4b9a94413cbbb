import type { Queryable } from '../db/types.ts';
import { deriveRelationship, type RelationshipProjection } from './derive-status.ts';
import { accountSends, otherOrgSends, statusEventsOf } from './db/events.ts';
import { getRelationship, storedProjection } from './db/relationships.ts';

/** Stored projection vs a fresh replay of the events: the two must always be equal. */
export async function replayRelationship(db: Queryable, relationshipId: string): Promise<{ stored: RelationshipProjection; replayed: RelationshipProjection } | null> {
  const rel = await getRelationship(db, relationshipId);
  if (!rel) return null;
  const replayed = deriveRelationship(rel.initialStatus, await statusEventsOf(db, rel.id), otherOrgSends(await accountSends(db, rel.accountId), rel.organizationId));
  return { stored: storedProjection(rel), replayed };
}
