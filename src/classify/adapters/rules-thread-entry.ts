/**
 * The worker-thread side of the rules classifier: classifies what the main thread posts and posts the
 * result back, and tells the language of a text (a draft) on request. Pure code only; no database,
 * no network. This is the one place eld's language database is loaded (about 0.9 s of CPU), so no
 * process pays for it on its event loop.
 */
import { parentPort } from 'node:worker_threads';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';
import { detectLanguage } from '../rules/language.ts';

type Request = { id: number; input: RulesInput } | { id: number; language: string };

parentPort?.on('message', (msg: Request) => {
  try {
    const result = 'language' in msg ? detectLanguage(msg.language) : classifyWithRules(msg.input, detectLanguage);
    parentPort!.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
// Ready means warm: V8 compiles each of the rules' patterns on its first use, which on a loaded
// machine takes longer than a reply's deadline (rules-thread.ts starts the clock at this message).
const WARM_UP = [
  'Hi Laura,\n\nSounds good, our price is $120 for a guest post. Could you send the draft? Please remove me if not.\n\nOn Tue, 1 Dec 2026, Laura wrote:\n> Hello',
  'Bonjour, je suis absente jusqu\'au 8 décembre. Merci, nous ne publions plus d\'articles invités.',
];
for (const text of WARM_UP) {
  classifyWithRules({ email: { messageId: null, inReplyTo: null, references: [], from: { address: 'warm@up.example', name: '' }, replyTo: null, to: [], cc: [], subject: 'Re: warm-up', date: null, text, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: '', rawSize: text.length, parseWarnings: [] }, now: new Date() }, detectLanguage);
}
parentPort?.postMessage({ ready: true });
