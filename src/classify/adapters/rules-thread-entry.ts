/**
 * The worker-thread side of the rules classifier: classifies what the main thread posts and posts the
 * result back. Pure code only; no database, no network.
 */
import { parentPort } from 'node:worker_threads';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';

parentPort?.on('message', (msg: { id: number; input: RulesInput }) => {
  try {
    parentPort!.postMessage({ id: msg.id, ok: true, result: classifyWithRules(msg.input) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort?.postMessage({ ready: true });
