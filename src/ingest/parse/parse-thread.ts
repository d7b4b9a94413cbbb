/**
 * The parser off the event loop. mailparser works on the thread that calls it, and some messages cost
 * it a long time in one go (measured on one core: a To: header listing 40,000 addresses blocks it
 * ~1 s, 5,000 nested multiparts ~0.2 s, a 1 MB run of spaces ~70 ms), so the IMAP poller and the
 * backfill hand every message at or above `inlineBelowBytes` to one worker thread. `/healthz`,
 * webhooks and the pipeline steps keep running while a hostile megabyte is read, and the poller's
 * own loop keeps fetching and committing while the thread parses.
 *
 * A buffer is copied to the thread whole; a stream (messages above the poller's `largeMessageBytes`)
 * is sent chunk by chunk with at most `windowBytes` not yet taken by the parser, so a 25 MB message is
 * still never held whole. A parse that takes longer than `timeoutMs` ends the thread (the next call
 * starts a new one) and rejects: the callers (fetch-parsed.ts) keep the message with what
 * fallbackParsed can say about it, as for any parser failure. The other buffers the dead thread held
 * are parsed again on the new one (once); a stream cannot be replayed and fails with it.
 */
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ParsedEmail } from '../types.ts';
import { parseEmail } from './parse-email.ts';

/** What the main thread posts to the parser thread. */
export type ToParseThread =
  | { t: 'buffers'; items: Array<{ id: number; bytes: Uint8Array }> }
  | { t: 'start'; id: number }
  | { t: 'chunk'; id: number; bytes: Uint8Array }
  | { t: 'end'; id: number }
  | { t: 'abort'; id: number; error: string };

/** One message's answer. */
export type ParseAnswer = { id: number; parsed: ParsedEmail } | { id: number; error: string };

export type FromParseThread = { t: 'answers'; items: ParseAnswer[] } | { t: 'ack'; id: number; bytes: number };

export interface ParseThreadOptions {
  /** Messages smaller than this (buffers only) are parsed in-line: cheaper than the hop. Default 0: none. */
  inlineBelowBytes?: number;
  /** A parse taking longer ends the thread and fails that message. */
  timeoutMs?: number;
  /** Bytes of a streamed message sent ahead of what the parser has taken. */
  windowBytes?: number;
}

export interface ParseThread {
  parse(source: Buffer | Readable): Promise<ParsedEmail>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (p: ParsedEmail) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  thread: Worker;
  /** Streams only: called with the bytes the parser took. */
  onAck?: (bytes: number) => void;
  /** Buffers only, while they may still be retried on a new thread. */
  retry?: Buffer;
}

/** A copy in an ArrayBuffer of its own, so it can be transferred without detaching a pooled buffer. */
function ownCopy(chunk: Buffer | string): Uint8Array<ArrayBuffer> {
  return typeof chunk === 'string' ? new Uint8Array(Buffer.from(chunk)) : new Uint8Array(chunk);
}

export function startParseThread(opts: ParseThreadOptions = {}): ParseThread {
  const inlineBelow = opts.inlineBelowBytes ?? 0;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const windowBytes = opts.windowBytes ?? 4 * 1024 * 1024;
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    return p;
  };

  /** The thread is gone: buffers it held go to a new thread once, everything else fails. */
  const failAll = (w: Worker, why: string) => {
    if (worker === w) worker = null;
    for (const [id, p] of [...pending]) {
      if (p.thread !== w) continue;
      settle(id);
      if (p.retry && !closed) submitBuffer(p.retry, false).then(p.resolve, p.reject);
      else p.reject(new Error(why));
    }
  };

  const spawn = (): Worker => {
    const w = new Worker(new URL('./parse-thread-boot.mjs', import.meta.url));
    w.on('message', (msg: FromParseThread) => {
      if (msg.t === 'ack') return pending.get(msg.id)?.onAck?.(msg.bytes);
      for (const a of msg.items) {
        const p = settle(a.id);
        if ('parsed' in a) p?.resolve(a.parsed);
        else p?.reject(new Error(`parser thread: ${a.error}`));
      }
    });
    w.on('error', (err) => failAll(w, `parser thread failed: ${err.message}`));
    w.on('exit', () => failAll(w, 'parser thread exited'));
    // After the listeners: adding a 'message' listener refs the thread's port again.
    w.unref();
    return w;
  };

  /** Registers a parse on the current thread; the timer ends the thread if the parser hangs. */
  const track = (w: Worker, id: number, extra: Pick<Pending, 'onAck' | 'retry'>): Promise<ParsedEmail> =>
    new Promise<ParsedEmail>((resolve, reject) => {
      const timer = setTimeout(() => {
        settle(id)?.reject(new Error(`parser thread: no result within ${timeoutMs} ms`));
        if (worker === w) worker = null;
        void w.terminate();
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer, thread: w, ...extra });
    });

  // Buffers go to the thread in one message per turn of the event loop (a FETCH delivers many
  // sources in one turn): a postMessage has a fixed cost on both threads, a few µs per message.
  let outbox: { w: Worker; items: Array<{ id: number; bytes: Uint8Array<ArrayBuffer> }> } | null = null;
  const flush = () => {
    const o = outbox;
    outbox = null;
    if (o) o.w.postMessage({ t: 'buffers', items: o.items } satisfies ToParseThread, o.items.map((i) => i.bytes.buffer));
  };

  function submitBuffer(source: Buffer, retryable: boolean): Promise<ParsedEmail> {
    worker ??= spawn();
    const w = worker;
    const id = nextId++;
    const result = track(w, id, retryable ? { retry: source } : {});
    if (outbox && outbox.w !== w) flush();
    if (!outbox) {
      outbox = { w, items: [] };
      setImmediate(flush);
    }
    outbox.items.push({ id, bytes: ownCopy(source) });
    return result;
  }

  const parseStream = (w: Worker, id: number, source: Readable): Promise<ParsedEmail> => {
    let unacked = 0;
    const result = track(w, id, {
      onAck: (bytes) => {
        unacked -= bytes;
        if (unacked <= windowBytes && source.isPaused()) source.resume();
      },
    });
    w.postMessage({ t: 'start', id } satisfies ToParseThread);
    source.on('data', (chunk: Buffer | string) => {
      const bytes = ownCopy(chunk);
      unacked += bytes.byteLength;
      w.postMessage({ t: 'chunk', id, bytes } satisfies ToParseThread, [bytes.buffer]);
      if (unacked > windowBytes) source.pause();
    });
    source.once('end', () => w.postMessage({ t: 'end', id } satisfies ToParseThread));
    source.once('error', (e: Error) => {
      w.postMessage({ t: 'abort', id, error: e.message } satisfies ToParseThread);
      settle(id)?.reject(e);
    });
    // A result that came back some other way (timeout, thread exit) leaves the source flowing, so the
    // connection it comes from is drained rather than stuck.
    return result.finally(() => {
      if (source.isPaused()) source.resume();
    });
  };

  return {
    parse(source) {
      if (closed || (Buffer.isBuffer(source) && source.length < inlineBelow)) return parseEmail(source);
      if (Buffer.isBuffer(source)) return submitBuffer(source, true);
      worker ??= spawn();
      return parseStream(worker, nextId++, source);
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

let shared: ParseThread | null = null;

/**
 * The default parser of the IMAP poller and the backfill: one thread for the process, started on the
 * first message and never holding the process open (the thread is unref'd).
 */
export function parseOffThread(source: Buffer | Readable): Promise<ParsedEmail> {
  shared ??= startParseThread();
  return shared.parse(source);
}
