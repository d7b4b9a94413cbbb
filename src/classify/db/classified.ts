/** The classify step's write to its messages: the classification, and the status that says it is done. */
import type { Queryable } from '../../db/types.ts';
import type { Classification } from '../types.ts';

/** Marks messages CLASSIFIED with their classification, all in one statement. */
export async function setClassified(db: Queryable, rows: ReadonlyArray<{ id: string; classification: Classification }>): Promise<void> {
  if (!rows.length) return;
  // one JSON document: an array parameter of JSON texts is escaped character by character by the driver
  await db.query(
    `update inbound_messages m set classification = v.classification, status = 'CLASSIFIED', updated_at = now()
       from jsonb_to_recordset($1::jsonb) as v(id text, classification jsonb) where m.id = v.id`,
    [JSON.stringify(rows.map((r) => ({ id: r.id, classification: r.classification })))],
  );
}
