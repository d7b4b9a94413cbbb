import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { createBoss, enqueueWith, ensureQueues } from '../jobs/boss.ts';
import { backfillMailbox } from '../ingest/imap/adapters/imap-backfill.ts';
import { mailboxWithSecrets } from '../ingest/mailboxes/mailboxes-db.ts';
import { createPgSyncStore } from '../ingest/mailboxes/pg-sync-store.ts';
import { createSecretBox } from '../ingest/mailboxes/secret-box.ts';
import { embeddedSecretKey } from '../ingest/mailboxes/secret-key-file.ts';

function progressBar(done: number, total: number): string {
  const width = 30;
  const frac = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${Math.round(frac * 100)}%)`;
}

/**
 * Imports a mailbox's history since a date. What it imports is classified (the CRM learns prices,
 * unsubscribes and bounces from it) but never answered. Re-running it adds nothing twice.
 */
export async function runBackfill(db: Db, config: Config, mailboxId: string | undefined, sinceArg: string | undefined) {
  if (!mailboxId) throw new AppError('VALIDATION', 'missing mailbox id', { field: 'mailboxId' });
  const since = new Date(sinceArg ?? '');
  if (!sinceArg || Number.isNaN(since.getTime())) throw new AppError('VALIDATION', '--since: must be a date such as 2026-01-01', { field: 'since' });
  const secretKey = config.SECRET_KEY ?? (config.DATABASE_URL ? undefined : embeddedSecretKey(config.DATA_DIR));
  if (!secretKey) throw new AppError('VALIDATION', 'SECRET_KEY must be set to read the mailbox password', { field: 'SECRET_KEY' });
  const mailbox = await mailboxWithSecrets(db, mailboxId, createSecretBox(secretKey));
  if (!mailbox) throw new AppError('NOT_FOUND', `mailbox ${mailboxId} not found`);

  const boss = createBoss(db, config.DATABASE_URL);
  await boss.start();
  await ensureQueues(boss, { heartbeatSeconds: config.JOB_HEARTBEAT_SECONDS });
  try {
    const store = createPgSyncStore({ db, enqueue: enqueueWith(boss), history: true });
    const tty = process.stderr.isTTY;
    let lastPrinted = 0;
    const result = await backfillMailbox(mailbox, store, {
      since,
      hosts: { allowPrivateHosts: config.ALLOW_PRIVATE_HOSTS },
      onProgress: ({ done, total }) => {
        if (tty) process.stderr.write(`\r${progressBar(done, total)}`);
        else if (done === total || Date.now() - lastPrinted > 2000) {
          lastPrinted = Date.now();
          process.stderr.write(`${progressBar(done, total)}\n`);
        }
      },
    });
    if (tty) process.stderr.write('\n');
    return { mailboxId, since: since.toISOString(), ...result };
  } finally {
    await boss.stop({ graceful: true, timeout: 10_000 });
  }
}
