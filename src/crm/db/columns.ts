import type { Queryable } from '../../db/types.ts';

const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `insert into table (cols) values (...) returning *` from a camelCase object whose keys were
 * validated by a schema (never from raw request keys).
 */
export async function insertRow(db: Queryable, table: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const cols = entries.map(([k]) => `"${snake(k)}"`).join(', ');
  const ph = entries.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await db.query(`insert into ${table} (${cols}) values (${ph}) returning *`, entries.map(([, v]) => v));
  return rows[0]!;
}

/** `update table set ... where id = $1 [and extra] returning *`; null when no row matched. */
export async function updateRow(
  db: Queryable,
  table: string,
  id: string,
  values: Record<string, unknown>,
  extraWhere = '',
  extraParams: unknown[] = [],
): Promise<Record<string, unknown> | null> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const params: unknown[] = [id, ...extraParams];
  const sets = entries.map(([k, v]) => {
    params.push(v);
    return `"${snake(k)}" = $${params.length}`;
  });
  sets.push('updated_at = now()');
  const { rows } = await db.query(`update ${table} set ${sets.join(', ')} where id = $1 ${extraWhere} returning *`, params);
  return rows[0] ?? null;
}
