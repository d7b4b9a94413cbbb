/**
 * Real messages from the shared corpus (../shared/corpus beside the repository). Skipped with a
 * message when the folder is absent; CI copies it there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parseEmail } from '../../../src/ingest/parse/parse-email.ts';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const present = existsSync(corpus);
if (!present) console.warn(`corpus tests skipped: ${corpus} not found`);

async function classify(rel: string) {
  const e = await parseEmail(readFileSync(path.join(corpus, rel)));
  return classifyWithRules({ email: e, now: e.date ?? new Date('2025-06-02T00:00:00Z') });
}

describe.skipIf(!present)('shared corpus samples', () => {
  it.each([
    ['sisimai-set-of-emails/maildir/bsd/rfc3464-01.eml', 'BOUNCE'],
    ['sisimai-set-of-emails/maildir/bsd/lhost-postfix-79.eml', 'BOUNCE'],
    ['mail-deliverystatus-bounceparser/t/corpus/non-autoreply.msg', 'BOUNCE'],
    ['sisimai-set-of-emails/maildir/bsd/lhost-amazonses-12.eml', 'AUTO_REPLY'],
    ['sisimai-set-of-emails/maildir/bsd/rfc3464-28.eml', 'AUTO_REPLY'],
    ['sisimai-set-of-emails/maildir/bsd/arf-01.eml', 'COMPLAINT'],
    ['php-bounce-handler/eml/fbl-aol.txt', 'COMPLAINT'],
    ['php-bounce-handler/eml/hotmailbounce.txt', 'COMPLAINT'],
    ['sisimai-set-of-emails/maildir/bsd/rfc3834-01.eml', 'OUT_OF_OFFICE'],
    ['mail-deliverystatus-bounceparser/t/corpus/warning-6.msg', 'OUT_OF_OFFICE'],
    ['mail-deliverystatus-bounceparser/t/corpus/boxbe-cr.msg', 'AUTO_REPLY'],
    ['mail-deliverystatus-bounceparser/t/corpus/bluebottle.msg', 'AUTO_REPLY'],
    ['talon/tests/fixtures/standard_replies/gmail.eml', 'OTHER'],
  ])('%s → %s', async (rel, intent) => {
    expect((await classify(rel)).intent).toBe(intent);
  });

  it('reads severity per recipient from real DSNs', async () => {
    expect((await classify('sisimai-set-of-emails/maildir/bsd/lhost-sendmail-01.eml')).facts.bounce).toMatchObject({ kind: 'hard', status: '5.1.1' });
    expect((await classify('php-bounce-handler/eml/46.eml')).facts.bounce).toMatchObject({ kind: 'soft' });
  });

  it('takes the return date from an out-of-office', async () => {
    const r = await classify('php-bounce-handler/from-pr-15/eml/vac5');
    expect(r.intent).toBe('OUT_OF_OFFICE');
    expect(r.facts.returnDate).toMatch(/^\d{4}-09-23$/);
  });

  it('parses CRLF copies like their LF originals', async () => {
    for (const name of ['rfc3464-01.eml', 'lhost-exim-01.eml', 'rfc3834-01.eml', 'arf-01.eml']) {
      const lf = await classify(`sisimai-set-of-emails/maildir/bsd/${name}`);
      const crlf = await classify(`sisimai-set-of-emails/maildir/dos/${name}`);
      expect([crlf.intent, crlf.facts.bounce?.kind]).toEqual([lf.intent, lf.facts.bounce?.kind]);
    }
  });

  it('reads messages the parser used to lose (leading blank line, multipart without boundaries)', async () => {
    expect((await classify('php-bounce-handler/eml/exchange1.eml')).facts.bounce).toMatchObject({ kind: 'hard' });
    expect((await classify('sisimai-set-of-emails/maildir/bsd/rfc3464-04.eml')).intent).toBe('BOUNCE');
  });
});
