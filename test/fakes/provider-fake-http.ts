/**
 * Plumbing shared by the research-provider fakes (DataForSEO, SerpApi, Ahrefs, Apollo): a node:http
 * server on 127.0.0.1 port 0 that records every request, applies injected faults in order, and hands
 * the rest to the vendor's handler. The vendor files own the documented shapes; this file owns none.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedProviderRequest {
  method: string;
  path: string;
  /** Last value of each parameter. */
  query: Record<string, string>;
  /** Every value (repeated parameters such as `person_titles[]`). */
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export type ProviderFault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'not-json' }
  | { kind: 'drop-connection' }
  /** A 200 whose body the vendor file builds (e.g. DataForSEO's status codes inside HTTP 200). */
  | { kind: 'body'; body: unknown; headers?: Record<string, string> };

export interface FaultMatch {
  method?: string;
  pathPrefix?: string;
}

export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeProviderServer {
  readonly baseURL: string;
  readonly requests: RecordedProviderRequest[];
  /** Faults for the next matching requests, one each, in order (`times` copies). */
  injectFault(fault: ProviderFault, match?: FaultMatch, times?: number): void;
  close(): Promise<void>;
}

export async function startProviderFake(handle: (req: RecordedProviderRequest) => FakeReply | Promise<FakeReply>): Promise<FakeProviderServer> {
  const requests: RecordedProviderRequest[] = [];
  const faults: Array<{ fault: ProviderFault } & FaultMatch> = [];

  const takeFault = (method: string, path: string): ProviderFault | null => {
    const index = faults.findIndex((f) => (!f.method || f.method === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    return index < 0 ? null : (faults.splice(index, 1)[0]?.fault ?? null);
  };

  const send = (res: ServerResponse, reply: FakeReply) => {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? (JSON.parse(raw) as unknown) : undefined;
    } catch {
      body = raw; // recorded as text: the adapter sent something that is not JSON
    }
    const method = req.method ?? 'GET';
    const recorded: RecordedProviderRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      params: url.searchParams,
      headers: req.headers,
      body,
    };
    requests.push(recorded);

    let fault = takeFault(method, url.pathname);
    while (fault?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault && fault.kind === 'delay' ? fault.ms : 0));
      if (res.destroyed) return;
      fault = takeFault(method, url.pathname);
    }
    if (fault?.kind === 'drop-connection') return void req.socket.destroy();
    if (fault?.kind === 'status') return send(res, { status: fault.status, body: fault.body ?? { error: `fake ${fault.status}` }, ...(fault.headers ? { headers: fault.headers } : {}) });
    if (fault?.kind === 'body') return send(res, { status: 200, body: fault.body, ...(fault.headers ? { headers: fault.headers } : {}) });
    if (fault?.kind === 'not-json') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html>gateway</html>');
    }
    send(res, await handle(recorded));
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    injectFault(fault, match = {}, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push({ fault, ...match });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
