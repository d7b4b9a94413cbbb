/**
 * CPU of the rules classifier per message, in-line (`classifyWithRules` with eld's language
 * detection, as the rules thread runs it), on two sets of texts:
 *
 * - the pipeline benchmark's replies (bench/lib/payload.ts: ~5 KB bodies, several paragraphs of
 *   plain text, `reply_text` and `reply_html` as the Instantly webhook carries them);
 * - the dev corpus's replies (../shared/corpus/replies-dev.jsonl, `subject` and `text`), read from there.
 *
 * Several rounds after a warm-up round; prints ms of CPU (user + system, this process) per message
 * for each round and the median. `npx tsx bench/rules-cpu.ts [--rounds 5] [--payloads 300] [--no-language]`
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedEmail } from '../src/ingest/types.ts';
import { classifyWithRules } from '../src/classify/rules/classify-rules.ts';
import { detectLanguage } from '../src/classify/rules/language.ts';
import { languageUnknown } from '../src/classify/rules/languages.ts';
import { PayloadFactory } from './lib/payload.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = new Date('2026-12-01T09:00:00Z');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(v > 0)) throw new Error(`${name} needs a positive number`);
  return v;
}

function email(subject: string, text: string, html: string | null): ParsedEmail {
  return {
    messageId: null, inReplyTo: null, references: [], from: { address: 'editor@partner-blog.example', name: 'Editor' }, replyTo: null,
    to: [{ address: 'outreach@agency-mail.example', name: '' }], cc: [], subject, date: null, text, html, headers: {},
    attachments: [], reportParts: [], rawSha256: '', rawSize: 0, parseWarnings: [],
  };
}

function payloadEmails(n: number): ParsedEmail[] {
  const f = new PayloadFactory();
  return Array.from({ length: n }, () => {
    const body = JSON.parse(f.next()) as { reply_subject: string; reply_text: string; reply_html: string };
    return email(body.reply_subject, body.reply_text, body.reply_html);
  });
}

function corpusEmails(): ParsedEmail[] {
  const file = path.resolve(repoRoot, '../shared/corpus/replies-dev.jsonl');
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const r = JSON.parse(l) as { subject?: string; text: string };
    return email(r.subject ?? 'Re: Collaboration idea', r.text, null);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cpuMsPerMessage(emails: ParsedEmail[], detect: typeof detectLanguage): number {
  const t0 = process.cpuUsage();
  for (const e of emails) classifyWithRules({ email: e, ourAddresses: ['outreach@agency-mail.example'], now: NOW }, detect);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / emails.length;
}

const rounds = option('--rounds', 5);
const detect = process.argv.includes('--no-language') ? languageUnknown : detectLanguage;
const sets = { payload: payloadEmails(option('--payloads', 300)), corpus: corpusEmails() };
console.log(`rules CPU per message, ${rounds} rounds after a warm-up; language ${detect === detectLanguage ? 'eld' : 'off'}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [name, emails] of Object.entries(sets)) {
  cpuMsPerMessage(emails, detect);
  const ms = Array.from({ length: rounds }, () => cpuMsPerMessage(emails, detect));
  const chars = Math.round(emails.reduce((a, e) => a + e.text.length, 0) / emails.length);
  console.log(`${name.padEnd(8)} ${String(emails.length).padStart(4)} messages (~${chars} chars of text): median ${median(ms).toFixed(3)} ms CPU/msg  [${ms.map((m) => m.toFixed(3)).join(' ')}]`);
}
