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
parentPort?.postMessage({ ready: true });
