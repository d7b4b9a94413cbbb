/**
 * Baseline for the webhook benchmark: express answering 202 after one bare INSERT of the JSON body
 * into a plain table (autocommit, no secret check, no matching, no job). What is left of the
 * service's cost above this is our own code; what is below it is express + pg + one fsync'd commit.
 * Run as its own process by bench/webhook-ingest.ts: DATABASE_URL, PORT, HOST from the environment.
 */
import express from 'express';
import pg from 'pg';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: url, max: 10, application_name: 'lb-bench-bare-insert' });
const app = express();
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.post('/v1/webhooks/instantly/:workspaceId', express.json({ limit: '1mb', strict: true }), async (req, res, next) => {
  try {
    const r = await pool.query<{ id: string }>('insert into bench_bare_insert (payload) values ($1) returning id', [JSON.stringify(req.body)]);
    res.status(202).json({ ok: true, id: r.rows[0]?.id });
  } catch (e) {
    next(e);
  }
});
const server = app.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => {
    void pool.end().then(() => process.exit(0));
  });
});
