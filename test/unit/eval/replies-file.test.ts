import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRepliesFile, formatRepliesFileReport, splitName } from '../../../scripts/eval/replies-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'replies-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, text: string, expect: Record<string, unknown>) =>
  JSON.stringify({ id, lang: 'en', lead: `${id}@blog.example`, subject: 'Re: Guest post', text, expect });

describe('eval --replies <file>', () => {
  it('reads a small dev-schema file and reports it as one split named after the file', () => {
    const file = path.join(dir, 'replies-mini.jsonl');
    writeFileSync(
      file,
      [
        row('mini-1', 'Please remove me from your mailing list and do not contact me again.', { intent: 'UNSUBSCRIBE' }),
        // Deliberately mislabelled: the report must count it as a miss, not as a hit.
        row('mini-2', 'Please take me off your list, I do not want these emails.', { intent: 'INTERESTED' }),
        '',
      ].join('\n'),
    );
    const r = evaluateRepliesFile(file);
    expect(r.split).toBe('mini');
    expect(r.report.count).toBe(2);
    expect(r.report.intent.total).toBe(2);
    expect(r.report.intent.ok).toBe(1);
    expect(r.report.misses.some((m) => m.id === 'mini-2' && m.what === 'intent' && m.want === 'INTERESTED')).toBe(true);
    expect(r.report.dncRecall).toEqual({ ok: 1, total: 1, rate: 1 });
    expect(r.report.prices.total).toBe(2);
    expect(r.report.unsafeAutoReplies).toHaveLength(0);
    expect(r.checks.find((c) => c.name === 'intent')).toMatchObject({ value: 0.5, min: 0.85, passed: false });
    expect(r.checks.find((c) => c.name === 'dncRecall')?.passed).toBe(true);

    const text = formatRepliesFileReport(r, { verbose: true });
    expect(text).toContain('mini: 2 replies');
    expect(text).toContain('Intent:            50.0 % (1/2)');
    expect(text).toContain('label \\ got');
    expect(text).toContain('mini-2 intent: want INTERESTED');
    expect(text).toContain('FAIL  intent 50.0 % (min 85 %)');
    expect(formatRepliesFileReport(r)).not.toContain('mini-2 intent');
  });

  it('names the blind set "blind" and refuses a missing file', () => {
    expect(splitName('test/fixtures/replies-blind/replies-blind.jsonl')).toBe('blind');
    expect(() => evaluateRepliesFile(path.join(dir, 'absent.jsonl'))).toThrow(/not found/);
  });
});
