import type { Queryable } from '../../src/db/types.ts';
import { waitFor } from './wait-for.ts';

/**
 * A webhook is acknowledged once its delivery is stored; the ingest job makes the InboundMessage a
 * moment later. Waits for it, by the Instantly email id.
 */
export async function inboundOfEmail(db: Queryable, workspaceId: string, emailId: string, timeoutMs = 20_000): Promise<string> {
  let id: string | undefined;
  await waitFor(
    async () => {
      id = (await db.query<{ id: string }>(`select id from inbound_messages where workspace_id = $1 and source = 'INSTANTLY' and external_id = $2`, [workspaceId, emailId])).rows[0]?.id;
      return !!id;
    },
    { what: `the inbound message of Instantly email ${emailId}`, timeoutMs },
  );
  return id!;
}
