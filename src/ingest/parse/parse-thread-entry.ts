/**
 * The worker-thread side of the parser (parse-thread.ts): parses what the main thread posts, whole
 * (`buffer`) or as a stream of chunks (`start`, `chunk`…, `end`), and posts the ParsedEmail back.
 * Each chunk is acknowledged once the parser has taken it, which is the main thread's flow control.
 */
import { PassThrough } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { parseEmail } from './parse-email.ts';
import type { ParsedEmail } from '../types.ts';
import type { FromParseThread, ParseAnswer, ToParseThread } from './parse-thread.ts';

const port = parentPort!;
const streams = new Map<number, PassThrough>();

// Answers go back in one message per turn of the event loop, as the buffers came.
let answers: ParseAnswer[] | null = null;
function send(a: ParseAnswer): void {
  if (!answers) {
    answers = [];
    setImmediate(() => {
      const items = answers!;
      answers = null;
      port.postMessage({ t: 'answers', items } satisfies FromParseThread);
    });
  }
  answers.push(a);
}

/**
 * Buffers wait their turn and are parsed a few at a time, in the order they came: the first of a
 * batch is answered first, and a batch's sources are not all half-parsed in memory at once.
 */
const PARSING_AT_ONCE = 4;
const queued: Array<{ id: number; bytes: Uint8Array }> = [];
let parsingNow = 0;
function parseQueued(): void {
  while (parsingNow < PARSING_AT_ONCE) {
    const next = queued.shift();
    if (!next) return;
    parsingNow++;
    const { id, bytes } = next;
    const parsing = parseEmail(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    answer(id, parsing);
    const done = () => {
      parsingNow--;
      parseQueued();
    };
    parsing.then(done, done);
  }
}

function answer(id: number, parsing: Promise<ParsedEmail>): void {
  parsing.then(
    (parsed) => send({ id, parsed }),
    (err: unknown) => send({ id, error: err instanceof Error ? err.message : String(err) }),
  );
}

port.on('message', (msg: ToParseThread) => {
  switch (msg.t) {
    case 'buffers':
      queued.push(...msg.items);
      parseQueued();
      return;
    case 'start': {
      const input = new PassThrough();
      streams.set(msg.id, input);
      answer(msg.id, parseEmail(input).finally(() => streams.delete(msg.id)));
      return;
    }
    case 'chunk': {
      const bytes = msg.bytes.byteLength;
      streams.get(msg.id)?.write(Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, bytes), () => port.postMessage({ t: 'ack', id: msg.id, bytes } satisfies FromParseThread));
      return;
    }
    case 'end':
      streams.get(msg.id)?.end();
      return;
    case 'abort':
      streams.get(msg.id)?.destroy(new Error(msg.error));
      return;
  }
});
