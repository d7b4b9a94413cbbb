/**
 * A local fake of the Slack Web API methods we call (chat.postMessage, chat.update) and of
 * interaction response_urls, on 127.0.0.1 port 0. Records every call; `waitFor` polls the records
 * without fixed sleeps. Checks the bot token like Slack does (`{ok: false, error: "invalid_auth"}`).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeSlackServer {
  /** For SLACK_API_URL. */
  readonly apiUrl: string;
  /** A response_url on this server. */
  readonly responseUrl: string;
  readonly botToken: string;
  readonly calls: SlackCall[];
  callsTo(path: string): SlackCall[];
  waitFor(pred: (calls: SlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeSlack(botToken = 'xoxb-test-token'): Promise<FakeSlackServer> {
  const calls: SlackCall[] = [];
  let seq = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = { raw };
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      calls.push({ method: req.method ?? '', path, headers: req.headers, body });
      const json = (o: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (path.startsWith('/respond/')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (req.headers.authorization !== `Bearer ${botToken}`) return json({ ok: false, error: 'invalid_auth' });
      if (path === '/api/chat.postMessage') {
        seq++;
        return json({ ok: true, channel: body['channel'], ts: `1700000000.${String(seq).padStart(6, '0')}`, message: {} });
      }
      if (path === '/api/chat.update') return json({ ok: true, channel: body['channel'], ts: body['ts'] });
      json({ ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api`,
    responseUrl: `${base}/respond/T1/B1/x`,
    botToken,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    async waitFor(pred, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!pred(calls)) {
        if (Date.now() > until) throw new Error(`fake Slack: condition not met in ${timeoutMs} ms; calls: ${calls.map((c) => c.path).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
