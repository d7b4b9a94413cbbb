/**
 * What PostgreSQL backends of one database are doing, sampled from pg_stat_activity every few ms
 * while a load runs: "idle in transaction" (the backend waits for the application in the middle of
 * a transaction), "Lock:*" (row-lock waits), "IO:WALSync" / "LWLock:WALWrite" (commit fsyncs),
 * "CPU" (active, no wait event). A cheap, outside view of where a request's time goes.
 */
import type pg from 'pg';
import { connect } from './db.ts';

export interface ActivityProfile {
  samples: number;
  /** Mean number of backends in each state per sample. */
  meanBackends: Record<string, number>;
}

export async function sampleActivity(url: string, database: string, intervalMs = 20): Promise<{ stop(): Promise<ActivityProfile> }> {
  const c: pg.Client = await connect(url);
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await c.query<{ state: string | null; wait_event_type: string | null; wait_event: string | null; n: number }>(
        `select state, wait_event_type, wait_event, count(*)::int as n from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend' and application_name <> 'lb-bench'
         group by 1, 2, 3`,
        [database],
      );
      samples++;
      for (const row of r.rows) {
        const key =
          row.state === 'active' ? (row.wait_event_type ? `active ${row.wait_event_type}:${row.wait_event}` : 'active CPU')
          : row.state === 'idle in transaction' ? 'idle in transaction (waits for the app)'
          : (row.state ?? 'unknown');
        counts.set(key, (counts.get(key) ?? 0) + row.n);
      }
      await new Promise((res) => setTimeout(res, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await c.end();
      const meanBackends: Record<string, number> = {};
      for (const [k, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) meanBackends[k] = Math.round((n / Math.max(1, samples)) * 100) / 100;
      return { samples, meanBackends };
    },
  };
}
