/**
 * The rules classifier off the event loop: one worker thread classifies, so a hostile body never
 * blocks `/healthz`, webhooks or the other steps while it is read. A classification that takes longer
 * than `timeoutMs` (it should never: every rule is linear, see adversarial.test.ts) ends the thread and
 * is answered from the first 4 KB of the text, in-line, which is bounded; a new thread takes over.
 */
import { Worker } from 'node:worker_threads';
import type { Classification } from '../types.ts';
import type { RulesClassifier } from '../ports.ts';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';

const FALLBACK_CHARS = 4096;

interface Pending {
  resolve: (c: Classification) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  input: RulesInput;
}

export interface RulesThread {
  classify: RulesClassifier;
  close(): Promise<void>;
}

/** What the thread answers when it could not: the same rules over the first 4 KB. */
function bounded(input: RulesInput): Classification {
  const email = { ...input.email, text: input.email.text.slice(0, FALLBACK_CHARS), html: input.email.html ? input.email.html.slice(0, FALLBACK_CHARS) : null };
  return classifyWithRules({ ...input, email });
}

export function startRulesThread(opts: { timeoutMs?: number } = {}): RulesThread {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let closed = false;

  const spawn = (): Worker => {
    const w = new Worker(new URL('./rules-thread-boot.mjs', import.meta.url));
    w.unref();
    w.on('message', (msg: { id?: number; ok?: boolean; result?: Classification; error?: string }) => {
      if (msg.id === undefined) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result!);
      else p.reject(new Error(`rules classifier failed: ${msg.error}`));
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('rules classifier thread exited'));
    });
    return w;
  };

  // Whatever the thread was doing when it died is answered in-line from the bounded text.
  const failAll = (_err: Error) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      clearTimeout(p.timer);
      try {
        p.resolve(bounded(p.input));
      } catch (e) {
        p.reject(e as Error);
      }
    }
  };

  return {
    classify(input) {
      if (closed) return Promise.resolve(classifyWithRules(input));
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      return new Promise<Classification>((resolve, reject) => {
        const timer = setTimeout(() => {
          // Too slow: end the thread (the next call starts a new one) and answer from 4 KB.
          if (worker === w) worker = null;
          void w.terminate();
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer, input });
        w.postMessage({ id, input });
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
