/**
 * The rules classifier off the event loop: one worker thread classifies, so a hostile body never
 * blocks `/healthz`, webhooks or the other steps while it is read. The same thread tells a draft's
 * language (`detectLanguage`): the language database (eld) is loaded there only. A classification that takes longer
 * than `timeoutMs` (it should never: every rule is linear, see adversarial.test.ts) ends the thread and
 * is answered from the first 4 KB of the text, in-line, which is bounded; a new thread takes over.
 * The clock starts when the thread is ready: loading it (tsx, eld's database) takes seconds on a
 * loaded machine, and a message posted meanwhile waits for it rather than being read without a
 * language. A thread that is not ready within `bootTimeoutMs` is ended the same way. The gates' own
 * detectors (`recheck`: red flags and injection signs read again on the stored text) run there too,
 * with the same deadline and the same in-line answer from the first 4 KB.
 */
import { Worker } from 'node:worker_threads';
import type { Classification } from '../types.ts';
import type { Language } from '../rules/languages.ts';
import type { RulesClassifier } from '../ports.ts';
import { classifyWithRules, type RulesInput } from '../rules/classify-rules.ts';
import type { GateDetections } from '../../gates/types.ts';
import { recheckMessage, type RecheckMessage } from '../../gates/detect/recheck.ts';

const FALLBACK_CHARS = 4096;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
  /** What to answer in-line if the thread cannot: the bounded rules, or an unknown language. */
  fallback: () => unknown;
}

export interface RulesThread {
  classify: RulesClassifier;
  /** The language of a text (eld, on the thread); null when it cannot be told or the thread is gone. */
  detectLanguage(text: string): Promise<Language | null>;
  /** What the `red-flags` and `prompt-injection` gates detect again on a message (src/gates/detect/recheck.ts). */
  recheck(message: RecheckMessage): Promise<GateDetections>;
  close(): Promise<void>;
}

/** What the thread answers when it could not: the same rules over the first 4 KB. */
function bounded(input: RulesInput): Classification {
  const email = { ...input.email, text: input.email.text.slice(0, FALLBACK_CHARS), html: input.email.html ? input.email.html.slice(0, FALLBACK_CHARS) : null };
  return classifyWithRules({ ...input, email });
}

interface Thread {
  w: Worker;
  ready: boolean;
  /** Deadlines of the messages posted before the thread was ready, started when it is. */
  onReady: Array<() => void>;
}

export function startRulesThread(opts: { timeoutMs?: number; bootTimeoutMs?: number } = {}): RulesThread {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const bootTimeoutMs = opts.bootTimeoutMs ?? 120_000;
  let worker: Thread | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let closed = false;

  const spawn = (): Thread => {
    const w = new Worker(new URL('./rules-thread-boot.mjs', import.meta.url));
    w.unref();
    const t: Thread = { w, ready: false, onReady: [] };
    const bootTimer = setTimeout(() => {
      if (worker === t) worker = null;
      void w.terminate();
    }, bootTimeoutMs);
    bootTimer.unref();
    w.on('message', (msg: { id?: number; ok?: boolean; result?: unknown; error?: string; ready?: boolean }) => {
      if (msg.ready) {
        clearTimeout(bootTimer);
        t.ready = true;
        for (const arm of t.onReady.splice(0)) arm();
        return;
      }
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
      clearTimeout(bootTimer);
      if (worker === t) worker = null;
      failAll(new Error('rules classifier thread exited'));
    });
    return t;
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
    const t = worker;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (value: unknown) => void, reject, fallback };
      const arm = () => {
        if (!pending.has(id)) return;
        p.timer = setTimeout(() => {
          // Too slow: end the thread (the next call starts a new one) and answer in-line.
          if (worker === t) worker = null;
          void t.w.terminate();
        }, timeoutMs);
      };
      pending.set(id, p);
      // Posted at once: the thread's port keeps it until the entry listens.
      t.w.postMessage({ id, ...message });
      if (t.ready) arm();
      else t.onReady.push(arm);
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
    recheck(message) {
      const { subject, text } = message;
      if (closed) return Promise.resolve(recheckMessage({ subject, text }));
      return ask({ recheck: { subject, text } }, () => recheckMessage({ subject, text: text.slice(0, FALLBACK_CHARS) }));
    },
    async close() {
      closed = true;
      const t = worker;
      worker = null;
      if (t) await t.w.terminate();
    },
  };
}
