/** The classify step's write to its messages: the classification, and the status that says it is done. */
import type { Queryable } from '../../db/types.ts';
import type { Classification } from '../types.ts';

/** Marks messages CLASSIFIED with their classification, all in one statement. */
export async function setClassified(db: Queryable, rows: ReadonlyArray<{ id: string; classification: Classification }>): Promise<void> {
  if (!rows.length) return;
  await db.query(
    `update inbound_messages m set classification = v.classification::jsonb, status = 'CLASSIFIED', updated_at = now()
       from unnest($1::text[], $2::text[]) as v(id, classification) where m.id = v.id`,
    [rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.classification))],
  );
}
