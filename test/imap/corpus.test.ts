/**
 * Every message of the shared corpus (../shared/corpus, ~1,200 real and edge-case emails listed in
 * ALL_LABELS.csv) goes through a real Dovecot and the poller: no crash, each IMAP message committed
 * exactly once, each one either stored or recognised as a duplicate by the store's dedupe.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOffThread } from '../../src/ingest/parse/parse-thread.ts';
import { dovecotAvailable, dovecotSkipReason, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { InMemoryLease, InMemorySyncStore, makeMessage, waitUntil } from '../support/imap-fakes.ts';
import { mailboxFor, testPoller } from '../support/imap-setup.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = resolve(repoRoot, '../shared/corpus');
const labels = resolve(corpusDir, 'ALL_LABELS.csv');
const corpusPresent = existsSync(labels);
if (!corpusPresent) console.warn(`[corpus test skipped] ${labels} not found`);

/** First CSV field of each data row (paths may be quoted). */
function corpusPaths(): string[] {
  const rows = readFileSync(labels, 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
  return rows.map((row) => {
    if (!row.startsWith('"')) return row.slice(0, row.indexOf(','));
    const end = row.indexOf('",');
    return row.slice(1, end).replace(/""/g, '"');
  });
}

describe.skipIf(!dovecotAvailable || !corpusPresent)(
  `IMAP poller: the shared corpus through Dovecot${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`,
  () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot({ users: [{ user: 'corpus', password: 'pw-corpus' }, { user: 'big', password: 'pw-big' }] });
    });
    afterAll(async () => {
      await dovecot?.stop();
    });

    it('ingests every corpus message exactly once without a crash', { timeout: 60_000 }, async () => {
      const listed = corpusPaths().map((p) => resolve(corpusDir, p));
      // A zero-byte file (there is one) cannot be an IMAP message: APPEND refuses empty literals.
      const files = listed.filter((p) => existsSync(p) && statSync(p).size > 0);
      expect(files.length).toBeGreaterThan(1_000);
      expect(listed.length - files.length).toBeLessThanOrEqual(1);
      const { accepted, rejected } = await dovecot.deliverMany('corpus', files.map((f) => readFileSync(f)));
      // Dovecot refusing a file would be a harness problem, not a poller one: name the files.
      expect(rejected.map((r) => `${files[r.index]}: ${r.error}`)).toEqual([]);
      expect(accepted).toBe(files.length);

      const store = new InMemorySyncStore();
      const mailbox = mailboxFor(dovecot, 'corpus', 'pw-corpus');
      const { poller, count } = testPoller({ mailbox, store, lease: new InMemoryLease(), batchSize: 100 });
      const started = Date.now();
      poller.start();
      try {
        await waitUntil(async () => (await store.loadCursor(mailbox.id))?.lastUid === accepted, 45_000, 'the cursor covers the whole corpus', 100);
        const elapsed = Date.now() - started;
        const counts = store.commitCounts(mailbox.id);
        expect(counts.size).toBe(accepted);
        expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
        // Stored, or skipped as a duplicate (same Message-ID or same bytes, e.g. the CRLF copies): none lost.
        expect(store.messages().length + store.duplicatesSkipped).toBe(accepted);
        expect(count('disconnected')).toBe(0);
        const warned = store.messages().filter((m) => m.parsed.parseWarnings.length > 0).length;
        console.info(`corpus: ${accepted} messages in ${elapsed} ms; ${store.messages().length} stored, ${store.duplicatesSkipped} duplicates, ${warned} with parse warnings`);

        // And the poller is still alive after all that.
        await dovecot.deliver('corpus', makeMessage('after-corpus'));
        await waitUntil(() => store.subjects().includes('message after-corpus'), 10_000, 'mail after the corpus arrives');
      } finally {
        await poller.stop();
      }
    });

    it('streams a 25 MB message into the parser instead of buffering it whole', { timeout: 60_000 }, async () => {
      const attachment = Buffer.alloc(25 * 1024 * 1024, 'x').toString('base64').replace(/.{76}/g, '$&\r\n');
      const raw = [
        'From: Big Sender <big@example.org>',
        'To: outreach@agency.example',
        'Subject: a very large message',
        'Message-ID: <big-1@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'See the attached media kit.',
        '--b1',
        'Content-Type: application/octet-stream; name="media-kit.bin"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="media-kit.bin"',
        '',
        attachment,
        '--b1--',
        '',
      ].join('\r\n');
      await dovecot.deliver('big', raw);
      const rawBytes = Buffer.byteLength(raw);

      const store = new InMemorySyncStore();
      const { poller } = testPoller({ mailbox: mailboxFor(dovecot, 'big', 'pw-big'), store, lease: new InMemoryLease() });
      // The poller parses on the process's parser thread: start it before the baseline, so the growth
      // measured is the message's, not the thread's own heap.
      await parseOffThread(Buffer.from('Subject: warm-up\r\n\r\nx\r\n'));
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      poller.start();
      try {
        await waitUntil(() => store.messages().length === 1, 30_000, 'the large message is stored');
      } finally {
        clearInterval(sampler);
        await poller.stop();
      }
      const [msg] = store.messages();
      expect(msg?.parsed.subject).toBe('a very large message');
      expect(msg?.parsed.attachments).toEqual([{ filename: 'media-kit.bin', contentType: 'application/octet-stream', size: 25 * 1024 * 1024 }]);
      expect(msg?.parsed.rawSize).toBeGreaterThanOrEqual(rawBytes);
      const growthMb = (peak - baseline) / 1024 / 1024;
      console.info(`25 MB message: rss grew by ${growthMb.toFixed(1)} MB (raw message ${(rawBytes / 1024 / 1024).toFixed(1)} MB)`);
      expect(growthMb).toBeLessThan(60);
    });
  },
);
