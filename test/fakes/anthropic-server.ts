/**
 * A local fake of the Anthropic Messages API (POST /v1/messages) on 127.0.0.1, port 0, for driving the
 * real @anthropic-ai/sdk through `baseURL`. Replies are queued per request (then a default), so a test
 * can script "fail with 529 twice, then answer". Every request is recorded for assertions.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** 200 with one tool_use block whose input is `input` (valid or not: the test decides). */
  | { kind: 'tool-answer'; input: unknown; toolName?: string; usage?: { input_tokens: number; output_tokens: number } }
  /** 200 with only a text block: the model ignored the tool (e.g. wrote broken JSON as prose). */
  | { kind: 'text-only'; text: string }
  /** Any status and raw body, e.g. a 200 whose body is not JSON at all. */
  | { kind: 'raw'; status: number; body: string; contentType?: string }
  /** An API error in Anthropic's error envelope. */
  | { kind: 'error'; status: number; retryAfterMs?: number }
  /** Waits, then sends `then` (unless the client gave up first). */
  | { kind: 'slow'; delayMs: number; then: FakeReply };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnthropicServer {
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Replies used one per request, in order, before falling back to the default. */
  enqueue(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply): void;
  close(): Promise<void>;
}

/** A well-formed answer for the classify tool; override any field. */
export function validToolInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    intent: 'INTERESTED',
    confidence: 0.92,
    secondaryIntents: [],
    offers: [],
    returnDate: null,
    linkUrl: null,
    referralEmail: null,
    injectionSuspected: false,
    redFlags: [],
    notes: 'The sender asks to see the article.',
    ...overrides,
  };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export async function startFakeAnthropic(defaultReply?: FakeReply): Promise<FakeAnthropicServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let fallback: FakeReply = defaultReply ?? { kind: 'tool-answer', input: validToolInput() };
  const timers = new Set<NodeJS.Timeout>();
  let messageCounter = 0;

  const send = (res: ServerResponse, reply: FakeReply, requestedTool: string): void => {
    if (res.writableEnded || res.destroyed) return;
    switch (reply.kind) {
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, reply.then, requestedTool);
        }, reply.delayMs);
        timers.add(timer);
        return;
      }
      case 'error': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        res.writeHead(reply.status, headers);
        res.end(JSON.stringify({ type: 'error', error: { type: ERROR_TYPES[reply.status] ?? 'api_error', message: `fake ${reply.status}` } }));
        return;
      }
      case 'raw':
        res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
        res.end(reply.body);
        return;
      case 'text-only':
        writeMessage(res, [{ type: 'text', text: reply.text }], 'end_turn', { input_tokens: 120, output_tokens: 30 });
        return;
      case 'tool-answer': {
        const block = { type: 'tool_use', id: `toolu_fake_${++messageCounter}`, name: reply.toolName ?? requestedTool, input: reply.input };
        writeMessage(res, [block], 'tool_use', reply.usage ?? { input_tokens: 250, output_tokens: 80 });
        return;
      }
    }
  };

  const writeMessage = (res: ServerResponse, content: unknown[], stopReason: string, usage: object): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `msg_fake_${++messageCounter}`,
        type: 'message',
        role: 'assistant',
        model: 'fake-model',
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      }),
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      // keep the raw text: a test may want to see it
    }
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/messages')) {
      send(res, { kind: 'error', status: 404 }, '');
      return;
    }
    const requestedTool = readRequestedTool(body);
    send(res, queue.shift() ?? fallback, requestedTool);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      fallback = reply;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readRequestedTool(body: unknown): string {
  if (typeof body !== 'object' || body === null) return 'unknown_tool';
  const choice = (body as { tool_choice?: { name?: unknown } }).tool_choice;
  return typeof choice?.name === 'string' ? choice.name : 'unknown_tool';
}
