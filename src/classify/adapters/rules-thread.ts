/**
 * The rules classifier off the event loop: one worker thread classifies, so a hostile body never
 * blocks `/healthz`, webhooks or the other steps while it is read. The same thread tells a draft's
 * language (`detectLanguage`): the language database (eld) is loaded there only. A classification that takes longer
 * than `timeoutMs` (it should never: every rule is linear, see adversarial.test.ts) ends the thread and
 * is answered from the first 4 KB of the text, in-line, which is bounded; a new thread takes over.
 */
import { Worker } from 'node:worker_threads';
import type { Classification } from '../types.ts';
import type { Language } from '../rules/languages.ts';
import type { RulesClassifier } from '../ports.ts';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';

const FALLBACK_CHARS = 4096;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** What to answer in-line if the thread cannot: the bounded rules, or an unknown language. */
  fallback: () => unknown;
}

export interface RulesThread {
  classify: RulesClassifier;
  /** The language of a text (eld, on the thread); null when it cannot be told or the thread is gone. */
  detectLanguage(text: string): Promise<Language | null>;
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
    w.on('message', (msg: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (msg.id === undefined) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
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
        p.resolve(p.fallback());
      } catch (e) {
        p.reject(e as Error);
      }
    }
  };

  const ask = <T>(message: object, fallback: () => T): Promise<T> => {
    worker ??= spawn();
    const w = worker;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Too slow: end the thread (the next call starts a new one) and answer in-line.
        if (worker === w) worker = null;
        void w.terminate();
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, fallback });
      w.postMessage({ id, ...message });
    });
  };

  return {
    classify(input) {
      if (closed) return Promise.resolve(classifyWithRules(input));
      return ask({ input }, () => bounded(input));
    },
    detectLanguage(text) {
      if (closed) return Promise.resolve(null);
      return ask({ language: text.slice(0, 4096) }, () => null);
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
