/**
 * The worker-thread side of the rules classifier: classifies what the main thread posts and posts the
 * result back, tells the language of a text (a draft) and runs the gates' detectors again on a
 * message (`recheckMessage`) on request. Pure code only; no database,
 * no network. This is the one place eld's language database is loaded (about 0.9 s of CPU), so no
 * process pays for it on its event loop.
 */
import { parentPort } from 'node:worker_threads';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';
import { detectLanguage } from '../rules/language.ts';
import { recheckMessage, type RecheckMessage } from '../../gates/detect/recheck.ts';

type Request = { id: number; input: RulesInput } | { id: number; language: string } | { id: number; recheck: RecheckMessage };

function answer(msg: Request): unknown {
  if ('language' in msg) return detectLanguage(msg.language);
  if ('recheck' in msg) return recheckMessage(msg.recheck);
  return classifyWithRules(msg.input, detectLanguage);
}

parentPort?.on('message', (msg: Request) => {
  try {
    const result = answer(msg);
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
  recheckMessage({ subject: 'Re: warm-up', text });
  classifyWithRules({ email: { messageId: null, inReplyTo: null, references: [], from: { address: 'warm@up.example', name: '' }, replyTo: null, to: [], cc: [], subject: 'Re: warm-up', date: null, text, html: null, headers: {}, attachments: [], reportParts: [], rawSha256: '', rawSize: text.length, parseWarnings: [] }, now: new Date() }, detectLanguage);
}
parentPort?.postMessage({ ready: true });
